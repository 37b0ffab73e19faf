import { h } from 'hastscript'
import type { ElementContent } from 'hast'
import { renderPage } from './layout.js'
import { relativeHref, sitePaths } from './paths.js'
import { uiText } from './ui-text.js'
import { byNewest } from '../api/indexes.js'
import { entryPagePath } from '../site-paths.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

export interface SitePage {
  path: string
  html: string
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
          const count = own.filter((entry) => entry.category.id === category.id).length
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
    h('section', { ariaLabelledBy: 'recent-heading' }, [h('h2', { id: 'recent-heading' }, text.recentlyUpdated), entryList([...own].sort(byNewest).slice(0, 6), path)])
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
      scripts: [],
      type: 'website'
    },
    main
  )
  return { path, html }
}

export function categoryPage(config: KbConfig, locale: string, categoryId: string, entries: readonly ApiEntry[], localesWithCategory: (locale: string) => boolean): SitePage {
  const text = uiText(locale)
  const path = sitePaths.category(locale, categoryId)
  const category = config.categories.find((item) => item.id === categoryId)
  const name = category?.name[locale] ?? category?.name[config.defaultLocale] ?? categoryId
  const own = entries.filter((entry) => entry.locale === locale && entry.category.id === categoryId).sort(byNewest)
  const description = category?.description?.[locale] ?? `${name} · ${text.entries(own.length)}`
  const html = renderPage(
    config,
    {
      path,
      locale,
      title: name,
      description,
      alternates: everyLocale(config, (other) => sitePaths.category(other, categoryId), localesWithCategory),
      breadcrumbs: [
        { name: text.home, path: sitePaths.home(locale) },
        { name, path }
      ],
      structuredData: [],
      scripts: [],
      type: 'website'
    },
    [h('h1', name), ...(category?.description?.[locale] ? [h('p', { className: ['summary'] }, category.description[locale])] : []), entryList(own, path)]
  )
  return { path, html }
}

export function tagPage(config: KbConfig, locale: string, tag: string, slug: string, entries: readonly ApiEntry[]): SitePage {
  const text = uiText(locale)
  const path = sitePaths.tag(locale, slug)
  const own = entries.filter((entry) => entry.locale === locale && entry.tags.includes(tag)).sort(byNewest)
  const title = `${text.tags}: ${tag}`
  const html = renderPage(
    config,
    {
      path,
      locale,
      title,
      description: `${title} · ${text.entries(own.length)}`,
      alternates: new Map([[locale, path]]),
      breadcrumbs: [
        { name: text.home, path: sitePaths.home(locale) },
        { name: title, path }
      ],
      structuredData: [],
      scripts: [],
      type: 'website'
    },
    [h('h1', title), entryList(own, path)]
  )
  return { path, html }
}

export function searchPage(config: KbConfig, locale: string, entries: readonly ApiEntry[]): SitePage {
  const text = uiText(locale)
  const path = sitePaths.search(locale)
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
      h('ol', { id: 'search-results', className: ['search-results'], dataIndex: 'search-index.json' }),
      h('noscript', [
        h('p', text.searchNeedsJs),
        h(
          'ul',
          config.categories
            .filter((category) => entries.some((entry) => entry.locale === locale && entry.category.id === category.id))
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
    { path, locale, title: text.notFound, description: text.notFoundText, alternates: new Map([[locale, path]]), breadcrumbs: [], structuredData: [], scripts: [], type: 'website', noindex: true },
    [h('h1', text.notFound), h('p', text.notFoundText), h('p', [h('a', { href: relativeHref(path, sitePaths.home(locale)) }, text.home), ' · ', h('a', { href: relativeHref(path, sitePaths.search(locale)) }, text.search)])]
  )
  return { path, html }
}
