import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, repoRoot, runKb } from '../helpers/run-kb.js'

/** Issue 13: `kb new` writes a draft that passes kb check, under the locale's headings, with a readable id. */
let root: string
const env = { SOURCE_DATE_EPOCH: '1764000000', CI: '1' }

beforeAll(async () => {
  root = await layOutShippedKb('kb-new-')
})

afterAll(() => rm(root, { recursive: true, force: true }))

const newEntry = (args: string[], at = root) => runKb(['new', ...args, '--root', at], { env })
const check = async (at = root) => runKb(['check', '--root', at, '--format', 'json'], { env })

describe('kb new', () => {
  it('writes a Chinese troubleshooting draft with a pinyin id, the zh-CN headings and guidance that nothing renders; it passes kb check', async () => {
    const run = await newEntry(['troubleshooting', '--category', 'deposits-withdrawals', '--title', '充值 USDT 未到账'])
    expect(run.code, run.stderr).toBe(0)
    const relative = 'content/zh-CN/deposits-withdrawals/chong-zhi-usdt-wei-dao-zhang.md'
    expect(run.stdout).toBe(`${relative}\n`)
    const text = await readFile(path.join(root, relative), 'utf8')
    expect(text).toMatch(/^---\nid: chong-zhi-usdt-wei-dao-zhang\ntype: troubleshooting\ntitle: 充值 USDT 未到账\nsummary: 【待填写】.+\ncategory: deposits-withdrawals\ntags: \[\]\nstatus: draft\nupdated: 2025-11-24\n---\n/)
    expect([...text.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual(['症状', '原因', '解决步骤'])
    expect(text).toContain('<!-- 按顺序写出操作步骤')
    // Where its screenshots go, and how to link one: a comment, so no image is expected yet.
    expect(text).toContain('<!-- 截图放在本文件旁的 chong-zhi-usdt-wei-dao-zhang.assets/ 文件夹里，这样引用：![写出图片显示了什么](chong-zhi-usdt-wei-dao-zhang.assets/截图.png)。')
    const report = JSON.parse((await check()).stdout) as { summary: { errors: number; warnings: number } }
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 })
    // A --drafts build shows it, marked as a draft; the guidance comments are not on the page.
    const out = path.join(root, 'preview')
    expect((await runKb(['build', '--drafts', '--root', root, '--out', out], { env })).code).toBe(0)
    const page = await readFile(path.join(out, 'zh-CN/deposits-withdrawals/chong-zhi-usdt-wei-dao-zhang.html'), 'utf8')
    expect(page).toContain('notice-status')
    expect(page).not.toContain('按顺序写出操作步骤')
    expect(page).not.toContain('截图放在')
  })

  it('never reuses an id: the same title again gets -2', async () => {
    const run = await newEntry(['howto', '--category', 'account', '--title', '充值 USDT 未到账'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('content/zh-CN/account/chong-zhi-usdt-wei-dao-zhang-2.md\n')
    const taken = await newEntry(['faq', '--category', 'account', '--title', '任意标题', '--id', 'close-account'])
    expect(taken.code).toBe(2)
    expect(taken.stderr).toContain('exists already')
  })

  it('writes each type with the sections that type requires, every one passing kb check', async () => {
    const run = await newEntry(['--type', 'faq', '--category', 'security', '--title', '注销后还能恢复吗', '--id', 'can-i-undo-closing'])
    expect(run.code, run.stderr).toBe(0)
    const text = await readFile(path.join(root, 'content/zh-CN/security/can-i-undo-closing.md'), 'utf8')
    expect([...text.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual(['常见问题'])
    expect(text).toContain('### 【待填写】')
    expect(JSON.parse((await check()).stdout).summary).toMatchObject({ errors: 0, warnings: 0 })
  })

  it('keeps placeholders out of published entries: each one left is an error at its place', async () => {
    const file = path.join(root, 'content/zh-CN/security/can-i-undo-closing.md')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('status: draft', 'status: published'))
    try {
      const report = JSON.parse((await check()).stdout) as { diagnostics: { file: string; line: number; column: number; ruleId: string; message: string }[] }
      const found = report.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'placeholder-text')
      const lines = text.split('\n')
      const expected = lines.flatMap((line, index) => (line.includes('【待填写】') ? [{ line: index + 1, column: line.indexOf('【待填写】') + 1 }] : []))
      expect(found.map(({ line, column }) => ({ line, column }))).toEqual(expected)
      expect(found[0]?.message).toBe('Unexpected placeholder `【待填写】` from kb new in an entry with status `published`, expected the entry\'s own text here')
    } finally {
      await writeFile(file, text)
    }
  })

  it('writes English headings and placeholders in a KB whose default locale is English', async () => {
    const english = await mkdtemp(path.join(os.tmpdir(), 'kb-new-en-'))
    try {
      const config = (await readFile(path.join(repoRoot, 'kb.config.yaml'), 'utf8')).replace(/^defaultLocale: .*$/m, 'defaultLocale: en')
      await writeFile(path.join(english, 'kb.config.yaml'), config)
      await mkdir(path.join(english, 'content'))
      const run = await newEntry(['troubleshooting', '--category', 'account', '--title', 'Account closure fails'], english)
      expect(run.code, run.stderr).toBe(0)
      const text = await readFile(path.join(english, 'content/en/account/account-closure-fails.md'), 'utf8')
      expect([...text.matchAll(/^## (.+)$/gm)].map((match) => match[1])).toEqual(['Symptoms', 'Causes', 'Steps'])
      expect(text).toContain('[To write]')
      expect(JSON.parse((await check(english)).stdout).summary).toMatchObject({ errors: 0, warnings: 0 })
    } finally {
      await rm(english, { recursive: true, force: true })
    }
  })

  it('without a terminal asks nothing: missing or wrong flags are exit 2 naming them', async () => {
    const missing = await newEntry([])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Missing --type (or the type as argument), --category, --title')
    expect((await newEntry(['guide', '--category', 'account', '--title', '标题'])).stderr).toContain('Unexpected type `guide`, expected one of troubleshooting, howto, faq')
    expect((await newEntry(['howto', '--category', 'nope', '--title', '标题'])).stderr).toContain('Unexpected category `nope`')
    const translation = await newEntry(['howto', '--category', 'account', '--title', 'Title', '--locale', 'en'])
    expect(translation.code).toBe(2)
    expect(translation.stderr).toContain('new entries start in the default locale zh-CN')
    expect((await newEntry(['howto', '--category', 'account', '--title', '标题', '--id', 'Bad_Id'])).code).toBe(2)
  })

  it('on a terminal asks for what the flags leave out, takes answers typed ahead, and cancels cleanly on Ctrl-D', () => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' })
    if (script.error) throw new Error('This test needs `script` (util-linux) for a pseudo-terminal: apt-get install -y bsdutils')
    const command = `'${process.execPath}' '${path.join(repoRoot, 'bin/kb.js')}' new --root '${root}'`
    const withoutCi = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'CI'))
    // Type 2 (howto), category 2 (security), a title, then Enter keeps the suggested id.
    const answered = spawnSync('script', ['-qfec', command, '/dev/null'], { input: '2\n2\nApp 闪退怎么办\n\n', encoding: 'utf8', env: { ...withoutCi, TERM: 'xterm' }, timeout: 60_000 })
    expect(answered.stdout).toContain('Type [troubleshooting]:')
    expect(answered.stdout).toContain('2) security')
    expect(answered.stdout).toContain('[app-shan-tui-zen-me-ban]')
    expect(answered.stdout).toContain('content/zh-CN/security/app-shan-tui-zen-me-ban.md')
    const cancelled = spawnSync('script', ['-qfec', command, '/dev/null'], { input: '1\n', encoding: 'utf8', env: { ...withoutCi, TERM: 'xterm' }, timeout: 60_000 })
    expect(cancelled.stdout).toContain('Cancelled: no entry was written')
    expect(cancelled.stdout).not.toContain('internal error')
  })
})
