import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesRoot, layOutFixture, runKb } from '../helpers/run-kb.js'

/** Issue 13: kb speaks the editor's language, chosen by --lang, the environment's locale or kb.config.yaml. */
let root: string
const english = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' }
const chinese = { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' }

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kb-language-'))
  await cp(path.join(fixturesRoot, 'editor-messages/content'), path.join(root, 'content'), { recursive: true })
  await cp(path.join(fixturesRoot, 'kb.config.yaml'), path.join(root, 'kb.config.yaml'))
})

afterAll(() => rm(root, { recursive: true, force: true }))

describe('the editor’s language', () => {
  it('in Chinese: severities, each rule’s title, what to do (once per rule) and the counts', async () => {
    const run = await runKb(['check', '--root', root, '--lang', 'zh-CN'], { env: english })
    expect(run.code).toBe(1)
    // The mistakes Chinese editors make most are said in Chinese, at the same place, with the same fix.
    expect(run.stdout).toMatch(/ {2}17:1 {5}错误 `##症状` 的 `##` 后面缺少空格，Markdown 会把它当成普通文字而不是标题；应写成 `## 症状` {2}heading-space\n {11}.+。怎么改：.+`## 症状`/)
    expect(run.stdout).toContain('  9:10     错误 `updated` 是 `2026-11-31`，这一天不存在：2026 年 11 月只有 30 天，例如 2026-11-30  schema-format')
    expect(run.stdout).toContain('  11:11    错误 没有 id 为 `two-factr` 的 zh-CN 文章，你是不是想写 `two-factor`？  related-missing')
    expect(run.stdout).toContain('  54:1     警告 `## FAQ` 是 en 的标题；zh-CN 文章里应写 `## 常见问题`  section-unknown')
    expect(run.stdout).toContain('6 个错误，1 个警告，共 4 个文件')
    expect(run.stdout).not.toContain(' error ')
    // Rule ids stay the same in every language.
    expect(run.stdout).toContain('heading-space')
  })

  it('keeps the JSON report in English whatever the language: it is for programs', async () => {
    const json = JSON.parse((await runKb(['check', '--root', root, '--format', 'json', '--lang', 'zh-CN'])).stdout) as { diagnostics: { message: string }[] }
    expect(json.diagnostics.map((diagnostic) => diagnostic.message).join('\n')).not.toMatch(/没有 id 为|缺少空格/)
    expect(Object.keys(json.diagnostics[0] ?? {})).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message'])
  })

  it('follows the environment’s locale, then kb.config.yaml, and --lang over both', async () => {
    expect((await runKb(['check', '--root', root], { env: chinese })).stdout).toContain('个错误')
    expect((await runKb(['check', '--root', root], { env: english })).stdout).toContain('6 errors, 1 warning in 4 files')
    const config = path.join(root, 'kb.config.yaml')
    const original = await readFile(config, 'utf8')
    await writeFile(config, `${original}\nlang: zh-CN\n`)
    try {
      expect((await runKb(['check', '--root', root], { env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' } })).stdout).toContain('个错误')
      expect((await runKb(['check', '--root', root, '--lang', 'en'], { env: chinese })).stdout).toContain('6 errors')
    } finally {
      await writeFile(config, original)
    }
  })

  it('explains a rule in Chinese, and refuses a language it does not speak', async () => {
    const explained = await runKb(['check', '--explain', 'yaml-fullwidth-punctuation', '--lang', 'zh-CN'])
    expect(explained.stdout).toMatch(/^yaml-fullwidth-punctuation（错误）\n {2}.+。\n {2}怎么改：.+\n {2}错误写法：status：published/)
    const french = await runKb(['check', '--root', root, '--lang', 'fr'])
    expect(french.code).toBe(2)
    expect(french.stderr).toContain('expected one of en, zh-CN')
  })
})

describe('the YAML slips of a Chinese input method, in Chinese', () => {
  it('says each one in Chinese at the same place as the English report (test/fixtures/editor-yaml)', async () => {
    const { root: fixture, cleanup } = await layOutFixture('editor-yaml')
    try {
      const run = await runKb(['check', '--root', fixture, '--lang', 'zh-CN'], { env: english })
      const said = run.stdout.split('\n').filter((line) => /^ {2}\d+:\d+ /.test(line) && !line.endsWith('schema-type')).map((line) => line.trim().replace(/ {2,}/g, ' '))
      expect(said).toEqual([
        '4:14 错误 `title` 的值里有 `: `，YAML 会把它当成另一个键的开始；请用双引号把整个值括起来：`title: "App 闪退: 打开后立即退出"` yaml-syntax',
        '5:26 错误 `summary` 的值里有 `#`：YAML 把 `# 法务确认前不要改` 当成注释，所以 `summary` 只剩 `按顺序完成这几步即可注销账户。`；请用双引号把整个值括起来：`summary: "按顺序完成这几步即可注销账户。 # 法务确认前不要改"` yaml-comment-in-value',
        '6:7 错误 `tags` 的值用了全角括号 `【`，列表要用半角方括号和半角逗号，例如 `tags: [注销, 账户]` yaml-fullwidth-punctuation',
        '6:7 错误 `status` 后面用了全角冒号 `：`，YAML 需要半角冒号加一个空格：`status: published` yaml-fullwidth-punctuation',
        '6:10 错误 列表里用了全角逗号 `，`，YAML 会把 `注销，账户、安全` 当成一项；各项之间要用半角逗号：`[注销, 账户, 安全]` yaml-fullwidth-punctuation',
        '4:7 错误 `title:` 后面用了全角空格，YAML 需要半角空格：`title: 注销账户的步骤` yaml-fullwidth-punctuation',
        '4:20 错误 `title` 的值里有 `#`：YAML 把 `#TRC20 网络` 当成注释，所以 `title` 只剩 `充值 USDT 未到账`；请用双引号把整个值括起来：`title: "充值 USDT 未到账 #TRC20 网络"` yaml-comment-in-value',
        '6:7 错误 `status:published` 的冒号后面缺少空格，应写成 `status: published` yaml-syntax'
      ])
      // The same places as the English report, which test/fixtures/editor-yaml/expected.json holds.
      const expected = JSON.parse(await readFile(path.join(fixturesRoot, 'editor-yaml/expected.json'), 'utf8')) as { report: { diagnostics: { line: number; column: number; ruleId: string }[] } }
      expect(said.map((line) => line.split(' ')[0])).toEqual(expected.report.diagnostics.filter((item) => item.ruleId !== 'schema-type').map((item) => `${item.line}:${item.column}`))
    } finally {
      await cleanup()
    }
  })
})
