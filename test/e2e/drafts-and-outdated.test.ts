import { existsSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, runKb } from '../helpers/run-kb.js'

/**
 * Issue 13: a --drafts build (and kb dev) marks drafts for what they are and keeps them from search engines
 * and search; a translation older than its source says so to its own readers, in their language.
 */
let root: string
const draft = 'content/zh-CN/account/close-account-draft.md'

beforeAll(async () => {
  root = await layOutShippedKb('kb-drafts-')
  const source = await readFile(path.join(root, 'content/zh-CN/account/close-account.md'), 'utf8')
  await writeFile(path.join(root, draft), source.replace(/^id: .*$/m, 'id: close-account-draft').replace(/^title: .*$/m, 'title: 注销账户（新版草稿）').replace('status: published', 'status: draft'))
  // The Chinese source of reset-2fa changes after its English translation was last updated.
  const zh = path.join(root, 'content/zh-CN/security/reset-2fa.md')
  await writeFile(zh, (await readFile(zh, 'utf8')).replace(/^updated: .*$/m, 'updated: 2026-11-25'))
})

afterAll(() => rm(root, { recursive: true, force: true }))

const read = (out: string, relative: string) => readFile(path.join(out, relative), 'utf8')

describe('a --drafts build', () => {
  it('marks a draft page with a notice and noindex, and keeps it out of the sitemap, search and feeds', async () => {
    const out = path.join(root, 'with-drafts')
    const run = await runKb(['build', '--drafts', '--out', out, '--root', root])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    const page = await read(out, 'zh-CN/account/close-account-draft.html')
    expect(page).toContain('<p class="notice notice-status" role="note">草稿：尚未发布，读者看不到此页面，仅供预览。</p>')
    expect(page).toContain('<meta name="robots" content="noindex">')
    const published = await read(out, 'zh-CN/account/close-account.html')
    expect(published).not.toContain('noindex')
    expect(published).not.toContain('notice-status')
    expect(await read(out, 'sitemap.xml')).not.toContain('close-account-draft')
    expect(await read(out, 'sitemap.xml')).toContain('zh-CN/account/close-account.html')
    for (const file of await readdir(path.join(out, 'zh-CN/search-index'))) expect(await read(out, `zh-CN/search-index/${file}`), file).not.toContain('close-account-draft')
    for (const feed of ['faq.json', 'feed.json', 'llms.txt']) {
      const files = (await readdir(out, { recursive: true })).map(String).filter((file) => file.endsWith(feed))
      expect(files.length, feed).toBeGreaterThan(0)
      for (const file of files) expect(await read(out, file), file).not.toContain('close-account-draft')
    }
  })

  it('without --drafts, builds no draft page at all', async () => {
    const out = path.join(root, 'published')
    const run = await runKb(['build', '--out', out, '--root', root])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(existsSync(path.join(out, 'zh-CN/account/close-account-draft.html'))).toBe(false)
  })
})

describe('an outdated translation', () => {
  it('tells its readers, in their language, when the source changed, and links to the source', async () => {
    const out = path.join(root, 'outdated')
    const run = await runKb(['build', '--out', out, '--root', root])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toContain('translation-outdated')
    const page = await read(out, 'en/security/reset-2fa.html')
    expect(page).toMatch(/<p class="notice notice-outdated" role="note">This translation may be outdated: the 中文（中国） original has changed since it was translated \(updated 2026-11-25\)\. <a href="\.\.\/\.\.\/zh-CN\/security\/reset-2fa\.html" hreflang="zh-CN" lang="zh-CN">[^<]+<\/a><\/p>/)
    // The source's own page and an up-to-date translation carry no such notice.
    expect(await read(out, 'zh-CN/security/reset-2fa.html')).not.toContain('notice-outdated')
    expect(await read(out, 'en/account/close-account.html')).not.toContain('notice-outdated')
    const api = JSON.parse(await read(out, 'api/entries/en/reset-2fa.json')) as { translations: { locale: string; updated: string }[] }
    expect(api.translations).toEqual([expect.objectContaining({ locale: 'zh-CN', updated: '2026-11-25' })])
  })
})
