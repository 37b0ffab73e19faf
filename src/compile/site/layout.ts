import { h } from 'hastscript'
import type { Element, ElementContent, Root } from 'hast'
import { relativeHref, sitePaths } from './paths.js'
import { localeName, uiText } from './ui-text.js'
import { siteUrl } from '../site-paths.js'
import { breadcrumbList } from './structured-data.js'
import { pageHtml } from './page-html.js'
import type { KbConfig } from '../../types/config.js'

export interface PageMeta {
  /** Site-root-relative path of the page being written. */
  path: string
  /** For a page served at other paths than its own (404): the folder its relative links start from. */
  base?: string
  locale: string
  title: string
  description: string
  /** The same page in other locales (site paths), for hreflang and the locale switcher. */
  alternates: ReadonlyMap<string, string>
  breadcrumbs: readonly { name: string; path: string }[]
  /** JSON-LD objects for the page. */
  structuredData: readonly object[]
  scripts: readonly string[]
  type: 'website' | 'article'
  noindex?: boolean
  /** The page has a search box of its own (home, search): the header leaves its one out, so a phone shows one. */
  ownSearch?: boolean
}

/** A whole page as a syntax tree: text from content can only ever become text nodes or sanitized trees. */
export function renderPage(config: KbConfig, meta: PageMeta, main: ElementContent[]): string {
  const text = uiText(meta.locale)
  const href = (target: string) => relativeHref(meta.path, target)
  const siteTitle = config.title[meta.locale] ?? config.brand
  const fullTitle = meta.title === siteTitle ? siteTitle : `${meta.title} · ${siteTitle}`
  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    ...(meta.base ? [h('base', { href: meta.base })] : []),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('title', fullTitle),
    h('meta', { name: 'description', content: meta.description }),
    h('link', { rel: 'canonical', href: config.baseUrl ? siteUrl(config, meta.path) : href(meta.path) }),
    ...[...meta.alternates].map(([locale, target]) => h('link', { rel: 'alternate', hrefLang: locale, href: config.baseUrl ? siteUrl(config, target) : href(target) })),
    h('meta', { property: 'og:type', content: meta.type }),
    h('meta', { property: 'og:title', content: meta.title }),
    h('meta', { property: 'og:description', content: meta.description }),
    h('meta', { property: 'og:site_name', content: siteTitle }),
    h('meta', { property: 'og:locale', content: meta.locale.replace('-', '_') }),
    ...(config.baseUrl ? [h('meta', { property: 'og:url', content: siteUrl(config, meta.path) })] : []),
    ...(meta.noindex ? [h('meta', { name: 'robots', content: 'noindex' })] : []),
    h('meta', { name: 'color-scheme', content: 'light dark' }),
    h('link', { rel: 'icon', type: 'image/svg+xml', href: href(sitePaths.asset('favicon.svg')) }),
    h('link', { rel: 'stylesheet', href: href(sitePaths.asset('site.css')) }),
    ...[...meta.structuredData, ...(meta.breadcrumbs.length > 0 ? [breadcrumbList(meta.breadcrumbs, config, meta.path)] : [])].map((data) =>
      h('script', { type: 'application/ld+json' }, jsonForScript(data))
    )
  ]
  const searchForm = h('form', { className: ['site-search'], role: 'search', action: href(sitePaths.search(meta.locale)), method: 'get' }, [
    h('label', { htmlFor: 'site-search-q', className: ['visually-hidden'] }, text.searchLabel),
    h('input', { type: 'search', id: 'site-search-q', name: 'q', placeholder: text.searchPlaceholder, autoComplete: 'off' }),
    h('button', { type: 'submit' }, text.search)
  ])
  const locales = config.locales.filter((locale) => locale === meta.locale || meta.alternates.has(locale))
  const header = h('header', { className: ['site-header'] }, [
    h('a', { className: ['site-title'], href: href(sitePaths.home(meta.locale)) }, siteTitle),
    ...(meta.ownSearch ? [] : [searchForm]),
    locales.length > 1
      ? h('nav', { className: ['locale-switch'], ariaLabel: text.languages }, [
          h(
            'ul',
            locales.map((locale) =>
              h('li', [
                locale === meta.locale
                  ? h('span', { ariaCurrent: 'true', lang: locale }, localeName(locale))
                  : h('a', { href: href(meta.alternates.get(locale) ?? sitePaths.home(locale)), hrefLang: locale, lang: locale }, localeName(locale))
              ])
            )
          )
        ])
      : h('span')
  ])
  const breadcrumbs =
    meta.breadcrumbs.length > 0
      ? [
          h('nav', { className: ['breadcrumbs'], ariaLabel: text.breadcrumbs }, [
            h(
              'ol',
              meta.breadcrumbs.map((crumb, index) =>
                h('li', [index === meta.breadcrumbs.length - 1 ? h('span', { ariaCurrent: 'page' }, crumb.name) : h('a', { href: href(crumb.path) }, crumb.name)])
              )
            )
          ])
        ]
      : []
  const body: Element = h('body', [
    h('a', { className: ['skip-link'], href: '#main' }, text.skip),
    header,
    h('main', { id: 'main' }, [...breadcrumbs, ...main]),
    h('footer', { className: ['site-footer'] }, [h('p', [siteTitle])]),
    ...meta.scripts.map((script) => h('script', { src: href(sitePaths.asset(script)), defer: true }))
  ])
  const tree: Root = { type: 'root', children: [{ type: 'doctype' }, h('html', { lang: meta.locale }, [h('head', head), body])] }
  // Raw nodes are only ever entry sections already rendered and sanitized (see entry-page.ts): no content
  // text reaches the page as raw HTML.
  return pageHtml(tree) + '\n'
}

/** JSON inside a script element: `<` escaped so no text can close the element. */
function jsonForScript(data: object): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
