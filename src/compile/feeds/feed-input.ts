import { createHash } from 'node:crypto'
import { newestOf } from '../api/indexes.js'
import { groupBy } from '../group-by.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { EntryPairs } from './qa-pairs.js'
import type { PartsMemo, RenderMemo } from '../render-memo.js'
import type { OutputFile } from '../output-file.js'

/** What every emitter gets: the published entries (already compiled) and the config. Pure, deterministic. */
export interface FeedInput {
  entries: readonly ApiEntry[]
  /** Each entry's question-and-answer pairs, made when a feed asks (see EntryPairs). */
  pairs: EntryPairs
  config: KbConfig
  /** `<locale>/<id>` → a reader of the entry's Markdown export, for llms.txt. */
  markdown: ReadonlyMap<string, () => string>
  /** For a file per entry: kept from the last build when the entry's record is the same (see RenderMemo). */
  memo: RenderMemo
  /** For a file of a part per entry: the parts of entries whose record is the same are copied (see PartsMemo). */
  parts: PartsMemo
}

/** A format's files, one at a time: a format with a file per entry never holds them all. */
export type Emitter = (input: FeedInput) => Iterable<OutputFile>

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

/** A format's files for each locale, from the locale's entries, one locale at a time. */
export function* perLocale(input: FeedInput, emit: (locale: string, entries: readonly ApiEntry[]) => Iterable<OutputFile>): Generator<OutputFile> {
  // Grouped in one pass, not filtered once per locale.
  const entries = groupBy(input.entries, (entry) => entry.locale)
  for (const locale of input.config.locales) yield* emit(locale, entries.get(locale) ?? [])
}

/** How many entries a news feed lists per locale when `feeds.recent` is not set. */
export const defaultRecentEntries = 50

/** The entries a news feed (Atom, JSON Feed) lists: the most recently updated, newest first. */
export function recentEntries(entries: readonly ApiEntry[], config: Pick<KbConfig, 'feeds'>): ApiEntry[] {
  return newestOf(entries, config.feeds?.recent ?? defaultRecentEntries)
}

/** A content hash as the feeds carry it. */
export function contentHash(value: string): string {
  return 'sha256-' + createHash('sha256').update(value).digest('hex')
}
