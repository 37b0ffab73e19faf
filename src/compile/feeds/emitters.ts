import { entryPairs } from './qa-pairs.js'
import { faqJson } from './faq-json.js'
import { azureLimits, azureQuestionAnswering } from './azure-question-answering.js'
import { kendraFaq, kendraLimits } from './kendra.js'
import { dialogflowFaq } from './dialogflow.js'
import { zendesk } from './zendesk.js'
import { chunks } from './chunks.js'
import { llmsTxt } from './llms-txt.js'
import { jsonFeed } from './json-feed.js'
import { atomFeed } from './atom.js'
import type { Emitter, FeedInput, PairLimits } from './feed-input.js'
import type { QaPair } from '../../types/feed-faq.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { OutputFile } from '../output-file.js'
import { partsAlways, renderAlways, type PartsMemo, type RenderMemo } from '../render-memo.js'

export interface FeedFormat {
  emit: Emitter
  /** The files it writes, as the build names them when it skips the format. */
  files: string
  /**
   * Read away from the site (by a feed reader, a bot, another help center), where a site-relative link
   * resolves against the wrong base or none: written only when `baseUrl` makes every link absolute.
   */
  needsBaseUrl: boolean
  /** What its consumer accepts per question-and-answer pair: a pair over it is a warning on its entry. */
  limits?: PairLimits
}

/** Every feed format, one module per consumer: adding a format means adding its module and one row here. */
export const feedFormats: readonly FeedFormat[] = [
  { emit: faqJson, files: 'feeds/faq.json, feeds/<locale>/faq.json', needsBaseUrl: true },
  { emit: azureQuestionAnswering, files: 'feeds/<locale>/azure-question-answering.tsv', needsBaseUrl: true, limits: azureLimits },
  { emit: kendraFaq, files: 'feeds/<locale>/kendra-faq.json', needsBaseUrl: true, limits: kendraLimits },
  { emit: dialogflowFaq, files: 'feeds/<locale>/dialogflow-faq.csv', needsBaseUrl: true },
  { emit: zendesk, files: 'feeds/zendesk/', needsBaseUrl: true },
  { emit: chunks, files: 'feeds/chunks.jsonl', needsBaseUrl: true },
  // Served from the site root, where its site-relative links resolve as they are.
  { emit: llmsTxt, files: 'llms.txt and the .md exports', needsBaseUrl: false },
  { emit: jsonFeed, files: 'feeds/<locale>/feed.json', needsBaseUrl: true },
  { emit: atomFeed, files: 'feeds/<locale>/atom.xml', needsBaseUrl: true }
]

/** What a build without `baseUrl` leaves out, the sitemap (sitemaps.org requires absolute URLs) first. */
export function skippedWithoutBaseUrl(config: Pick<KbConfig, 'baseUrl'>): string[] {
  return config.baseUrl ? [] : ['sitemap.xml', ...feedFormats.filter((format) => format.needsBaseUrl).map((format) => format.files)]
}

/** A pair longer than a consumer accepts, as plain data: it travels from a worker and sits in the cache. */
export interface OverLimit {
  pairId: string
  question: string
  field: 'question' | 'answer'
  length: number
  max: number
  consumer: string
  documentation: string
}

/** Every pair a written feed carries that is longer than its consumer accepts, for each consumer. */
export function pairsOverLimits(pairs: readonly Pick<QaPair, 'id' | 'question' | 'answerText'>[], config: Pick<KbConfig, 'baseUrl'>): OverLimit[] {
  const found: OverLimit[] = []
  for (const format of feedFormats) {
    const limits = format.limits
    if (!limits || (format.needsBaseUrl && !config.baseUrl)) continue
    const over = (pair: (typeof pairs)[number], field: OverLimit['field'], length: number, max: number | undefined) => {
      if (max !== undefined && length > max) found.push({ pairId: pair.id, question: pair.question, field, length, max, consumer: limits.consumer, documentation: limits.documentation })
    }
    for (const pair of pairs) {
      over(pair, 'question', pair.question.length, limits.question)
      over(pair, 'answer', pair.answerText.length, limits.answer)
    }
  }
  return found
}

/** Every feed file, one format at a time: only one format's files are held at once. */
export function* compileFeeds(entries: readonly ApiEntry[], config: KbConfig, markdown: FeedInput['markdown'], memo: RenderMemo = renderAlways, parts: PartsMemo = partsAlways): Generator<OutputFile> {
  const published = entries.filter((entry) => entry.status === 'published')
  const input: FeedInput = { entries: published, pairs: entryPairs(published, config), config, markdown, memo, parts }
  for (const format of feedFormats) if (config.baseUrl || !format.needsBaseUrl) yield* format.emit(input)
}
