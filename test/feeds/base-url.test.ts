import { existsSync } from 'node:fs'
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { sitemapFiles, sitemapLimits, urlBytesAtMost } from '../../src/compile/site/compile-site.js'
import { repoRoot, runKb } from '../helpers/run-kb.js'

/** Errors a strict XML 1.0 parser with namespaces finds in a document, and the text of every `<loc>`. */
function readXml(xml: string): { errors: string[]; locs: string[]; root: string } {
  const parser = new SaxesParser({ xmlns: true })
  const errors: string[] = []
  const locs: string[] = []
  let root = ''
  let inLoc = false
  parser.on('error', (error) => errors.push(error.message))
  parser.on('opentag', (tag) => {
    root ||= tag.local
    if (tag.local !== 'loc') return
    inLoc = true
    locs.push('')
  })
  parser.on('closetag', (tag) => {
    if (tag.local === 'loc') inLoc = false
  })
  parser.on('text', (text) => {
    if (inLoc) locs[locs.length - 1] += text
  })
  parser.write(xml).close()
  return { errors, locs, root }
}

describe('a KB without baseUrl', () => {
  it('builds the shipped content without any feed or sitemap that needs absolute URLs, and warns naming each', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'kb-no-base-url-'))
    try {
      await cp(path.join(repoRoot, 'content'), path.join(root, 'content'), { recursive: true })
      const config = await readFile(path.join(repoRoot, 'kb.config.yaml'), 'utf8')
      expect(config).toMatch(/^baseUrl: https:\/\//m)
      await writeFile(path.join(root, 'kb.config.yaml'), config.replace(/^baseUrl: .*\n/m, ''))
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stderr).toBe(0)
      const report = run.stdout + run.stderr
      expect(report).toMatch(/kb\.config\.yaml\n\s+1:1\s+warning\s+Missing `baseUrl`, so these were not written: sitemap\.xml, feeds\/faq\.json, .*feeds\/<locale>\/atom\.xml; expected .*config-base-url-missing/)
      expect(report).toContain('0 errors, 1 warning')
      const dist = path.join(root, 'dist')
      for (const skipped of ['sitemap.xml', 'feeds']) expect(existsSync(path.join(dist, skipped)), skipped).toBe(false)
      expect(await readFile(path.join(dist, 'robots.txt'), 'utf8')).toBe('User-agent: *\nAllow: /\n')
      // llms.txt sits at the site root, where its site-relative links resolve to the exports beside it.
      const llms = await readFile(path.join(dist, 'llms.txt'), 'utf8')
      const links = [...llms.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1] ?? '')
      expect(links.length).toBeGreaterThan(10)
      for (const link of links) expect(existsSync(path.join(dist, decodeURIComponent(link))), link).toBe(true)
      // No page points a reader or a crawler at a file that was not written.
      for (const file of (await readdir(dist, { recursive: true })).map(String).filter((name) => name.endsWith('.html'))) {
        expect(await readFile(path.join(dist, file), 'utf8'), file).not.toMatch(/atom\.xml|feed\.json|sitemap\.xml/)
      }
      // A CI run that allows no warnings stops on it.
      expect((await runKb(['build', '--root', root, '--max-warnings', '0'])).code).toBe(1)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('the sitemap', () => {
  const config = { baseUrl: 'https://help.example.com/kb/' }
  const pages = Array.from({ length: 5 }, (_, index) => ({ path: `en/account/entry-${index}.html`, alternates: new Map([['en', `en/account/entry-${index}.html`], ['zh-CN', `zh-CN/account/entry-${index}.html`]]) }))

  it('is one file of absolute URLs while it fits the limits sitemaps.org sets', () => {
    const files = [...sitemapFiles(config, pages)]
    expect(files.map(([name]) => name)).toEqual(['sitemap.xml'])
    const { errors, locs, root } = readXml(String(files[0]?.[1] ?? ''))
    expect(errors).toEqual([])
    expect(root).toBe('urlset')
    expect(locs).toEqual(pages.map((page) => `https://help.example.com/kb/${page.path}`))
  })

  it('is kept from the last build when its pages are the same, and a bound on each URL is never under its real size', () => {
    const kept = { kept: { sha256: 'a'.repeat(64), size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 } }
    const asked: unknown[] = []
    const files = [...sitemapFiles(config, pages, sitemapLimits, (_path, inputs) => (asked.push(inputs), kept))]
    expect(files).toEqual([['sitemap.xml', kept]])
    expect(asked).toHaveLength(1)
    // Addresses that escaping and percent-encoding make longest: quotes, ampersands, apostrophes, Chinese.
    const hostile = { baseUrl: 'https://help.example.com/a&b"c\'/' }
    const odd = [{ path: "zh-CN/账户/it's-&-\"x\".html", alternates: new Map([['zh-CN', "zh-CN/账户/it's-&-\"x\".html"], ['en', "en/account/it's.html"]]) }]
    const [[, text] = ['', '']] = [...sitemapFiles(hostile, odd)]
    const urlBytes = Buffer.byteLength(String(text)) - Buffer.byteLength(String(text).replace(/<url>.*<\/url>/s, ''))
    expect(urlBytesAtMost(hostile, odd[0] as (typeof odd)[number])).toBeGreaterThanOrEqual(urlBytes)
  })

  it('becomes an index of parts past the URL or byte limit, every URL in exactly one part', () => {
    for (const limits of [{ urls: 2, bytes: 50 * 1024 * 1024 }, { urls: 50_000, bytes: 700 }]) {
      const files = new Map([...sitemapFiles(config, pages, limits)].map(([name, text]) => [name, String(text)]))
      const index = readXml(files.get('sitemap.xml') ?? '')
      expect(index.errors).toEqual([])
      expect(index.root).toBe('sitemapindex')
      const parts = index.locs.map((loc) => loc.replace('https://help.example.com/kb/', ''))
      expect(parts.length).toBeGreaterThan(1)
      expect([...files.keys()].sort()).toEqual([...parts, 'sitemap.xml'].sort())
      const urls = parts.flatMap((part) => {
        const text = files.get(part) ?? ''
        const read = readXml(text)
        expect(read.errors).toEqual([])
        expect(read.locs.length).toBeLessThanOrEqual(limits.urls)
        expect(Buffer.byteLength(text)).toBeLessThanOrEqual(limits.bytes)
        return read.locs
      })
      expect(urls).toEqual(pages.map((page) => `https://help.example.com/kb/${page.path}`))
    }
  })
})
