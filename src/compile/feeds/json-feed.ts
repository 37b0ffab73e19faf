import { siteUrl } from '../site-paths.js'
import { absoluteLinks } from './absolute-links.js'
import { perLocale, recentEntries, type Emitter } from './feed-input.js'
import { json } from '../json-text.js'

/** JSON Feed 1.1 per locale: the most recently updated entries, newest first, ids stable per entry and locale. */
export const jsonFeed: Emitter = (input) =>
  perLocale(input, (locale, entries) => [
    [
      `feeds/${locale}/feed.json`,
      json({
        version: 'https://jsonfeed.org/version/1.1',
        title: input.config.title[locale] ?? input.config.brand,
        home_page_url: siteUrl(input.config, `${locale}/index.html`),
        feed_url: siteUrl(input.config, `feeds/${locale}/feed.json`),
        language: locale,
        items: recentEntries(entries, input.config).map((entry) => ({
          id: `kb:${entry.locale}/${entry.id}`,
          url: entry.url,
          title: entry.title,
          content_html: absoluteLinks(entry.html, entry.url),
          summary: entry.summary,
          date_modified: `${entry.updated}T00:00:00Z`,
          tags: entry.tags,
          language: entry.locale
        }))
      })
    ]
  ])
