import MiniSearch from 'minisearch'
import { tokenize } from './tokenize.js'
import { entryPagePath } from '../site-paths.js'
import type { ApiEntry } from '../../types/api-entry.js'

/** Shared by the build and assets/search.js: which fields are searched, how much each weighs. */
export const searchFields = ['title', 'symptoms', 'keywords', 'tags', 'text'] as const
/** The index shards store nothing but ids: what a result shows comes from the document shards, on demand. */
export const storedFields = [] as const
export const searchBoost = { title: 4, symptoms: 3, keywords: 3, tags: 2, text: 1 }
/** Stored text per entry, for snippets: enough for a match in the first sections, small enough to ship. */
const snippetSourceLength = 1200
/**
 * Entries per shard. A locale's index is split so no single download grows with the KB (a 1,000-entry
 * shard is a few hundred KB gzipped) and a rebuild after one change re-renders one shard, not the index.
 */
export const entriesPerShard = 1000

export interface SearchDocument {
  id: string
  title: string
  symptoms: string
  keywords: string
  tags: string
  text: string
}

/** What a result shows: loaded for the shards the top results are in only. */
export interface StoredDocument {
  title: string
  url: string
  category: string
  summary: string
  text: string
}

export interface SearchShard {
  /** The MiniSearch index of the shard's entries, as `MiniSearch.loadJSON` reads it. */
  indexPath: string
  /** Stored fields by entry id. */
  documentsPath: string
  entries: ApiEntry[]
}

/** Where a locale's shards go: `<locale>/search-index/index-<n>.json` and `documents-<n>.json`. */
export function searchShardFolder(locale: string): string {
  return `${locale}/search-index/`
}

/**
 * A locale's entries in shards of about `entriesPerShard`, each entry in the shard its id hashes to: an entry
 * stays in its shard while others come and go (unless the number of shards changes).
 */
export function searchShards(entries: readonly ApiEntry[], locale: string): SearchShard[] {
  const own = entries.filter((entry) => entry.locale === locale)
  const count = Math.max(1, Math.ceil(own.length / entriesPerShard))
  const shards: SearchShard[] = Array.from({ length: count }, (_, index) => ({
    indexPath: `${searchShardFolder(locale)}index-${index}.json`,
    documentsPath: `${searchShardFolder(locale)}documents-${index}.json`,
    entries: []
  }))
  for (const entry of own) shards[fnv1a(entry.id) % count]?.entries.push(entry)
  return shards
}

/** The shard's prebuilt index, as JSON the browser loads with `MiniSearch.loadJSON`. */
export function buildSearchIndex(entries: readonly ApiEntry[]): string {
  const index = new MiniSearch<SearchDocument>({ fields: [...searchFields], storeFields: [...storedFields], tokenize, processTerm: (term) => term })
  index.addAll(
    entries.map((entry) => ({
      id: entry.id,
      title: entry.title,
      symptoms: [entry.sections.symptoms?.text ?? '', ...(entry.sections.symptoms?.errorMessages ?? [])].join('\n'),
      keywords: entry.keywords.join(' '),
      tags: entry.tags.join(' '),
      text: snippetSource(entry)
    }))
  )
  return JSON.stringify(index)
}

/** The shard's stored fields by entry id. URLs are relative to the locale folder, where the search page is. */
export function buildSearchDocuments(entries: readonly ApiEntry[]): string {
  const documents: Record<string, StoredDocument> = {}
  for (const entry of entries) {
    documents[entry.id] = {
      title: entry.title,
      url: entryPagePath(entry.locale, entry.category.id, entry.id).slice(entry.locale.length + 1),
      category: entry.category.name,
      summary: entry.summary,
      text: snippetSource(entry)
    }
  }
  return JSON.stringify(documents)
}

/**
 * The start of the entry's text, cut where no address, URL or word continues across the cut: half an e-mail
 * address (`support@okx.co`) would be a different address, which the output scan rightly flags.
 */
function snippetSource(entry: ApiEntry): string {
  const text = [entry.summary, entry.text].join('\n')
  if (text.length <= snippetSourceLength) return text
  let cut = snippetSourceLength
  while (cut > 0 && /[^\s\p{Script=Han}]/u.test(text.charAt(cut)) && /[^\s\p{Script=Han}]/u.test(text.charAt(cut - 1))) cut--
  return text.slice(0, cut > 0 ? cut : snippetSourceLength).replace(/[\uD800-\uDBFF]$/, '')
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, stable across runs and machines. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
