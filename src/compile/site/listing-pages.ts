import { h } from 'hastscript'
import type { ElementContent } from 'hast'
import { renderPage } from './layout.js'
import { relativeHref, sitePaths } from './paths.js'
import { brandWords, shippedSynonyms } from './search-index.js'
import { supportChannelItems } from './entry-page.js'
import { uiText } from './ui-text.js'
import { byNewest, newestOf } from '../api/indexes.js'
import { groupBy } from '../group-by.js'
import { entryPagePath, sitePathPrefix } from '../site-paths.js'
import { renderAlways, type RenderMemo } from '../render-memo.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { OutputFile } from '../output-file.js'

export interface SitePage {
  path: string
  html: string
}

/** A page that may be kept from the last build (see RenderMemo) instead of rendered. */
export interface MemoPage {
  path: string
  html: OutputFile[1]
}

function entryList(entries: readonly ApiEntry[], fromPage: string): ElementContent {
  return h(
    'ul',
    { className: ['entry-list'] },
    entries.map((entry) =>
      h('li', [
        h('a', { href: relativeHref(fromPage, entryPagePath(entry.locale, entry.category.id, entry.id)) }, entry.title),
        h('p', entry.summary),
        h('p', { className: ['entry-meta'] }, [uiText(entry.locale).updated + ' ', h('time', { dateTime: entry.updated }, entry.updated)])
      ])
    )
  )
}

/** The same page kind in every other locale that has it, for hreflang and the locale switcher. */
function everyLocale(config: KbConfig, pathFor: (locale: string) => string, has: (locale: string) => boolean = () => true): Map<string, string> {
  return new Map(config.locales.filter(has).map((locale) => [locale, pathFor(locale)]))
}

export function homePage(config: KbConfig, locale: string, entries: readonly ApiEntry[]): SitePage {
  const text = uiText(locale)
  const path = sitePaths.home(locale)
  const own = entries.filter((entry) => entry.locale === locale)
  const byCategory = groupBy(own, (entry) => entry.category.id)
  const title = config.title[locale] ?? config.brand
  const main: ElementContent[] = [
    h('h1', title),
    h('form', { className: ['hero-search'], role: 'search', action: relativeHref(path, sitePaths.search(locale)), method: 'get' }, [
      h('label', { htmlFor: 'hero-search-q' }, text.searchLabel),
      h('div', { className: ['search-row'] }, [h('input', { type: 'search', id: 'hero-search-q', name: 'q', placeholder: text.searchPlaceholder }), h('button', { type: 'submit' }, text.search)])
    ]),
    h('section', { ariaLabelledBy: 'categories-heading' }, [
      h('h2', { id: 'categories-heading' }, text.categories),
      h(
        'ul',
        { className: ['category-grid'] },
        config.categories.flatMap((category) => {
          const count = byCategory.get(category.id)?.length ?? 0
          if (count === 0) return []
          return [
            h('li', [
              h('a', { href: relativeHref(path, sitePaths.category(locale, category.id)) }, category.name[locale] ?? category.name[config.defaultLocale] ?? category.id),
              ...(category.description?.[locale] ? [h('p', category.description[locale])] : []),
              h('p', { className: ['count'] }, text.entries(count))
            ])
          ]
        })
      )
    ]),
    h('section', { ariaLabelledBy: 'recent-heading' }, [h('h2', { id: 'recent-heading' }, text.recentlyUpdated), entryList(newestOf(own, 6), path)])
  ]
  const html = renderPage(
    config,
    {
      path,
      locale,
      title,
      description: text.searchPlaceholder,
      alternates: everyLocale(config, sitePaths.home),
      breadcrumbs: [],
      structuredData: [{ '@context': 'https://schema.org', '@type': 'WebSite', name: title, inLanguage: locale }],
      ownSearch: true,
      scripts: [],
      type: 'website'
    },
    main
  )
  return { path, html }
}

/** Entries per listing page: a category of thousands is split, newest first, into pages of this many. */
export const listingPageSize = 100

/** One page per `listingPageSize` entries of a category (`own`: the category's entries in this locale). */
export function categoryPages(config: KbConfig, locale: string, categoryId: string, own: readonly ApiEntry[], localesWithCategory: (locale: string) => boolean, memo: RenderMemo = renderAlways): MemoPage[] {
  const category = config.categories.find((item) => item.id === categoryId)
  const name = category?.name[locale] ?? category?.name[config.defaultLocale] ?? categoryId
  const intro = category?.description?.[locale]
  return listingPages(config, locale, own, {
    name,
    description: intro ?? `${name} · ${uiText(locale).entries(own.length)}`,
    pathOf: (page) => sitePaths.category(locale, categoryId, page),
    firstPageAlternates: everyLocale(config, (other) => sitePaths.category(other, categoryId), localesWithCategory),
    crumb: () => name,
    intro: intro ? [h('p', { className: ['summary'] }, intro)] : []
  }, memo)
}

/** One page per `listingPageSize` entries with a tag (`own`: this locale's entries that carry it). */
export function tagPages(config: KbConfig, locale: string, tag: string, slug: string, own: readonly ApiEntry[], memo: RenderMemo = renderAlways): MemoPage[] {
  const text = uiText(locale)
  const name = text.labelled(text.tags, tag)
  return listingPages(config, locale, own, {
    name,
    description: `${name} · ${text.entries(own.length)}`,
    pathOf: (page) => sitePaths.tag(locale, slug, page),
    firstPageAlternates: undefined,
    crumb: (title) => title,
    intro: []
  }, memo)
}

interface Listing {
  name: string
  description: string
  pathOf: (page: number) => string
  /** The first page's versions in other locales; later pages (and pages without any) name only themselves. */
  firstPageAlternates: Map<string, string> | undefined
  /** The last breadcrumb's text, given the page's title. */
  crumb: (title: string) => string
  /** Shown under the heading of the first page. */
  intro: ElementContent[]
}

/**
 * A listing's pages: the heading, on the first page its intro, the page's entries and the page links. A page
 * is rendered only when what it shows changed: one edited entry re-renders the page that lists it, not the
 * hundred pages of its category (unless its date moved it, and the entries after it, to other pages).
 */
function listingPages(config: KbConfig, locale: string, own: readonly ApiEntry[], listing: Listing, memo: RenderMemo): MemoPage[] {
  const text = uiText(locale)
  return paginate(own, listing.pathOf, ({ path, entries, page, pages, pager }) => {
    const title = page === 1 ? listing.name : `${listing.name} (${text.pageOf(page, pages)})`
    const alternates = (page === 1 ? listing.firstPageAlternates : undefined) ?? new Map([[locale, path]])
    // Everything the page shows: its heading, description, versions, intro, place in the listing, and per entry what entryList reads.
    const inputs = [title, listing.description, [...alternates], page === 1 ? listing.intro : [], page, pages, entries.map((entry) => [entry.id, entry.category.id, entry.title, entry.summary, entry.updated])]
    const html = memo(path, inputs, () => renderPage(
      config,
      {
        path,
        locale,
        title,
        description: listing.description,
        alternates,
        breadcrumbs: [
          { name: text.home, path: sitePaths.home(locale) },
          { name: listing.crumb(title), path }
        ],
        structuredData: [],
        scripts: [],
        type: 'website'
      },
      [h('h1', title), ...(page === 1 ? listing.intro : []), entryList(entries, path), ...pager()]
    ))
    return { path, html }
  })
}

interface ListingPage {
  path: string
  entries: readonly ApiEntry[]
  page: number
  pages: number
  /** The page links, or nothing when the listing fits on one page: made only for a page that is rendered. */
  pager: () => ElementContent[]
}

/** Splits a listing (newest first) into pages and renders each with links to the others. */
function paginate(own: readonly ApiEntry[], pathOf: (page: number) => string, render: (page: ListingPage) => MemoPage): MemoPage[] {
  const sorted = [...own].sort(byNewest)
  const pages = Math.max(1, Math.ceil(sorted.length / listingPageSize))
  return Array.from({ length: pages }, (_, index) => {
    const page = index + 1
    const path = pathOf(page)
    const entries = sorted.slice(index * listingPageSize, page * listingPageSize)
    return render({ path, entries, page, pages, pager: () => (pages === 1 ? [] : [pager(path, page, pages, pathOf, uiText(entries[0]?.locale ?? 'en'))]) })
  })
}

function pager(path: string, page: number, pages: number, pathOf: (page: number) => string, text: ReturnType<typeof uiText>): ElementContent {
  const link = (target: number, label: string, rel?: string) => h('a', { href: relativeHref(path, pathOf(target)), ...(rel ? { rel: [rel] } : {}) }, label)
  return h('nav', { className: ['pager'], ariaLabel: text.pages }, [
    h('p', [...(page > 1 ? [link(page - 1, `← ${text.newer}`, 'prev'), ' '] : []), text.pageOf(page, pages), ...(page < pages ? [' ', link(page + 1, `${text.older} →`, 'next')] : [])]),
    h(
      'ol',
      Array.from({ length: pages }, (_, index) => index + 1).map((target) => h('li', [target === page ? h('span', { ariaCurrent: 'page' }, String(target)) : link(target, String(target))]))
    )
  ])
}

export function searchPage(config: KbConfig, locale: string, entries: readonly ApiEntry[], shards: number): SitePage {
  const text = uiText(locale)
  const path = sitePaths.search(locale)
  const withEntries = groupBy(
    entries.filter((entry) => entry.locale === locale),
    (entry) => entry.category.id
  )
  const html = renderPage(
    config,
    {
      path,
      locale,
      title: text.search,
      description: text.searchLabel,
      alternates: everyLocale(config, sitePaths.search),
      breadcrumbs: [
        { name: text.home, path: sitePaths.home(locale) },
        { name: text.search, path }
      ],
      structuredData: [],
      scripts: ['minisearch.js', 'search.js'],
      ownSearch: true,
      type: 'website',
      noindex: true
    },
    [
      h('h1', text.search),
      h('form', { className: ['hero-search'], role: 'search', action: '', method: 'get' }, [
        h('label', { htmlFor: 'search-q' }, text.searchLabel),
        h('div', { className: ['search-row'] }, [h('input', { type: 'search', id: 'search-q', name: 'q', placeholder: text.searchPlaceholder }), h('button', { type: 'submit' }, text.search)])
      ]),
      h('p', { id: 'search-status', role: 'status', ariaLive: 'polite', dataResults: text.results(0, '{query}').replace('0', '{count}'), dataNone: text.noResults }),
      h('ol', { id: 'search-results', className: ['search-results'], dataIndex: 'search-index/', dataShards: String(shards), dataSynonyms: JSON.stringify(shippedSynonyms(config, locale)), dataCommon: JSON.stringify(brandWords(config)) }),
      // Shown when nothing matches: the closest titles (filled in by the script) and the official channels.
      h('div', { id: 'search-none', hidden: true }, [
        h('h2', text.closestTitles),
        h('ul', { id: 'search-suggestions', className: ['search-results'] }),
        h('h2', text.stillStuck),
        h('p', { className: ['official-only'] }, text.officialChannelsOnly),
        h('ul', { className: ['channels'] }, supportChannelItems(config, locale))
      ]),
      h('noscript', [
        h('p', text.searchNeedsJs),
        h(
          'ul',
          config.categories
            .filter((category) => withEntries.has(category.id))
            .map((category) => h('li', [h('a', { href: relativeHref(path, sitePaths.category(locale, category.id)) }, category.name[locale] ?? category.id)]))
        )
      ])
    ]
  )
  return { path, html }
}

export function notFoundPage(config: KbConfig, locale: string, path: string): SitePage {
  const text = uiText(locale)
  const html = renderPage(
    config,
    // A host serves it at whatever path was missing: its links start from its own folder, wherever it is shown.
    { path, base: sitePathPrefix(config) + (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : ''), locale, title: text.notFound, description: text.notFoundText, alternates: new Map([[locale, path]]), breadcrumbs: [], structuredData: [], scripts: [], type: 'website', noindex: true },
    [h('h1', text.notFound), h('p', text.notFoundText), h('p', [h('a', { href: relativeHref(path, sitePaths.home(locale)) }, text.home), ' · ', h('a', { href: relativeHref(path, sitePaths.search(locale)) }, text.search)])]
  )
  return { path, html }
}
