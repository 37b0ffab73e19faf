import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesRoot, runKb } from '../helpers/run-kb.js'
import { occupy, startKbServer } from '../helpers/kb-server.js'
import { stressShapes } from '../../scripts/stress-shapes.js'

/** Issue 9: hostile input gets a diagnostic on its own file; nothing crashes (exit 3) or stalls. */

interface Report {
  diagnostics: { file: string; line: number; column: number; ruleId: string; severity: string; message: string }[]
  summary: { files: number; errors: number; warnings: number }
}

const validSource = await readFile(path.join(fixturesRoot, 'valid/content/zh-CN/account/close-account.md'), 'utf8')
const sharedConfig = await readFile(path.join(fixturesRoot, 'kb.config.yaml'), 'utf8')

/** The valid zh-CN fixture entry under another id, with `extra` appended to its body. */
function entryWith(id: string, extra: string, frontmatterExtra = ''): string {
  return validSource.replace('id: close-account', `id: ${id}${frontmatterExtra ? `\n${frontmatterExtra}` : ''}`).trimEnd() + '\n\n' + extra + '\n'
}

/** A KB with `files` and the config of the fixtures; `withValid` adds the valid fixture's entries first. */
async function layOutKb(files: Record<string, string>, configExtra = '', withValid = true): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-hardening-'))
  if (withValid) await cp(path.join(fixturesRoot, 'valid/content'), path.join(root, 'content'), { recursive: true })
  await writeFile(path.join(root, 'kb.config.yaml'), sharedConfig + configExtra)
  for (const [relative, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true })
    await writeFile(path.join(root, relative), text)
  }
  return root
}

const roots: string[] = []
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true })
})

describe('one file never takes down the KB (class 1)', () => {
  const hostile: Record<string, { text: string; rule: string }> = {
    'mailto-escape': { text: entryWith('mailto-escape', '写信给[客服](mailto:%E0%A4%A@mail-helper.net)。'), rule: 'unofficial-contact' },
    'userinfo-escape': { text: entryWith('userinfo-escape', '', 'owner: "https://%E0%A4%A@evil.example.net/"'), rule: 'lookalike-domain' },
    'bare-url-escape': { text: entryWith('bare-url-escape', '直接打开 https://files-mirror.net/%E0%A4%A/app.%61pk 下载。'), rule: 'download' },
    'hidden-installer': { text: entryWith('hidden-installer', '下载[安装包](https://files-mirror.net/%E0%A4%A/app.%61pk)。'), rule: 'download' },
    'deep-quotes': { text: entryWith('deep-quotes', '> '.repeat(3000) + '深'), rule: 'markdown-too-deep' },
    'deep-list-markers': { text: entryWith('deep-list-markers', '* '.repeat(3000) + '深'), rule: 'markdown-too-deep' },
    'deep-indented-lists': { text: entryWith('deep-indented-lists', Array.from({ length: 1400 }, (_, depth) => '  '.repeat(depth) + '- 深').join('\n')), rule: 'markdown-too-deep' },
    'lone-surrogate': { text: entryWith('lone-surrogate', '', 'owner: "a\\uD800b"'), rule: 'yaml-syntax' }
  }
  let root: string
  beforeAll(async () => {
    const files: Record<string, string> = {}
    for (const [id, { text }] of Object.entries(hostile)) files[`content/zh-CN/account/${id}.md`] = text
    root = await layOutKb(files)
    roots.push(root)
  })

  it('checks every file: each hostile one gets its own diagnostic, the valid one none', async () => {
    const run = await runKb(['check', '--format', 'json'], { cwd: root, timeoutMs: 120_000 })
    expect(run.stderr).not.toMatch(/internal error/)
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as Report
    expect(report.summary.files).toBe(Object.keys(hostile).length + 4)
    expect(report.diagnostics.filter((item) => item.file.endsWith('/close-account.md') || item.file.endsWith('/two-factor.md'))).toEqual([])
    expect(report.diagnostics.map((item) => item.ruleId)).not.toContain('internal-error')
    for (const [id, { rule }] of Object.entries(hostile)) {
      expect(report.diagnostics.filter((item) => item.file === `content/zh-CN/account/${id}.md`).map((item) => item.ruleId), id).toContain(rule)
    }
  })

  it('stops the build with the same report instead of crashing', async () => {
    const run = await runKb(['build', '--format', 'json'], { cwd: root, timeoutMs: 120_000 })
    expect(run.stderr).not.toMatch(/internal error/)
    expect(run.code).toBe(1)
  })
})

describe('pathological shapes finish, each with a clear verdict (class 2)', () => {
  // The budget is measured by `npm run stress`, never asserted here; on the code before the fix each of these
  // KBs took minutes (nested links, deep emphasis, `[x](` runs, `<<` in code blocks), past the timeout.
  const size = 100_000
  const refused = new Set(['less-than-prose', 'html-openers', 'wide-table', 'open-brackets', 'nested-links', 'unclosed-link-destinations', 'image-openers', 'emphasis-delimiters', 'deep-blockquotes', 'deep-lists', 'deep-emphasis', 'many-urls', 'many-flagged-links', 'deep-yaml', 'many-tags'])
  const overrides = 'rules:\n  insecure-url: warning\n  unofficial-contact: warning\n  referral: warning\n  lookalike-domain: warning\n'
  const entries = (accepted: boolean) =>
    Object.fromEntries(stressShapes.filter((shape) => refused.has(shape.name) !== accepted).map((shape) => [`content/zh-CN/account/${shape.name}.md`, shape.entry(size).replace('id: stress', `id: ${shape.name}`)]))

  it('refuses the shapes no entry needs with markdown-too-deep or -complex (or a schema error), and nothing else crashes', async () => {
    const root = await layOutKb(entries(false), overrides, false)
    roots.push(root)
    const run = await runKb(['check', '--format', 'json'], { cwd: root, timeoutMs: 120_000 })
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as Report
    expect(report.diagnostics.map((item) => item.ruleId)).not.toContain('internal-error')
    for (const name of refused) {
      const rules = report.diagnostics.filter((item) => item.file.endsWith(`/${name}.md`) && item.severity === 'error').map((item) => item.ruleId)
      expect(rules.length, name).toBeGreaterThan(0)
    }
  }, 180_000)

  it('builds the shapes honest content can have (code with <<, one long line, minified JSON, many headings)', async () => {
    const root = await layOutKb(entries(true), overrides, false)
    roots.push(root)
    const run = await runKb(['build'], { cwd: root, timeoutMs: 150_000 })
    expect(run.stderr).toMatch(/wrote \d+ files/)
    expect(run.code).toBe(0)
    // Code frames under the findings stay one screen wide, however long the line.
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThan(400)
  }, 180_000)
})

describe('terminal output (class 8)', () => {
  it('shows control characters from file names and content as visible escapes', async () => {
    const root = await layOutKb({
      'content/zh-CN/account/bell\u0007.md': entryWith('bell', '## 未知\u001B]0;pwned\u0007\u001B[2J 标题\n\n文字。')
    })
    roots.push(root)
    const run = await runKb(['check'], { cwd: root })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(/[\u0007\u001B]/)
    expect(run.stdout).toContain('bell\\x07.md')
    expect(run.stdout).toContain('\\x1B]0;pwned\\x07')
  })
})

describe('check and build agree (class 9)', () => {
  it('a rule turned off in kb.config.yaml is off in the output scan too', async () => {
    const root = await layOutKb({ 'content/zh-CN/account/close-account.md': validSource.replace('## 常见问题', '旧地址是 http://support.example.com/old 。\n\n## 常见问题') }, 'rules:\n  insecure-url: "off"\n')
    roots.push(root)
    const check = await runKb(['check', '--format', 'json'], { cwd: root })
    expect((JSON.parse(check.stdout) as Report).summary.errors).toBe(0)
    const build = await runKb(['build', '--format', 'json'], { cwd: root })
    expect((JSON.parse(build.stdout) as Report).diagnostics.filter((item) => item.ruleId === 'unsafe-output')).toEqual([])
    expect(build.code).toBe(0)
  })

  it('judges `/\\host` links as the browser follows them, in the check', async () => {
    const root = await layOutKb({ 'content/zh-CN/account/close-account.md': validSource.replace('## 常见问题', '请看[帮助](/\\evil.example.net/help)。\n\n## 常见问题') })
    roots.push(root)
    const run = await runKb(['check', '--format', 'json'], { cwd: root })
    const report = JSON.parse(run.stdout) as Report
    expect(report.diagnostics.map((item) => item.ruleId)).toContain('insecure-url')
    expect(report.diagnostics.find((item) => item.ruleId === 'insecure-url')?.message).toContain('evil.example.net')
  })
})

describe('kb serve (class 7)', () => {
  let root: string
  beforeAll(async () => {
    root = await layOutKb({})
    roots.push(root)
    const build = await runKb(['build'], { cwd: root })
    expect(build.code).toBe(0)
  })

  it('answers 400 to a malformed escape and keeps serving', async () => {
    const server = await startKbServer(['serve', '--port', '0'], root)
    try {
      expect((await fetch(`${server.url}%E0%A4%A`)).status).toBe(400)
      expect((await fetch(`${server.url}zh-CN/%E0%A4%A.html`)).status).toBe(400)
      expect((await fetch(server.url)).status).toBe(200)
    } finally {
      server.stop()
    }
  })

  it('exits 2 naming the port when an explicit --port is taken', async () => {
    const blocker = await occupy(0)
    try {
      const run = await runKb(['serve', '--port', String(blocker.port)], { cwd: root, timeoutMs: 20_000 })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(`--port ${blocker.port}`)
      expect(run.stderr).not.toMatch(/EADDRINUSE|\n\s+at /)
    } finally {
      blocker.server.close()
    }
  })

  it('moves to the next free port when the default one is taken, and says so', async () => {
    // The default port is 4321; if something else holds it already, this test holds nothing and still expects a move.
    const blocker = await occupy(4321).catch(() => undefined)
    try {
      const server = await startKbServer(['serve'], root)
      try {
        expect(server.stderr()).toMatch(/port 4321 is in use, serving on 43\d\d instead/)
        expect((await fetch(server.url)).status).toBe(200)
      } finally {
        server.stop()
      }
    } finally {
      blocker?.server.close()
    }
  })
})
