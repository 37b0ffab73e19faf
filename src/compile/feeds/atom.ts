import { x } from 'xastscript'
import { wellFormedXml } from '../well-formed-xml.js'
import { siteUrl } from '../site-paths.js'
import { absoluteLinks } from './absolute-links.js'
import { perLocale, recentEntries, type Emitter } from './feed-input.js'

/** Atom 1.0 per locale, the same items as the JSON Feed: the most recently updated entries. */
export const atomFeed: Emitter = (input) =>
  perLocale(input, (locale, entries) => {
    const sorted = recentEntries(entries, input.config)
    const title = input.config.title[locale] ?? input.config.brand
    const tree = x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': locale }, [
      x('id', `urn:kb:${encodeURIComponent(input.config.brand)}:${locale}`),
      x('title', title),
      x('updated', `${sorted[0]?.updated ?? '1970-01-01'}T00:00:00Z`),
      x('link', { rel: 'self', href: siteUrl(input.config, `feeds/${locale}/atom.xml`) }),
      x('link', { rel: 'alternate', href: siteUrl(input.config, `${locale}/index.html`) }),
      x('author', [x('name', input.config.brand)]),
      ...sorted.map((entry) =>
        x('entry', [
          x('id', `urn:kb:${encodeURIComponent(input.config.brand)}:${entry.locale}:${entry.id}`),
          x('title', entry.title),
          x('link', { rel: 'alternate', href: entry.url }),
          x('updated', `${entry.updated}T00:00:00Z`),
          x('summary', entry.summary),
          x('content', { type: 'html' }, absoluteLinks(entry.html, entry.url)),
          ...entry.tags.map((tag) => x('category', { term: tag }))
        ])
      )
    ])
    return [[`feeds/${locale}/atom.xml`, wellFormedXml(tree)]]
  })
