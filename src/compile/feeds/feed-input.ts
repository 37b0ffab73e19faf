import { createHash } from 'node:crypto'
import { byNewest } from '../api/indexes.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { QaPair } from '../../types/feed-faq.js'

/** What every emitter gets: the published entries (already compiled) and the config. Pure, deterministic. */
export interface FeedInput {
  entries: readonly ApiEntry[]
  pairs: readonly QaPair[]
  config: KbConfig
  /** `<locale>/<id>` → a reader of the entry's Markdown export, for llms.txt. */
  markdown: ReadonlyMap<string, () => string>
}

/** A format's files, one at a time: a format with a file per entry never holds them all. */
export type Emitter = (input: FeedInput) => Iterable<[path: string, content: string]>

/**
 * What a consumer accepts in one question-and-answer pair, in characters (UTF-16 code units, as the
 * consumers count them), with where it documents it. A longer pair is a warning on its entry.
 */
export interface PairLimits {
  consumer: string
  documentation: string
  question?: number
  answer?: number
}

export const perLocale = (input: FeedInput, emit: (locale: string, pairs: readonly QaPair[], entries: readonly ApiEntry[]) => [string, string][]) =>
  input.config.locales.flatMap((locale) =>
    emit(
      locale,
      input.pairs.filter((pair) => pair.locale === locale),
      input.entries.filter((entry) => entry.locale === locale)
    )
  )

/** How many entries a news feed lists per locale when `feeds.recent` is not set. */
export const defaultRecentEntries = 50

/** The entries a news feed (Atom, JSON Feed) lists: the most recently updated, newest first. */
export function recentEntries(entries: readonly ApiEntry[], config: Pick<KbConfig, 'feeds'>): ApiEntry[] {
  return [...entries].sort(byNewest).slice(0, config.feeds?.recent ?? defaultRecentEntries)
}

/** A content hash as the feeds carry it. */
export function contentHash(value: string): string {
  return 'sha256-' + createHash('sha256').update(value).digest('hex')
}
