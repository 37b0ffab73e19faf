import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturesRoot, layOutShippedKb, repoRoot, runKb } from '../helpers/run-kb.js'
import type { ImportedArticle } from '../../src/import/import-files.js'

/** Issue 14: `kb import` turns existing articles into structured drafts and flags every unsafe link. */
const seedArticle = path.resolve(repoRoot, '../shared/reference/seed-article.md')
const env = { SOURCE_DATE_EPOCH: '1764000000', CI: '1' }
const scratch: string[] = []

async function emptyKb(configFrom: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-import-'))
  scratch.push(root)
  await writeFile(path.join(root, 'kb.config.yaml'), await readFile(configFrom, 'utf8'))
  await mkdir(path.join(root, 'content'))
  return root
}

async function importJson(root: string, args: string[]): Promise<{ code: number | null; articles: ImportedArticle[]; stderr: string }> {
  const run = await runKb(['import', ...args, '--root', root, '--format', 'json'], { env, cwd: root })
  const parsed = JSON.parse(run.stdout || '{"articles":[]}') as { articles: ImportedArticle[] }
  return { code: run.code, articles: parsed.articles, stderr: run.stderr }
}

const headings = (text: string) => [...text.matchAll(/^(##+) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`)

beforeAll(() => {
  if (!existsSync(seedArticle)) throw new Error(`${seedArticle} is missing: the import tests read ../shared/reference from the developer machine or CI checkout`)
})
afterAll(async () => {
  for (const root of scratch) await rm(root, { recursive: true, force: true })
})

describe('kb import of the seed article', () => {
  it('maps its sections as a careful editor would and flags every referral link, the look-alike domain, the APK and the referral code', async () => {
    const root = await emptyKb(path.join(fixturesRoot, 'seed-article/kb.config.yaml'))
    const { code, articles } = await importJson(root, [seedArticle, '--locale', 'zh-CN', '--category', 'account'])
    expect(code).toBe(1)
    expect(articles).toHaveLength(1)
    const [article] = articles as [ImportedArticle]
    expect(article.shape).toBe('seed')
    expect(article.type).toBe('troubleshooting')
    expect(article.title).toBe('OKX注销账户遇到问题怎么办？常见故障排除与客服联系指南')
    expect(article.target).toMatch(/^content\/zh-CN\/account\/okx-zhu-xiao-zhang-hu[a-z-]*\.md$/)
    const text = await readFile(path.join(root, article.target ?? ''), 'utf8')
    expect(text).toMatch(/\nstatus: draft\n/)
    // Symptoms from the opening, the checklist from what to prepare, steps from the numbered preparations.
    expect(headings(text)).toEqual(['## 症状', '## 开始之前', '## 原因', '### 有待领取的奖励或福利', '### OKX Earn（理财）中的资产', '### 司法或合规冻结', '## 解决步骤', '## 联系客服', '### 优先使用App内在线客服（Live Chat）', '### 邮件支持（Email Support）', '### 准备好重要信息', '## 注意事项'])
    expect(text).toContain('- [ ] 账户UID (User ID)。')
    expect(text).toMatch(/1\. \*\*清空所有资产与法币\*\*/)
    const flagged = article.safety.map((finding) => `${finding.ruleId} ${finding.message}`)
    const expectFlag = (rule: string, what: string) => expect(flagged.some((line) => line.startsWith(rule) && line.includes(what)), `${rule} ${what} in\n${flagged.join('\n')}`).toBe(true)
    expectFlag('referral', '/join/34978585')
    expectFlag('referral', 'ref=BTC45')
    expectFlag('referral', 'ref=UMKP34DR')
    expectFlag('referral', '推荐码 34978585')
    expectFlag('lookalike-domain', 'binancezc.top')
    expectFlag('download', 'android_34978585.apk')
    expectFlag('false-official-claim', 'www.firgrouxywebb.com')
    // Every referral link the article carries is flagged, each at its own line.
    expect(article.safety.filter((finding) => finding.ruleId === 'referral' && finding.message.includes('firgrouxywebb')).map((finding) => finding.line)).toHaveLength(3)
    expect(article.check.errors).toBeGreaterThan(0)
  })

  it('with --strip-unsafe takes every flagged link and the code out, leaves the sentences with a note, and the draft passes kb check', async () => {
    const root = await emptyKb(path.join(fixturesRoot, 'seed-article/kb.config.yaml'))
    const { code, articles } = await importJson(root, [seedArticle, '--locale', 'zh-CN', '--category', 'account', '--strip-unsafe'])
    expect(code).toBe(0)
    const [article] = articles as [ImportedArticle]
    const text = await readFile(path.join(root, article.target ?? ''), 'utf8')
    for (const gone of ['firgrouxywebb', 'dejiz', 'binancezc', '34978585', 'ref=']) expect(text).not.toContain(gone)
    expect(text).toContain('比如注册欧易：（已删除：推广链接或推荐码）')
    expect(text).toContain('欧易OKX官方下载链接：（已删除：非官方下载），（手机下载）')
    expect(article.stripped.map((span) => span.ruleId).sort()).toEqual(['download', 'lookalike-domain', 'referral', 'referral', 'referral', 'referral', 'referral', 'referral'])
    const check = await runKb(['check', '--root', root, '--format', 'json'], { env })
    expect(JSON.parse(check.stdout)).toMatchObject({ summary: { errors: 0 } })
  })

  it('says it all in Chinese for a Chinese-writing editor: the mapping, every note and every finding', async () => {
    const root = await emptyKb(path.join(fixturesRoot, 'seed-article/kb.config.yaml'))
    const run = await runKb(['import', seedArticle, '--locale', 'zh-CN', '--category', 'account', '--root', root], { env: { ...env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' }, cwd: root })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('  说明      准备部分里编了号的各项成了“解决步骤”\n')
    expect(run.stdout).toContain('            原文第 63 行：`准备好重要信息` 下的列表成了“开始之前”的勾选清单\n')
    expect(run.stdout).toContain('            开头的文字成了“症状”（原文没有症状部分）\n')
    expect(run.stdout).toContain('            84:21 referral：帮助内容里不能有推荐码或邀请码，这里有 `推荐码 34978585`\n')
    expect(run.stdout).toContain('            49:13 lookalike-domain：`binancezc.top` 仿冒了 `binance.com`')
    expect(run.stdout).toMatch(/\n {2}检查 {6}kb check 有 12 个错误：referral ×6, false-official-claim ×4, download, lookalike-domain\n\nkb import：1 篇文章，1 篇写成草稿（0 篇通过 kb check），12 个安全问题\n$/)
    // Every line of the report past the file's own path says something in Chinese.
    for (const line of run.stdout.split('\n').slice(1).filter((item) => item.trim() !== '')) expect(line, line).toMatch(/[\u4e00-\u9fff]/)
  })

  it('never overwrites an entry: a second import gets the next free id and says so', async () => {
    const root = await emptyKb(path.join(fixturesRoot, 'seed-article/kb.config.yaml'))
    const first = await importJson(root, [seedArticle, '--locale', 'zh-CN', '--category', 'account'])
    const written = first.articles[0]?.target ?? ''
    const before = await readFile(path.join(root, written), 'utf8')
    const second = await importJson(root, [seedArticle, '--locale', 'zh-CN', '--category', 'account'])
    expect(second.articles[0]?.target).toBe(written.replace(/\.md$/, '-2.md'))
    expect(second.articles[0]?.idTaken).toBe(path.basename(written, '.md'))
    expect(await readFile(path.join(root, written), 'utf8')).toBe(before)
    const text = await runKb(['import', seedArticle, '--locale', 'zh-CN', '--root', root], { env, cwd: root })
    expect(text.stdout).toContain('is taken: the entry got the next free one')
    expect(text.stdout).toMatch(/kb import: 1 article, 1 written as drafts \(0 pass kb check\), 12 safety findings/)
  })
})

describe('kb import of other shapes', () => {
  it('reads a Microsoft-style Markdown article: frontmatter mapped (ms.date as MM/DD/YYYY), Symptoms/Cause/Resolution mapped, alerts as warnings, includes reported, image blocks as images', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const source = path.join(root, 'incoming/app-crash.md')
    await mkdir(path.dirname(source), { recursive: true })
    await writeFile(
      source,
      [
        '--- ',
        'title: App closes right after it opens',
        'description: The OKX app closes on start on some Android phones after an update.',
        'ms.date: 3/7/2026',
        'ms.topic: troubleshooting',
        'tags: [app, android]',
        '---',
        '# The app closes on start',
        '',
        '## Symptoms',
        '',
        'The app shows its splash screen and closes.',
        '',
        '> [!WARNING]',
        '> Do not install the app from a download link someone sends you.',
        '',
        '## Cause',
        '',
        'An outdated WebView component.',
        '',
        '## Resolution',
        '',
        '- Update Android System WebView.',
        '- Restart the phone.',
        '',
        '[!INCLUDE [support footer](../includes/footer.md)]',
        '',
        ':::image type="content" source="media/crash.png" alt-text="The app closing right after its splash screen.":::',
        '',
        '## More information',
        '',
        'Older phones are affected most.',
        ''
      ].join('\n')
    )
    const { articles } = await importJson(root, ['incoming/app-crash.md', '--locale', 'en', '--category', 'account'])
    const [article] = articles as [ImportedArticle]
    expect(article).toMatchObject({ shape: 'markdown', type: 'troubleshooting', title: 'App closes right after it opens' })
    expect(article.mapped.map((item) => `${item.heading} → ${item.section}`)).toEqual(['Symptoms → symptoms', 'Cause → causes', 'Resolution → steps', 'More information → introduction'])
    const text = await readFile(path.join(root, article.target ?? ''), 'utf8')
    expect(text).toMatch(/\nupdated: 2026-03-07\n/)
    expect(text).toMatch(/\ntags: \[app, android\]\n/)
    expect(text).toContain('summary: The OKX app closes on start on some Android phones after an update.')
    expect(headings(text)).toEqual(['### More information', '## Symptoms', '## Cause', '### An outdated WebView component', '## Resolution', '## Warnings'])
    expect(text).toContain('1. Update Android System WebView.')
    expect(text).toContain('**Warning:** Do not install the app')
    const notes = article.notes.map((note) => `${note.kind}: ${note.what}: ${note.text ?? ''}`)
    expect(notes.some((note) => note.startsWith('dropped: an include') && note.includes('../includes/footer.md'))).toBe(true)
    // The image block is a Markdown image in its place; its file is not beside the article, which is reported.
    expect(notes.some((note) => note.startsWith('unmapped: image media/crash.png was not found beside the article'))).toBe(true)
    expect(notes.some((note) => note.startsWith('frontmatter: `ms.topic` has no kb equivalent') && note.endsWith('troubleshooting'))).toBe(true)
    expect(notes.some((note) => note.includes('the first heading differs from the frontmatter title') && note.endsWith('The app closes on start'))).toBe(true)
  })

  it('reads Docusaurus and Hugo exports: slug as the id, admonitions as alerts, TOML frontmatter, shortcodes reported', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const incoming = path.join(root, 'incoming')
    await mkdir(incoming)
    await writeFile(
      path.join(incoming, 'docusaurus.md'),
      ['---', 'slug: reset-two-factor', 'title: Reset two-factor authentication', 'description: What to do when the authenticator app is lost.', 'sidebar_position: 3', '---', '', '## Before you begin', '', '- Your ID document', '', '## Steps', '', '1. Open Security.', '2. Choose Reset.', '', ':::danger Take care', '', 'Nobody from support asks for your codes.', '', ':::', '', ':::tip', 'Write down the new recovery key.', ':::', ''].join('\n')
    )
    await writeFile(
      path.join(incoming, 'hugo.md'),
      ['+++', 'title = "Deposit not credited"', 'description = "A deposit shows as confirmed on chain but not in the account."', 'date = 2026-09-14', 'tags = ["deposit", "network"]', 'weight = 10', '+++', '', '## Symptoms', '', 'The deposit is missing.', '', '## Cause', '', '### Wrong network', '', 'The transfer used another network.', '', '## Resolution', '', '1. Check the network.', '', '{{< figure src="deposit.png" caption="The deposit page" >}}', ''].join('\n')
    )
    const { articles } = await importJson(root, [incoming, '--locale', 'zh-CN'])
    const byName = new Map(articles.map((article) => [path.basename(article.source), article]))
    const docusaurus = byName.get('docusaurus.md')
    expect(docusaurus?.target).toBe('content/zh-CN/account/reset-two-factor.md')
    const first = await readFile(path.join(root, docusaurus?.target ?? ''), 'utf8')
    expect(headings(first)).toEqual(['## 开始之前', '## 解决步骤', '## 注意事项'])
    expect(first).toContain('**注意**：Take care：Nobody from support asks for your codes.')
    expect(first).toContain('> **提示**：Write down the new recovery key.')
    expect(first).not.toContain(':::')
    expect(docusaurus?.notes.some((note) => note.what === '`sidebar_position` has no kb equivalent and was not kept' && note.text === '3')).toBe(true)
    const hugo = byName.get('hugo.md')
    const second = await readFile(path.join(root, hugo?.target ?? ''), 'utf8')
    expect(second).toMatch(/\nupdated: 2026-09-14\n/)
    expect(second).toMatch(/\ntags: \[deposit, network\]\n/)
    expect(headings(second)).toEqual(['## 症状', '## 原因', '### Wrong network', '## 解决步骤'])
    expect(second).not.toContain('{{<')
    expect(hugo?.notes.some((note) => note.what.startsWith('a Hugo shortcode') && note.text?.includes('caption="The deposit page"'))).toBe(true)
    expect(hugo?.notes.some((note) => note.what === '`weight` has no kb equivalent and was not kept')).toBe(true)
  })

  it('reads tldr pages (a title, a quote, a list of examples without sections) as how-tos whose steps count on', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const pages = ['pages.zh/common/tar.md', 'pages/common/tar.md'].map((page) => path.resolve(repoRoot, '../shared/corpus/tldr', page))
    for (const page of pages) if (!existsSync(page)) throw new Error(`${page} is missing: the import tests read ../shared/corpus/tldr`)
    const zh = await importJson(root, [pages[0] ?? '', '--locale', 'zh-CN', '--category', 'account'])
    const en = await importJson(root, [pages[1] ?? '', '--locale', 'en', '--category', 'account'])
    for (const { articles } of [zh, en]) {
      const [article] = articles as [ImportedArticle]
      expect(article).toMatchObject({ type: 'howto', title: 'tar' })
      expect(article.check.errors, JSON.stringify(article.check.problems)).toBe(0)
      const text = await readFile(path.join(root, article.target ?? ''), 'utf8')
      const numbers = [...text.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]))
      expect(numbers.length).toBeGreaterThan(5)
      expect(numbers).toEqual(numbers.map((_, index) => index + 1))
    }
  })

  it('reads JavaScript frontmatter as nothing: it is never run, and the report keeps its text', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const marker = path.join(root, 'ran.txt')
    const source = path.join(root, 'js-frontmatter.md')
    await writeFile(source, `---js\nrequire('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran')\nmodule.exports = { title: 'From code' }\n---\n# A safe title\n\n## Steps\n\n1. Open the app.\n`)
    const { articles } = await importJson(root, [source, '--locale', 'en'])
    expect(existsSync(marker)).toBe(false)
    expect(articles[0]?.title).toBe('A safe title')
    expect(articles[0]?.notes.some((note) => note.what.includes('(code) was neither run nor read') && note.text?.includes('writeFileSync'))).toBe(true)
  })

  it('reads a Zendesk Help Center export: every article, its HTML body as Markdown, label names as tags and updated_at as the date', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const source = path.join(root, 'zendesk.json')
    const article = (id: number, title: string, body: string) => ({ id, title, body, locale: 'en-us', label_names: ['withdrawal'], updated_at: '2026-10-02T08:00:00Z', draft: false, html_url: `https://help.example.com/hc/articles/${id}` })
    await writeFile(
      source,
      JSON.stringify({
        articles: [
          article(1, 'Withdrawal stays pending', '<h2>Symptoms</h2><p>The withdrawal shows <code>Pending</code> for hours.</p><h2>Cause</h2><h3>Network congestion</h3><p>The chain is busy.</p><h2>Resolution</h2><ol><li>Check the network status page.</li><li>Wait one hour.</li></ol>'),
          article(2, 'Change the app language', '<p>Pick the language you read best.</p><h2>Steps</h2><ol><li>Open <strong>Settings</strong>.</li><li>Choose <em>Language</em>.</li></ol><script>alert(1)</script>')
        ],
        next_page: null
      })
    )
    const { code, articles } = await importJson(root, [source, '--locale', 'en', '--category', 'deposits-withdrawals'])
    expect(articles.map((item) => [item.source, item.type, item.check.errors])).toEqual([
      ['zendesk.json#1', 'troubleshooting', 0],
      ['zendesk.json#2', 'howto', 0]
    ])
    expect(code).toBe(0)
    const first = await readFile(path.join(root, articles[0]?.target ?? ''), 'utf8')
    expect(first).toMatch(/\ntags: \[withdrawal\]\n/)
    expect(first).toMatch(/\nupdated: 2026-10-02\n/)
    expect(headings(first)).toEqual(['## Symptoms', '## Cause', '### Network congestion', '## Resolution'])
    const second = await readFile(path.join(root, articles[1]?.target ?? ''), 'utf8')
    expect(second).toContain('1. Open **Settings**.')
    expect(second).not.toContain('alert(1)')
  })

  it('survives hostile files: a binary file and a nesting bomb are reported, an alias bomb in the frontmatter costs only the frontmatter', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    const incoming = path.join(root, 'incoming')
    await mkdir(incoming)
    await writeFile(path.join(incoming, 'binary.md'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]))
    await writeFile(path.join(incoming, 'deep.md'), `${'> '.repeat(20_000)}x\n`)
    await writeFile(path.join(incoming, 'export.json'), `{"articles":${'['.repeat(20_000)}${']'.repeat(20_000)}}`)
    const aliases = ['a: &a [x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]']
    await writeFile(path.join(incoming, 'aliases.md'), `---\n${aliases.join('\n')}\ntitle: Alias bomb\n---\n# Reset the app\n\n## Steps\n\n1. Open Settings.\n`)
    const { code, articles } = await importJson(root, [incoming, '--locale', 'zh-CN'])
    expect(code).toBe(1)
    const bySource = new Map(articles.map((article) => [article.source, article]))
    expect(bySource.get('incoming/binary.md')?.failure).toBe('a binary file, not text: nothing to import')
    expect(bySource.get('incoming/deep.md')?.failure).toMatch(/^nested too deeply to read/)
    expect(bySource.get('incoming/export.json')?.failure).toMatch(/^nested too deeply to read/)
    const bomb = bySource.get('incoming/aliases.md')
    expect(bomb?.target).toBeDefined()
    expect(bomb?.title).toBe('Reset the app')
    expect(bomb?.notes.some((note) => note.what.startsWith('frontmatter kb cannot read'))).toBe(true)
  })

  it('copies the images an article links beside it into the draft’s .assets folder, and reports the missing and the remote ones', async () => {
    const root = await emptyKb(path.join(fixturesRoot, 'kb.config.yaml'))
    const source = await mkdtemp(path.join(os.tmpdir(), 'kb-import-images-'))
    scratch.push(source)
    await mkdir(path.join(source, 'media'))
    const shot = await sharp({ create: { width: 100, height: 60, channels: 3, background: '#123456' } }).png().toBuffer()
    await writeFile(path.join(source, 'media/sign in.png'), shot)
    await writeFile(
      path.join(source, 'reset-password.md'),
      '---\ntitle: How to reset your password\ndescription: Steps to reset a forgotten password on the web.\n---\n\n## Steps\n\n1. Open the sign-in page. ![The sign-in page with Forgot password under the form](<media/sign in.png>)\n2. Fill in the reset form. ![The reset form](media/missing.png)\n3. Compare with ![the form on the help site](https://cdn.imagehost.net/form.png)\n'
    )
    const { articles } = await importJson(root, [path.join(source, 'reset-password.md'), '--locale', 'zh-CN', '--category', 'account'])
    const article = articles[0]
    const draft = await readFile(path.join(root, article?.target ?? ''), 'utf8')
    expect(draft).toContain('![The sign-in page with Forgot password under the form](how-to-reset-your-password.assets/sign-in.png)')
    expect(await readFile(path.join(root, 'content/zh-CN/account/how-to-reset-your-password.assets/sign-in.png'))).toEqual(shot)
    expect(article?.notes.filter((note) => note.what.startsWith('image')).map((note) => note.kind)).toEqual(['converted', 'unmapped', 'unmapped'])
    expect(article?.notes.map((note) => note.what)).toContainEqual(expect.stringContaining('image media/missing.png was not found beside the article'))
    expect(article?.check.problems.map((problem) => problem.ruleId)).toContain('image-external')
    // The whole KB check sees the copied image and the missing one at their places.
    const check = await runKb(['check', '--root', root, '--format', 'json'], { env })
    const rules = (JSON.parse(check.stdout) as { diagnostics: { ruleId: string; line: number }[] }).diagnostics.map((diagnostic) => diagnostic.ruleId)
    expect(rules).toContain('image-missing')
    expect(rules.filter((rule) => rule === 'image-missing')).toHaveLength(1)
  })

  it('refuses a missing --locale and an unknown --from with exit code 2', async () => {
    const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
    expect((await runKb(['import', seedArticle, '--root', root], { env })).code).toBe(2)
    expect((await runKb(['import', seedArticle, '--root', root, '--locale', 'zh-CN', '--from', 'word'], { env })).code).toBe(2)
    expect(await readdir(path.join(root, 'content'))).toEqual([])
  })
})

describe('kb import of kb’s own Markdown exports', () => {
  it('gets every shipped entry back with the same sections and items, title, summary and type', async () => {
    const shipped = await layOutShippedKb('kb-import-roundtrip-')
    scratch.push(shipped)
    expect((await runKb(['build', '--root', shipped], { env })).code).toBe(0)
    const entries = (await readdir(path.join(shipped, 'content'), { recursive: true })).filter((name) => name.endsWith('.md')).sort()
    expect(entries.length).toBeGreaterThanOrEqual(18)
    const value = (text: string, key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1]?.replace(/^"|"$/g, '')
    for (const locale of ['zh-CN', 'en']) {
      // One import per locale, of every export of it (exports sit at the page's path, with .md).
      const root = await emptyKb(path.join(repoRoot, 'kb.config.yaml'))
      const own = entries.filter((relative) => relative.startsWith(`${locale}${path.sep}`))
      const { articles } = await importJson(root, [...own.map((relative) => path.join(shipped, 'dist', relative)), '--locale', locale])
      expect(articles).toHaveLength(own.length)
      for (const [index, relative] of own.entries()) {
        const original = await readFile(path.join(shipped, 'content', relative), 'utf8')
        const imported = await readFile(path.join(root, articles[index]?.target ?? ''), 'utf8')
        expect(headings(imported), relative).toEqual(headings(original))
        for (const key of ['title', 'summary', 'type']) expect(value(imported, key), `${relative} ${key}`).toBe(value(original, key))
      }
    }
  })
})
