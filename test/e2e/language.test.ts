import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesRoot, runKb } from '../helpers/run-kb.js'

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
