import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
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
      const said = run.stdout.split('\n').filter((line) => /^ {2}\d+:\d+ /.test(line)).map((line) => line.trim().replace(/ {2,}/g, ' '))
      expect(said).toEqual([
        '4:14 错误 `title` 的值里有 `: `，YAML 会把它当成另一个键的开始；请用双引号把整个值括起来：`title: "App 闪退: 打开后立即退出"` yaml-syntax',
        '5:26 错误 `summary` 的值里有 `#`：YAML 把 `# 法务确认前不要改` 当成注释，所以 `summary` 只剩 `按顺序完成这几步即可注销账户。`；请用双引号把整个值括起来：`summary: "按顺序完成这几步即可注销账户。 # 法务确认前不要改"` yaml-comment-in-value',
        '6:7 错误 `tags` 应该是列表，这里写的是文本 `【注销, 账户】` schema-type',
        '6:7 错误 `tags` 的值用了全角括号 `【`，列表要用半角方括号和半角逗号，例如 `tags: [注销, 账户]` yaml-fullwidth-punctuation',
        '6:7 错误 `status` 后面用了全角冒号 `：`，YAML 需要半角冒号加一个空格：`status: published` yaml-fullwidth-punctuation',
        '6:10 错误 列表里用了全角逗号 `，`，YAML 会把 `注销，账户、安全` 当成一项；各项之间要用半角逗号：`[注销, 账户, 安全]` yaml-fullwidth-punctuation',
        '4:7 错误 `title:` 后面用了全角空格，YAML 需要半角空格：`title: 注销账户的步骤` yaml-fullwidth-punctuation',
        '4:20 错误 `title` 的值里有 `#`：YAML 把 `#TRC20 网络` 当成注释，所以 `title` 只剩 `充值 USDT 未到账`；请用双引号把整个值括起来：`title: "充值 USDT 未到账 #TRC20 网络"` yaml-comment-in-value',
        '6:7 错误 `status:published` 的冒号后面缺少空格，应写成 `status: published` yaml-syntax'
      ])
      // The same places as the English report, which test/fixtures/editor-yaml/expected.json holds.
      const expected = JSON.parse(await readFile(path.join(fixturesRoot, 'editor-yaml/expected.json'), 'utf8')) as { report: { diagnostics: { line: number; column: number; ruleId: string }[] } }
      expect(said.map((line) => line.split(' ')[0])).toEqual(expected.report.diagnostics.map((item) => `${item.line}:${item.column}`))
    } finally {
      await cleanup()
    }
  })
})

/** The problems of a text report as `file:line:column message ruleId`, the way an editor finds each one. */
function problemsOf(stdout: string): string[] {
  const problems: string[] = []
  let file = ''
  for (const line of stdout.split('\n')) {
    if (/^\S/.test(line)) file = line
    const problem = /^ {2}(\d+:\d+) +(?:错误|警告) (.*?) {2}([a-z0-9-]+)$/.exec(line)
    if (problem) problems.push(`${file}:${problem[1]} ${problem[2]} ${problem[3]}`)
  }
  return problems
}

async function checkInChinese(fixture: string, prepare?: (root: string) => Promise<void>, command = 'check'): Promise<string[]> {
  const { root, cleanup } = await layOutFixture(fixture)
  try {
    await prepare?.(root)
    return problemsOf((await runKb([command, '--root', root, '--lang', 'zh-CN', '--no-cache'], { env: english })).stdout)
  } finally {
    await cleanup()
  }
}

describe('every kind of problem in Chinese, at its place', () => {
  it.each([
    [
      'cross-entry',
      [
        'content/en/account/orphan.md:2:5 译文 `orphan` 没有 zh-CN 原文；原文应在 `content/zh-CN/account/orphan.md` translation-orphan',
        'content/en/account/source.md:8:10 译文已过时：译文的更新日期是 2026-11-01，而原文 `content/zh-CN/account/source.md` 在 2026-11-20 更新过 translation-outdated',
        'content/en/security/draft-one.md:6:11 分类写的是 `security`，应与原文 `content/zh-CN/account/draft-one.md` 一样写 `account` translation-category',
        'content/zh-CN/account/dup-b.md:2:5 id `same-id` 已经被 `content/zh-CN/account/dup-a.md` 用过了；同一语言下，每篇文章的 id 都不能重复 duplicate-id',
        'content/zh-CN/account/placement.md:9:9 文章在 `zh-CN` 文件夹里，`locale` 却写成了 `en`，应为 `zh-CN` entry-locale-mismatch',
        'content/zh-CN/account/source.md:9:11 `related` 里写了这篇文章自己的 id `source`，这里只应列出其他文章 related-self',
        'content/zh-CN/account/source.md:9:32 相关文章 `draft-one` 的状态是 `draft`，还没有发布；这里应写已发布的文章 link-unpublished',
        'content/zh-CN/account/source.md:16:28 `./draft-one.md#没有` 里的锚点 `#没有` 不存在。可用的有：`#操作步骤` link-missing-anchor',
        'content/zh-CN/account/unknown-category.md:6:11 没有 `billing` 这个分类，应是以下之一：`account`、`security` entry-category-unknown'
      ]
    ],
    [
      'sections',
      [
        'content/zh-CN/account/duplicate-section.md:25:1 `## 症状` 部分出现了第二次，每个部分只能有一个 section-duplicate',
        'content/zh-CN/account/empty-section.md:11:1 `## 症状` 部分是空的，标题下面要写内容 schema-length',
        'content/zh-CN/account/missing-sections.md:3:7 缺少 `## 原因` 部分（causes），troubleshooting 类型的文章必须有这一部分 schema-required',
        'content/zh-CN/account/shapes.md:11:1 `# 不该有的一级标题` 是一级标题，这里应该用 `##`：文章标题来自文件头 heading-level',
        'content/zh-CN/account/shapes.md:19:1 `## 开始之前` 里有普通列表项，应写成任务列表项，例如 `- [ ] 不是任务项` section-shape',
        'content/zh-CN/account/shapes.md:32:1 `## 解决步骤` 里用了无序列表，这里应写编号步骤（`1. …`） section-shape',
        'content/zh-CN/account/unknown-heading.md:11:1 没有 `## 症壮` 这个部分标题，你是不是想写 `## 症状`？zh-CN 文章可以用的部分标题：`症状`、`开始之前`、`原因`、`解决步骤`、`联系客服`、`注意事项`、`常见问题` section-unknown'
      ]
    ],
    [
      'frontmatter-schema',
      [
        'content/zh-CN/account/bad-pattern.md:9:11 `related` 的第 1 项只能用小写字母、数字和单个连字符，例如 `reset-2fa`，这里写的是 `Close_Account` schema-pattern',
        'content/zh-CN/account/bad-type.md:9:7 `tags` 应该是列表，这里写的是文本 `注销` schema-type',
        'content/zh-CN/account/bad-length.md:5:10 `summary` 太短（2 个字符），至少要 10 个字符 schema-length',
        'content/zh-CN/account/nested-type.md:11:5 `platforms` 的第 2 项只能是 `web`、`ios`、`android`、`desktop`、`api` 之一，这里写的是一组键 schema-enum'
      ]
    ],
    [
      'yaml',
      [
        'content/zh-CN/account/duplicate-key.md:8:1 键 `status` 重复了，每个键只能写一次 yaml-duplicate-key',
        'content/zh-CN/account/javascript.md:1:1 文件头用的是 `js`，应该用 YAML：文件头永远不会被执行 frontmatter-language',
        'content/zh-CN/account/syntax.md:8:20 YAML 写法有误：双引号没有配对，值以 `"` 开始，却没有结束的 `"` yaml-syntax',
        'content/zh-CN/account/unclosed.md:1:1 文件头没有结束：请在文件头的末尾加一行 `---` frontmatter-unclosed'
      ]
    ],
    [
      'seed-article',
      [
        'content/zh-CN/account/close-account.md:26:10 `https://www.binance.com/join?ref=BTC45` 里有推荐参数 `ref=BTC45`，请改用不带推荐码或返佣码的链接 referral',
        'content/zh-CN/account/close-account.md:30:13 这里说 `www.firgrouxywebb.com` 是官方的，但它不是官方域名；说“官方”的链接应指向：`okx.com` false-official-claim',
        'content/zh-CN/account/close-account.md:32:13 直接从 `static.dejiz.com` 下载 `android_34978585.apk`，应改为链接官方应用商店页面或已配置的下载主机 download',
        'content/zh-CN/account/close-account.md:34:12 `binancezc.top` 仿冒了 `binance.com`（把名称 `binance` 放进了别的域名），请只链接官方域名：`okx.com` lookalike-domain'
      ]
    ],
    [
      'config-invalid',
      [
        'kb.config.yaml:3:16 `defaultLocale` 写的是 `fr`，它必须是 `locales` 中的一个：`zh-CN`、`en` config-invalid',
        'kb.config.yaml:6:9 `categories` 的第 1 项的 `id` 只能用小写字母、数字和单个连字符，例如 `reset-2fa`，这里写的是 `Account` schema-pattern',
        'kb.config.yaml:9:18 `supportChannels` 的项太少，至少要 1 项 schema-length'
      ]
    ]
  ])('%s', async (fixture, expected) => {
    const problems = await checkInChinese(fixture)
    for (const line of expected) expect(problems).toContain(line)
  })

  it('says what discovery and reading found in Chinese: links out of the KB, files too large, bytes that are not text', async () => {
    const problems = await checkInChinese('files', async (root) => {
      await symlink('/etc/hostname', path.join(root, 'content/zh-CN/account/outside.md'))
      await writeFile(path.join(root, 'content/zh-CN/account/huge.md'), '---\nid: huge\n---\n' + 'x'.repeat(3 * 1024 * 1024))
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        'content/fr/account/french.md:1:1 语言文件夹 `fr` 不在 kb.config.yaml 的 `locales` 里，应是其中之一：`zh-CN`、`en` file-location',
        'content/zh-CN/account/binary.md:3:1 文件里有二进制内容（一个 NUL 字节），应该是 Markdown 文本 file-binary',
        'content/zh-CN/account/huge.md:1:1 文件有 3145745 字节，最多只能有 2097152 字节 file-too-large',
        'content/zh-CN/account/outside.md:1:1 符号链接 `content/zh-CN/account/outside.md` 指向知识库根目录以外的位置，应指向根目录内的文件 file-symlink'
      ])
    )
  })

  it('says a build’s own problems in Chinese (outputs left out without baseUrl)', async () => {
    const problems = await checkInChinese(
      'valid',
      async (root) => {
        const config = path.join(root, 'kb.config.yaml')
        await writeFile(config, (await readFile(config, 'utf8')).replace(/^baseUrl:.*\n/m, ''))
      },
      'build'
    )
    expect(problems).toEqual([expect.stringMatching(/^kb\.config\.yaml:1:1 没有设置 `baseUrl`，所以这些文件没有生成：`sitemap\.xml`、`feeds\/faq\.json`、.+；请把它设为帮助中心发布的地址 config-base-url-missing$/)])
  })

  it('says a broken config’s problems in the language it asks for with `lang`', async () => {
    const { root, cleanup } = await layOutFixture('config-invalid')
    try {
      const config = path.join(root, 'kb.config.yaml')
      await writeFile(config, `${await readFile(config, 'utf8')}lang: zh-CN\n`)
      const run = await runKb(['check', '--root', root], { env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' } })
      expect(run.code).toBe(2)
      expect(problemsOf(run.stdout)).toContain('kb.config.yaml:9:18 `supportChannels` 的项太少，至少要 1 项 schema-length')
      expect(run.stdout).toContain('个错误')
    } finally {
      await cleanup()
    }
  })
})
