import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'

let scratch: string
let out: string
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-site-files-'))
  out = path.join(scratch, 'dist')
  const run = await runKb(['build', '--out', out])
  expect(run.code, run.stdout + run.stderr).toBe(0)
})
afterAll(() => rm(scratch, { recursive: true, force: true }))

async function htmlFiles(): Promise<string[]> {
  return (await readdir(out, { recursive: true })).map(String).filter((file) => file.endsWith('.html')).sort()
}

/** Every href and src in a page, resolved against the page's path; external URLs are kept as they are. */
function references(page: string, html: string): { raw: string; target: string }[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => {
    const raw = (match[1] ?? '').replace(/&#x26;|&amp;/g, '&')
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) return { raw, target: raw }
    const withoutHash = raw.split('#')[0]?.split('?')[0] ?? ''
    return { raw, target: withoutHash === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(withoutHash))) }
  })
}

describe('the built help center', () => {
  it('has every page kind per locale, a root page that redirects, sitemap.xml and robots.txt', async () => {
    for (const locale of ['zh-CN', 'en']) {
      for (const page of ['index.html', 'search.html', '404.html', 'account/index.html', 'account/close-account.html']) expect(existsSync(path.join(out, locale, page)), `${locale}/${page}`).toBe(true)
    }
    expect(existsSync(path.join(out, 'zh-CN/tags/注销.html'))).toBe(true)
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('<meta http-equiv="refresh" content="0; url=zh-CN/index.html">')
    const sitemap = await readFile(path.join(out, 'sitemap.xml'), 'utf8')
    // The shipped config sets baseUrl: the sitemap's URLs are absolute, as sitemaps.org requires.
    expect(sitemap).toContain('<loc>https://www.okx.com/help/kb/zh-CN/account/close-account.html</loc><xhtml:link rel="alternate" hreflang="zh-CN" href="https://www.okx.com/help/kb/zh-CN/account/close-account.html" /><xhtml:link rel="alternate" hreflang="en" href="https://www.okx.com/help/kb/en/account/close-account.html" /></url>')
    expect(await readFile(path.join(out, 'robots.txt'), 'utf8')).toBe('User-agent: *\nAllow: /\nSitemap: https://www.okx.com/help/kb/sitemap.xml\n')
  })

  it('resolves every href and src to a file in dist/ or an external URL, and loads nothing from elsewhere', async () => {
    const broken: string[] = []
    for (const page of await htmlFiles()) {
      const written = await readFile(path.join(out, page), 'utf8')
      // Only the 404 pages, which hosts serve at any path, say where their links start from: their own folder.
      const base = /<base href="([^"]*)">/.exec(written)?.[1]
      expect(base, page).toBe(page.endsWith('404.html') ? `/help/kb/${page.replace(/404\.html$/, '')}` : undefined)
      const html = written.replace(/<base href="[^"]*">/, '')
      for (const { raw, target } of references(page, html)) {
        if (/^(https:|mailto:|tel:)/.test(target)) continue
        if (!existsSync(path.join(out, target))) broken.push(`${page}: ${raw}`)
      }
      // Stylesheets, scripts, icons and images come from dist/ itself.
      for (const match of html.matchAll(/<(?:link|script|img)\b[^>]*\s(?:href|src)="(https?:[^"]*)"/g)) {
        if (!/rel="(canonical|alternate)"/.test(match[0])) broken.push(`${page}: external resource ${match[1]}`)
      }
    }
    expect(broken.slice(0, 10)).toEqual([])
  })

  it('keeps an entry page under 60 KB with its CSS and JavaScript (the search index aside)', async () => {
    for (const page of ['zh-CN/account/close-account.html', 'en/api/api-key-errors.html', 'zh-CN/security/reset-2fa.html']) {
      const html = await readFile(path.join(out, page), 'utf8')
      let bytes = Buffer.byteLength(html)
      for (const match of html.matchAll(/<(?:link rel="stylesheet"|script)[^>]*\s(?:href|src)="([^"]+)"/g)) {
        bytes += (await readFile(path.join(out, path.posix.dirname(page), match[1] ?? ''))).length
      }
      expect(bytes, page).toBeLessThan(60 * 1024)
    }
  })

  it('gives every page its language, description, canonical URL, alternates, Open Graph and JSON-LD', async () => {
    const html = await readFile(path.join(out, 'zh-CN/account/close-account.html'), 'utf8')
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toMatch(/<meta name="description" content="[^"]{10,}">/)
    expect(html).toContain('<link rel="canonical" href="https://www.okx.com/help/kb/zh-CN/account/close-account.html">')
    expect(html).toContain('<link rel="alternate" hreflang="en" href="https://www.okx.com/help/kb/en/account/close-account.html">')
    expect(html).toContain('<meta property="og:title" content="注销账户失败怎么办">')
    const jsonLd = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((match) => JSON.parse(match[1] ?? '') as { '@type': string })
    expect(jsonLd.map((data) => data['@type'])).toEqual(['TechArticle', 'FAQPage', 'BreadcrumbList'])
    const howto = await readFile(path.join(out, 'zh-CN/account/contact-support.html'), 'utf8')
    expect(howto).toContain('"@type":"HowTo"')
    for (const page of await htmlFiles()) expect(await readFile(path.join(out, page), 'utf8'), page).toMatch(/^<!doctype html><html lang="(zh-CN|en)">/)
    expect(await readFile(path.join(out, 'zh-CN/account/index.html'), 'utf8')).toContain('"@type":"BreadcrumbList"')
  })

  it('renders the structure of an entry: error messages, checklist, causes, steps, official contacts, warnings, FAQ', async () => {
    const html = await readFile(path.join(out, 'zh-CN/account/close-account.html'), 'utf8')
    expect(html).toContain('<figure class="error-message"><figcaption>错误提示</figcaption><pre><code>存在未完成的事务</code></pre></figure>')
    expect(html).toMatch(/<input type="checkbox" id="check-1" data-check-key="zh-CN\/close-account#[0-9a-z]+"><label for="check-1">/)
    expect(html.match(/<section class="cause"/g)?.length).toBe(5)
    expect(html).toContain('<a href="mailto:support@okx.com">邮件支持：support@okx.com</a>')
    expect(html).toContain('<aside class="callout warnings"')
    expect(html).toContain('<h2 id="常见问题">常见问题</h2>')
  })

  it('escapes content by construction and makes URLs absolute under baseUrl', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const file = path.join(root, 'content/zh-CN/account/close-account.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: 注销账户失败', 'title: "注销 <script>alert(1)</script> & \\"引号\\""'))
    const config = path.join(root, 'kb.config.yaml')
    await writeFile(config, (await readFile(config, 'utf8')).replace(/^baseUrl: .*$/m, 'baseUrl: https://help.example.com/kb/'))
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    const html = await readFile(path.join(root, 'dist/zh-CN/account/close-account.html'), 'utf8')
    expect(html).toContain('<h1>注销 &#x3C;script>alert(1)&#x3C;/script> &#x26; "引号"</h1>')
    // Outside attribute values (where `<` is inert), the markup holds no script from content.
    expect(html.replace(/="[^"]*"/g, '=""')).not.toContain('<script>alert(1)')
    expect(html).toContain('"headline":"注销 \\u003cscript>alert(1)\\u003c/script> & \\"引号\\""')
    expect(html).toContain('<link rel="canonical" href="https://help.example.com/kb/zh-CN/account/close-account.html">')
    // Links between pages stay relative under a baseUrl with a sub-path, and resolve.
    const page = 'zh-CN/account/close-account.html'
    const internal = references(page, html).filter(({ target }) => !/^(https:|mailto:|tel:)/.test(target))
    expect(internal.map(({ raw }) => raw)).toContain('../security/two-factor.html')
    expect(internal.map(({ raw }) => raw)).toContain('../../en/account/close-account.html')
    for (const { raw, target } of internal) expect(existsSync(path.join(root, 'dist', target)), raw).toBe(true)
    expect(await readFile(path.join(root, 'dist/robots.txt'), 'utf8')).toContain('Sitemap: https://help.example.com/kb/sitemap.xml')
    // Absolute URLs to a section keep their `#`: each FAQ answer's and chunk's link lands on its heading.
    const faq = JSON.parse(await readFile(path.join(root, 'dist/feeds/zh-CN/faq.json'), 'utf8')) as { pairs: { url: string }[] }
    const chunks = (await readFile(path.join(root, 'dist/feeds/chunks.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { url: string })
    const sectionUrls = [...faq.pairs, ...chunks].map((item) => item.url).filter((url) => url.includes('#'))
    expect(sectionUrls.length).toBeGreaterThan(3)
    for (const url of sectionUrls) {
      const parsed = new URL(url)
      expect(url).not.toContain('%23')
      const target = await readFile(path.join(root, 'dist', decodeURIComponent(parsed.pathname.replace(/^\/kb\//, ''))), 'utf8')
      expect(target, url).toContain(` id="${decodeURIComponent(parsed.hash.slice(1))}"`)
    }
    // Links inside feed content are absolute: read away from the site, a relative one resolves against the feed.
    const absoluteLink = 'href="https://help.example.com/kb/zh-CN/security/two-factor.html#'
    expect(await readFile(path.join(root, 'dist/feeds/zh-CN/atom.xml'), 'utf8')).toContain(absoluteLink)
    expect(JSON.parse(await readFile(path.join(root, 'dist/feeds/zh-CN/feed.json'), 'utf8')).items.find((item: { id: string }) => item.id.endsWith('/close-account'))?.content_html).toContain(absoluteLink)
    const zendeskBody = (JSON.parse(await readFile(path.join(root, 'dist/feeds/zendesk/close-account.zh-CN.json'), 'utf8')) as { article: { body: string } }).article.body
    expect(zendeskBody).toContain(absoluteLink)
    expect(zendeskBody).not.toMatch(/href="\.\.?\//)
    await cleanup()
  })
})
