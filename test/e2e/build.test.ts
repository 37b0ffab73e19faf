import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'
import { treeHashes } from '../helpers/dist.js'
import type { Manifest } from '../../src/types/manifest.js'
import type { ApiEntry } from '../../src/types/api-entry.js'

let scratch: string
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-build-'))
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T
}

describe('kb build of the shipped content', () => {
  let out: string
  beforeAll(async () => {
    out = path.join(scratch, 'shipped')
    const run = await runKb(['build', '--out', out])
    expect(run.stderr).toContain('kb: wrote')
    expect(run.code).toBe(0)
  })

  it('writes every JSON file valid against the schemas it ships in dist/api/schemas/', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true })
    addFormats.default(ajv)
    const schemaDirectory = path.join(out, 'api/schemas')
    const schemas = new Map<string, string>()
    for (const name of await readdir(schemaDirectory)) {
      const schema = await readJson<{ $id: string }>(path.join(schemaDirectory, name))
      ajv.addSchema(schema)
      schemas.set(name, schema.$id)
    }
    const schemaFor = (file: string): string | undefined => {
      if (file === 'manifest.json') return 'manifest.schema.json'
      if (file.startsWith('api/entries/')) return 'entry.schema.json'
      if (file.startsWith('api/locales/')) return 'locale-index.schema.json'
      if (file.startsWith('api/schemas/')) return undefined
      return { 'api/index.json': 'index.schema.json', 'api/categories.json': 'categories.schema.json', 'api/tags.json': 'tags.schema.json' }[file]
    }
    const files = [...(await treeHashes(out)).keys()].filter((file) => file.endsWith('.json') && (file.startsWith('api/') || file === 'manifest.json'))
    let validated = 0
    for (const file of files) {
      const name = schemaFor(file)
      if (file.startsWith('api/schemas/')) continue
      expect(name, `no schema for ${file}`).toBeDefined()
      const validate = ajv.getSchema(schemas.get(name ?? '') ?? '')
      const data = await readJson<unknown>(path.join(out, file))
      expect(validate?.(data) ? [] : validate?.errors, file).toEqual([])
      validated++
    }
    // 12 zh-CN + 6 en entries, index, 2 locale indexes, categories, tags, manifest.
    expect(validated).toBe(18 + 6)
  })

  it('lists every output file in the manifest with its size and sha256', async () => {
    const manifest = await readJson<Manifest>(path.join(out, 'manifest.json'))
    const hashes = await treeHashes(out)
    hashes.delete('manifest.json')
    expect(manifest.files.map((file) => file.path)).toEqual([...hashes.keys()])
    for (const file of manifest.files) {
      expect(file.sha256).toBe(hashes.get(file.path))
      expect(file.size).toBe((await readFile(path.join(out, file.path))).length)
    }
  })

  it('compiles structured sections, rewrites entry links to pages and keeps Chinese anchors', async () => {
    const entry = await readJson<ApiEntry>(path.join(out, 'api/entries/zh-CN/close-account.json'))
    expect(entry.url).toBe('https://www.okx.com/help/kb/zh-CN/account/close-account.html')
    expect(entry.sections.symptoms?.errorMessages?.length).toBeGreaterThan(0)
    expect(entry.sections.causes?.items.length).toBeGreaterThanOrEqual(2)
    expect(entry.sections.causes?.items[0]).toMatchObject({ title: expect.any(String), anchor: expect.any(String), html: expect.stringContaining('<p>') })
    expect(entry.sections.checklist?.items.length).toBeGreaterThan(0)
    expect(entry.sections.steps?.items.length).toBeGreaterThan(0)
    expect(entry.html).toContain('<h2 id="症状">症状</h2>')
    expect(entry.html).not.toMatch(/href="[^"]*\.md/)
    expect(entry.html).toContain('href="../account/clear-small-balances.html"')
    expect(entry.translations).toEqual([{ locale: 'en', title: expect.any(String), url: 'https://www.okx.com/help/kb/en/account/close-account.html', api: 'api/entries/en/close-account.json', updated: '2026-11-20', outdated: false }])
  })
})

describe('kb build on fixture KBs', () => {
  it('is deterministic: two builds are byte-identical, and SOURCE_DATE_EPOCH is the only time', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const first = path.join(scratch, 'first')
    const second = path.join(scratch, 'second')
    expect((await runKb(['build', '--root', root, '--out', first])).code).toBe(0)
    expect((await runKb(['build', '--root', root, '--out', second])).code).toBe(0)
    expect(await treeHashes(second)).toEqual(await treeHashes(first))
    const dated = path.join(scratch, 'dated')
    expect((await runKb(['build', '--root', root, '--out', dated], { env: { SOURCE_DATE_EPOCH: '1764000000' } })).code).toBe(0)
    expect((await readJson<{ generatedAt: string }>(path.join(dated, 'api/index.json'))).generatedAt).toBe('2025-11-24T16:00:00.000Z')
    expect(await readFile(path.join(first, 'api/index.json'), 'utf8')).not.toContain('generatedAt')
    await cleanup()
  })

  it('builds only published entries unless --drafts', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const out = path.join(root, 'dist')
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    expect(existsSync(path.join(out, 'api/entries/zh-CN/close-account.json'))).toBe(true)
    expect(existsSync(path.join(out, 'api/entries/zh-CN/draft-entry.json'))).toBe(false)
    expect(await readFile(path.join(out, 'api/index.json'), 'utf8')).not.toContain('draft-entry')
    expect((await runKb(['build', '--root', root, '--drafts'])).code).toBe(0)
    expect(existsSync(path.join(out, 'api/entries/zh-CN/draft-entry.json'))).toBe(true)
    await cleanup()
  })

  it('sanitizes HTML from content and marks external links', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    // With the URL rule off, only the sanitizer stands between a `javascript:` link and the output.
    await writeFile(path.join(root, 'kb.config.yaml'), (await readFile(path.join(root, 'kb.config.yaml'), 'utf8')) + 'rules: { insecure-url: off }\n')
    const file = path.join(root, 'content/zh-CN/security/two-factor.md')
    await writeFile(
      file,
      (await readFile(file, 'utf8')) +
        '3. 不要点 [这个](javascript:alert(1)) 或 <img src=x onerror=alert(1)>，可以看 [官网](https://example.com/help)。\n\n<script>alert(1)</script>\n\n<div style="color:red" onclick="x()">内嵌 HTML</div>\n'
    )
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    const entry = await readJson<ApiEntry>(path.join(root, 'dist/api/entries/zh-CN/two-factor.json'))
    for (const html of [entry.html, entry.sections.steps?.html ?? '', ...(entry.sections.steps?.items.map((item) => item.html) ?? [])]) {
      expect(html).not.toMatch(/<script|onerror|onclick|javascript:|style=|<img|<div/i)
    }
    expect(entry.html).toContain('<a href="https://example.com/help" rel="noopener noreferrer">官网</a>')
    expect(entry.sections.steps?.items[2]?.text).toContain('不要点 这个 或')
    await cleanup()
  })

  it('writes nothing and leaves the previous output intact when the content has errors', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const out = path.join(root, 'dist')
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    const before = await treeHashes(out)
    const file = path.join(root, 'content/zh-CN/account/close-account.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace('status: published', 'status: publihsed'))
    const run = await runKb(['build', '--root', root])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('did you mean `published`?')
    expect(run.stderr).toContain('build stopped before writing anything')
    expect(await treeHashes(out)).toEqual(before)
    await cleanup()
  })

  it('scans the output: an unsafe link from config text stops the build and leaves dist/ as it was', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    const before = await treeHashes(path.join(root, 'dist'))
    const config = path.join(root, 'kb.config.yaml')
    await writeFile(config, (await readFile(config, 'utf8')).replace('name: { zh-CN: 账户, en: Account }', 'name: { zh-CN: 账户, en: Account }\n    description: { zh-CN: "福利见 https://bit.ly/3abcd" }'))
    const check = await runKb(['check', '--root', root])
    expect(check.code).toBe(0)
    const run = await runKb(['build', '--root', root, '--format', 'json'])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; ruleId: string; message: string }[] }
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: 'dist/api/categories.json', ruleId: 'unsafe-output', message: expect.stringContaining('`shortener`') }))
    expect(run.stderr).toContain('build stopped before writing anything')
    expect(await treeHashes(path.join(root, 'dist'))).toEqual(before)
    await cleanup()
  })

  it('lets an entry allow one flagged URL with a reason, in check and in the output scan', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const file = path.join(root, 'content/zh-CN/security/two-factor.md')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('updated: 2026-11-10', 'updated: 2026-11-10\nallow:\n  - url: https://bit.ly/3abcd\n    reason: 监管机构公告只以这个短链接发布') + '3. 见 [公告](https://bit.ly/3abcd)。\n')
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    await writeFile(file, text.replace('updated: 2026-11-10', 'updated: 2026-11-10\nallow:\n  - url: https://bit.ly/other\n    reason: 这一条没有用到，应当提示') + '3. 见 [公告](https://bit.ly/3abcd)。\n')
    const run = await runKb(['check', '--root', root, '--format', 'json'])
    const report = JSON.parse(run.stdout) as { diagnostics: { ruleId: string; line: number }[] }
    expect(report.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line])).toEqual([
      ['allow-unused', 10],
      ['shortener', 20]
    ])
    await cleanup()
  })

  it('refuses an output folder that would destroy sources or unrelated files', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const unrelated = path.join(root, 'notes')
    await mkdir(unrelated)
    await writeFile(path.join(unrelated, 'todo.txt'), 'mine')
    for (const out of [root, path.join(root, 'content'), path.join(root, 'content/zh-CN'), unrelated, path.dirname(root)]) {
      const run = await runKb(['build', '--root', root, '--out', out])
      expect(run.code, out).toBe(2)
    }
    expect(await readFile(path.join(unrelated, 'todo.txt'), 'utf8')).toBe('mine')
    await cleanup()
  })

  it('exits 2 on a config error, printing it with its position', async () => {
    const { root, cleanup } = await layOutFixture('config-invalid')
    const run = await runKb(['build', '--root', root])
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('kb.config.yaml\n  2:8 ')
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
    await cleanup()
  })
})
