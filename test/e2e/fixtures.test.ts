/**
 * Runs the real CLI on every fixture KB in test/fixtures/ and compares its JSON report and exit code with
 * the fixture's expected.json. After a deliberate change, regenerate with
 * `UPDATE_FIXTURES=1 npx vitest run test/e2e/fixtures.test.ts` and review the diff: never silently.
 */
import { readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixturesRoot, layOutFixture, repoRoot, runKb } from '../helpers/run-kb.js'

const update = process.env['UPDATE_FIXTURES'] === '1'

/** Inputs that cannot live in git as they are: links leaving the KB and very large files. */
const setups: Record<string, (root: string) => Promise<void>> = {
  files: async (root) => {
    await symlink('/etc/hostname', path.join(root, 'content/zh-CN/account/outside.md'))
    await symlink('/etc', path.join(root, 'content/zh-CN/outside-folder'))
    await writeFile(path.join(root, 'content/zh-CN/account/huge.md'), '---\nid: huge\n---\n' + 'x'.repeat(3 * 1024 * 1024))
  },
  // A screenshot over the fixture's images.maxBytes (10,000): a PNG signature and 20 KB after it.
  images: async (root) => {
    await writeFile(path.join(root, 'content/zh-CN/security/two-factor.assets/huge.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20_000)]))
  }
}

const cases = readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe('kb check on fixture KBs', () => {
  it.each(cases)('%s', async (name) => {
    const { root, cleanup } = await layOutFixture(name)
    try {
      await setups[name]?.(root)
      const run = await runKb(['check', '--root', root, '--format', 'json'])
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /)
      // `---js` frontmatter in the yaml fixture would write PWNED if anything evaluated it.
      expect(existsSync(path.join(root, 'PWNED'))).toBe(false)
      expect(existsSync(path.join(repoRoot, 'PWNED'))).toBe(false)
      const actual = { exitCode: run.code, report: run.stdout.trim() === '' ? null : (JSON.parse(run.stdout) as unknown) }
      const expectedPath = path.join(fixturesRoot, name, 'expected.json')
      if (update || !existsSync(expectedPath)) {
        if (!update) throw new Error(`${expectedPath} is missing: run UPDATE_FIXTURES=1 npx vitest run test/e2e/fixtures.test.ts and review it`)
        writeFileSync(expectedPath, JSON.stringify(actual, null, 2) + '\n')
      }
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')))
    } finally {
      await cleanup()
    }
  })
})

/**
 * The same fixtures as an editor reading in Chinese sees them: every problem of the expected report, each
 * said in a Chinese sentence (not only its severity): an English sentence in a Chinese report fails here.
 */
describe('kb check --lang zh-CN on fixture KBs', () => {
  it.each(cases)('%s', async (name) => {
    const { root, cleanup } = await layOutFixture(name)
    try {
      await setups[name]?.(root)
      const run = await runKb(['check', '--root', root, '--lang', 'zh-CN'])
      const expected = JSON.parse(readFileSync(path.join(fixturesRoot, name, 'expected.json'), 'utf8')) as { report: { diagnostics: unknown[] } | null }
      const problems = run.stdout.split('\n').filter((line) => /^ {2}\d+:\d+ /.test(line))
      expect(problems).toHaveLength(expected.report?.diagnostics.length ?? 0)
      const english = problems.filter((line) => !/^ {2}\d+:\d+ +(?:错误|警告) (.*\p{Script=Han}.*) {2}[a-z0-9-]+$/u.test(line))
      expect(english).toEqual([])
    } finally {
      await cleanup()
    }
  })
})
