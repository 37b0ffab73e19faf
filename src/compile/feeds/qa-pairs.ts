import { h } from 'hastscript'
import { toHtml } from 'hast-util-to-html'
import { entryPagePath, siteUrl } from '../site-paths.js'
import { absoluteLinks } from './absolute-links.js'
import { faqItemCount } from '../api/entry.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { QaPair, QaPairRef } from '../../types/feed-faq.js'
import { groupBy } from '../group-by.js'
import { recordKey } from '../render-memo.js'

/**
 * The one question-and-answer model every Q&A feed is emitted from: each FAQ item, plus one pair per
 * troubleshooting entry (its title as the question, its summary and a link as the answer). A pair's id is
 * the same in every locale (`<entry>.faq-<n>`, `<entry>.summary`): translations keep FAQ order.
 */
export interface EntryPairs {
  /** The entry's pairs, linked to their translations, made when asked for and not kept: a feed holds one entry's at a time. */
  of(entry: ApiEntry): QaPair[]
  /** How many pairs the entry has, without making them. */
  count(entry: ApiEntry): number
  /** What the entry's pairs are a function of, besides the config: its record and each pair's translations (a memo's inputs). */
  inputs(entry: ApiEntry): unknown
}

export function entryPairs(entries: readonly ApiEntry[], config: Pick<KbConfig, 'baseUrl'>): EntryPairs {
  // A pair's translations are the entries with the same id in other locales that have the pair: found by
  // entry id, never by comparing every pair with every other.
  const sameId = groupBy(entries, (entry) => entry.id)
  const translations = (entry: ApiEntry): QaPairRef[][] => {
    const others = (sameId.get(entry.id) ?? []).filter((other) => other.locale !== entry.locale)
    return pairIds(entry).map((id) => others.filter((other) => pairIds(other).includes(id)).map((other) => ({ locale: other.locale, id })))
  }
  return {
    of(entry) {
      const linked = translations(entry)
      return pairsOfEntry(entry, config).map((pair, index) => ({ ...pair, translations: linked[index] ?? [] }))
    },
    count: (entry) => pairIds(entry).length,
    inputs: (entry) => [recordKey(entry), translations(entry)]
  }
}

/** The ids of an entry's pairs, in order, as pairsOfEntry makes them. */
function pairIds(entry: Pick<ApiEntry, 'id' | 'type' | 'sections'>): string[] {
  const ids = entry.type === 'troubleshooting' ? [`${entry.id}.summary`] : []
  for (let index = 1; index <= faqItemCount(entry); index++) ids.push(`${entry.id}.faq-${index}`)
  return ids
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
