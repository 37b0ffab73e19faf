import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { entryPagePath, siteUrl } from '../site-paths.js'
import { absoluteLinks } from './absolute-links.js'
import { faqItemCount } from '../api/entry.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { QaPair } from '../../types/feed-faq.js'

/**
 * The one question-and-answer model every Q&A feed is emitted from: each FAQ item, plus one pair per
 * troubleshooting entry (its title as the question, its summary and a link as the answer). A pair's id is
 * the same in every locale (`<entry>.faq-<n>`, `<entry>.summary`): translations keep FAQ order.
 */
export function qaPairs(entries: readonly ApiEntry[], config: KbConfig): QaPair[] {
  const pairs = entries.flatMap((entry) => pairsOfEntry(entry, config))
  // Grouped by id first: comparing every pair with every other is quadratic in the number of FAQ items.
  const byId = new Map<string, QaPair[]>()
  for (const pair of pairs) {
    const same = byId.get(pair.id)
    if (same) same.push(pair)
    else byId.set(pair.id, [pair])
  }
  for (const pair of pairs) {
    pair.translations = (byId.get(pair.id) ?? []).filter((other) => other.locale !== pair.locale).map((other) => ({ locale: other.locale, id: other.id }))
  }
  return pairs
}

/** One entry's pairs, before they are linked to their translations. */
export function pairsOfEntry(entry: Pick<ApiEntry, 'locale' | 'id' | 'category' | 'tags' | 'updated' | 'type' | 'title' | 'summary' | 'sections'>, config: Pick<KbConfig, 'baseUrl'>): QaPair[] {
  const pairs: QaPair[] = []
  const page = entryPagePath(entry.locale, entry.category.id, entry.id)
  const base = { locale: entry.locale, entryId: entry.id, category: entry.category.id, tags: entry.tags, updated: entry.updated }
  if (entry.type === 'troubleshooting') {
    const url = siteUrl(config, page)
    pairs.push({
      id: `${entry.id}.summary`,
      ...base,
      question: entry.title,
      answerText: `${entry.summary}\n${url}`,
      answerHtml: toHtml([h('p', entry.summary), { type: 'text', value: '\n' }, h('p', [h('a', { href: url }, entry.title)])]),
      url,
      translations: []
    })
  }
  // Most entries have no FAQ: their bodies stay serialized.
  if (faqItemCount(entry) === 0) return pairs
  ;(entry.sections.faq?.items ?? []).forEach((item, index) => {
    const url = siteUrl(config, `${page}#${item.anchor ?? ''}`)
    pairs.push({
      id: `${entry.id}.faq-${index + 1}`,
      ...base,
      question: item.title ?? '',
      answerText: item.text,
      answerHtml: absoluteLinks(item.html, url),
      url,
      translations: []
    })
  })
  return pairs
}
