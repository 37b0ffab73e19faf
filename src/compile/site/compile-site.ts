import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { x } from 'xastscript'
import { siteAssetsDirectory } from '../../load/package-files.js'
import { wellFormedFragment, wellFormedXml, xmlDeclaration } from '../well-formed-xml.js'
import { inParts } from '../in-parts.js'
import { entryPagePlace, renderEntryPage } from './entry-page.js'
import { recordKey, renderAlways, type RenderMemo } from '../render-memo.js'
import { categoryPages, homePage, notFoundPage, searchPage, tagPages } from './listing-pages.js'
import { sitePaths, tagSlugs } from './paths.js'
import { buildSearchDocuments, buildSearchIndex, searchBoost, searchFields, searchShards, storedFields, type SearchShard, type SearchTermsMemory } from './search-index.js'
import { analyzeQuery, commonWords, hanPairs, normalizeText, rankResults, scriptRuns, segmentKnown, stemWord, unitsRequired } from './search-query.js'
import { localeName } from './ui-text.js'
import { groupBy } from '../group-by.js'
import { siteUrl } from '../site-paths.js'
import { picturesInPage, type PublishedImage } from '../media-urls.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { OutputFile } from '../output-file.js'
import type { KbConfig } from '../../types/config.js'

/** The static help center: every page, the search indexes, sitemap, robots.txt and assets, each yielded by site path as it is made. */
export function* compileSite(entries: readonly ApiEntry[], config: KbConfig, memo: RenderMemo = renderAlways, images: readonly PublishedImage[] = [], searchTerms?: SearchTermsMemory): Generator<OutputFile> {
  const paths = new Set<string>()
  const sitemap: { path: string; alternates: Map<string, string> }[] = []
  function* add(page: { path: string; html: OutputFile[1] }, alternates?: Map<string, string>): Generator<OutputFile> {
    // Two pages at one path would lose one of them without a word: a bug in the paths, never in content.
    if (paths.has(page.path)) throw new Error(`Two pages at ${page.path}: the second would overwrite the first`)
    paths.add(page.path)
    if (alternates) sitemap.push({ path: page.path, alternates })
    yield [page.path, page.html]
  }
  const localesWith = (predicate: (locale: string) => boolean) => new Map(config.locales.filter(predicate).map((locale) => [locale, locale]))

  const published = entries.filter((entry) => entry.status === 'published')
  const localesWithCategory = new Map<string, Set<string>>()
  for (const entry of entries) localesWithCategory.set(entry.category.id, (localesWithCategory.get(entry.category.id) ?? new Set()).add(entry.locale))
  for (const locale of config.locales) {
    const own = entries.filter((entry) => entry.locale === locale)
    const homes = new Map(config.locales.map((other) => [other, sitePaths.home(other)]))
    yield* add(homePage(config, locale, entries), homes)
    const byCategory = groupBy(own, (entry) => [entry.category.id])
    for (const category of config.categories) {
      const inCategory = byCategory.get(category.id)
      if (!inCategory) continue
      const has = (other: string) => localesWithCategory.get(category.id)?.has(other) ?? false
      const alternates = new Map([...localesWith(has).keys()].map((other) => [other, sitePaths.category(other, category.id)]))
      for (const [index, page] of categoryPages(config, locale, category.id, inCategory, has, memo).entries()) yield* add(page, index === 0 ? alternates : new Map([[locale, page.path]]))
    }
    const byTag = groupBy(own, (entry) => entry.tags)
    const tags = tagSlugs([...byTag.keys()])
    for (const [tag, slug] of tags) for (const page of tagPages(config, locale, tag, slug, byTag.get(tag) ?? [], memo)) yield* add(page, new Map([[locale, page.path]]))
    for (const entry of own) {
      const place = entryPagePlace(entry, config)
      // Drafts (a --drafts build, kb dev) are never offered to search engines: not in the sitemap, nor in search.
      yield* add({ path: place.path, html: entryPageFile(entry, place.path, config, tags, images, memo) }, entry.status === 'published' ? place.alternates : undefined)
    }
    const shards = searchShards(published, locale)
    yield* add(searchPage(config, locale, entries, shards.length))
    yield* add(notFoundPage(config, locale, sitePaths.notFound(locale)))
    for (const shard of shards) yield* shardFiles(shard, memo, searchTerms)
  }
  yield* add(notFoundPage(config, config.defaultLocale, '404.html'))
  yield ['index.html', rootIndex(config)]
  // sitemaps.org requires absolute URLs: without baseUrl there is no sitemap (the build warns, naming it).
  if (config.baseUrl) yield* sitemapFiles(config, sitemap, sitemapLimits, memo)
  yield ['robots.txt', `User-agent: *\nAllow: /\n${config.baseUrl ? `Sitemap: ${siteUrl(config, 'sitemap.xml')}\n` : ''}`]
  for (const [name, text] of assets()) yield [sitePaths.asset(name), text]
}

/**
 * The site files that show entries' bodies, for the `changed` entries only: their pages and the search shards
 * that hold them, made as compileSite makes them. Every other file of the site reads the entries' heads
 * (title, summary, category, tags, status, dates, links to other entries) and the config, never a body, so a
 * change to bodies alone leaves it as compileSite last made it (see build/site-patch.ts; a test holds the
 * site to this).
 */
export function* siteFilesShowingBodies(entries: readonly ApiEntry[], config: KbConfig, changed: ReadonlySet<ApiEntry>, memo: RenderMemo, images: readonly PublishedImage[], searchTerms?: SearchTermsMemory): Generator<OutputFile> {
  const published = entries.filter((entry) => entry.status === 'published')
  for (const locale of config.locales) {
    const own = entries.filter((entry) => entry.locale === locale)
    const ownChanged = own.filter((entry) => changed.has(entry))
    if (ownChanged.length === 0) continue
    const tags = tagSlugs(own.flatMap((entry) => entry.tags))
    for (const entry of ownChanged) {
      const place = entryPagePlace(entry, config)
      yield [place.path, entryPageFile(entry, place.path, config, tags, images, memo)]
    }
    for (const shard of searchShards(published, locale)) if (shard.entries.some((entry) => changed.has(entry))) yield* shardFiles(shard, memo, searchTerms)
  }
}

/** An entry's page: it shows the entry's API record and the file names of its tags, and nothing else varies it. */
function entryPageFile(entry: ApiEntry, pagePath: string, config: KbConfig, tags: ReadonlyMap<string, string>, images: readonly PublishedImage[], memo: RenderMemo): OutputFile[1] {
  const inputs = [recordKey(entry), entry.tags.map((tag) => tags.get(tag))]
  return memo(pagePath, inputs, () => picturesInPage(renderEntryPage(entry, config, tags).html, entry.images.length > 0 ? images : []))
}

/** A search shard's index and stored fields: they depend on its entries' searchable and shown fields only, so one change re-renders one shard. */
function* shardFiles(shard: SearchShard, memo: RenderMemo, searchTerms: SearchTermsMemory | undefined): Generator<OutputFile> {
  const inputs = shard.entries.map(recordKey)
  yield [shard.indexPath, memo(shard.indexPath, inputs, () => buildSearchIndex(shard.entries, searchTerms))]
  yield [shard.documentsPath, memo(shard.documentsPath, inputs, () => buildSearchDocuments(shard.entries))]
}

/** `dist/index.html` sends the reader to the default locale and offers the others. */
function rootIndex(config: KbConfig): string {
  const target = sitePaths.home(config.defaultLocale)
  return (
    toHtml({
      type: 'root',
      children: [
        { type: 'doctype' },
        h('html', { lang: config.defaultLocale }, [
          h('head', [
            h('meta', { charSet: 'utf-8' }),
            h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
            h('title', config.title[config.defaultLocale] ?? config.brand),
            h('meta', { httpEquiv: 'refresh', content: `0; url=${target}` }),
            h('link', { rel: 'icon', type: 'image/svg+xml', href: sitePaths.asset('favicon.svg') }),
            h('link', { rel: 'stylesheet', href: sitePaths.asset('site.css') })
          ]),
          h('body', [
            h('main', { id: 'main' }, [
              h('h1', config.title[config.defaultLocale] ?? config.brand),
              h('ul', config.locales.map((locale) => h('li', [h('a', { href: sitePaths.home(locale), hrefLang: locale, lang: locale }, `${config.title[locale] ?? config.brand} (${localeName(locale)})`)])))
            ])
          ])
        ])
      ]
    }) + '\n'
  )
}

/** sitemaps.org's limits for one sitemap file; over them, `sitemap.xml` becomes an index of numbered parts. */
export const sitemapLimits = { urls: 50_000, bytes: 50 * 1024 * 1024 }

export function* sitemapFiles(config: Pick<KbConfig, 'baseUrl'>, pages: readonly { path: string; alternates: Map<string, string> }[], limits = sitemapLimits, memo: RenderMemo = renderAlways): Generator<OutputFile> {
  const sorted = [...pages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  // Each URL is serialized once; the files are those strings joined inside the <urlset> element.
  const render = (page: (typeof sorted)[number]) =>
    wellFormedFragment(
      x('url', [
        x('loc', siteUrl(config, page.path)),
        ...(page.alternates.size > 1 ? [...page.alternates].map(([locale, target]) => x('xhtml:link', { rel: 'alternate', hreflang: locale, href: siteUrl(config, target) })) : [])
      ])
    )
  const open = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
  const close = '</urlset>\n'
  const urlset = (part: readonly string[]) => `${xmlDeclaration}${open}${part.join('')}${close}`
  const wrapping = Buffer.byteLength(urlset([]))
  // Certainly one file (the bound below is never under the real size): kept from the last build when the
  // pages and their versions are the same, without serializing a URL.
  if (sorted.length <= limits.urls && sorted.reduce((total, page) => total + urlBytesAtMost(config, page), 0) <= limits.bytes - wrapping) {
    yield ['sitemap.xml', memo('sitemap.xml', sorted.map((page) => [page.path, page.alternates.size > 1 ? [...page.alternates] : []]), () => urlset(sorted.map(render)))]
    return
  }
  const urls = sorted.map(render)
  const parts = inParts(urls, (url) => Buffer.byteLength(url), { maxBytes: limits.bytes - wrapping, maxItems: limits.urls })
  if (parts.length === 1) {
    yield ['sitemap.xml', urlset(urls)]
    return
  }
  for (const [index, part] of parts.entries()) yield [`sitemap-${index + 1}.xml`, urlset(part)]
  yield ['sitemap.xml', wellFormedXml(x('sitemapindex', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, parts.map((_part, index) => x('sitemap', [x('loc', siteUrl(config, `sitemap-${index + 1}.xml`))]))))]
}

/**
 * More bytes than a page's <url> element can take: its markup, and each address as siteUrl makes it (a path
 * character percent-encoded takes 9 at most) with XML escaping (6 bytes a character at most).
 */
export function urlBytesAtMost(config: Pick<KbConfig, 'baseUrl'>, page: { path: string; alternates: Map<string, string> }): number {
  const address = (sitePath: string) => 6 * (config.baseUrl?.length ?? 0) + 1 + 9 * sitePath.length
  let bytes = 64 + address(page.path)
  if (page.alternates.size > 1) for (const [locale, target] of page.alternates) bytes += 64 + 6 * 3 * locale.length + address(target)
  return bytes
}

/**
 * The search functions the reader's browser runs, shipped as their own source text: the same code the build's
 * tests rank with. They call each other by name, so a bundler must keep these names (scripts/bundle-cli.ts
 * checks that it did).
 */
export const browserSearchFunctions = [normalizeText, stemWord, scriptRuns, hanPairs, segmentKnown, analyzeQuery, unitsRequired, rankResults]

/** CSS and scripts, shipped in dist/assets/: nothing is loaded from elsewhere. */
function assets(): [string, string][] {
  const read = (name: string) => readFileSync(new URL(name, siteAssetsDirectory), 'utf8')
  const require = createRequire(import.meta.url)
  const miniSearchUmd = path.join(path.dirname(require.resolve('minisearch')), '../umd/index.js')
  const miniSearch = readFileSync(miniSearchUmd, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n')
  const shared = [
    `const searchFields = ${JSON.stringify(searchFields)}`,
    `const storedFields = ${JSON.stringify(storedFields)}`,
    `const searchBoost = ${JSON.stringify(searchBoost)}`,
    `const commonWords = ${JSON.stringify(commonWords)}`,
    ...browserSearchFunctions.map((code) => code.toString())
  ].join('\n')
  return [
    ['site.css', read('site.css')],
    ['favicon.svg', read('favicon.svg')],
    ['entry.js', read('entry.js')],
    ['minisearch.js', `/* MiniSearch, MIT License, https://github.com/lucaong/minisearch */\n${miniSearch}`],
    ['search.js', `${shared}\n${read('search-ui.js')}`]
  ]
}
