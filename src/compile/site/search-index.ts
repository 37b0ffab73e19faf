import { entryPagePath } from '../site-paths.js'
import { documentTerms, miniSearchIndexJson, type DocumentTerms } from './mini-search-index.js'
import { detached } from '../../text/detached.js'
import { hanPairs, normalizeText, scriptRuns, stemWord, type ShippedSynonyms } from './search-query.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

/** Shared by the build and assets/search.js: which fields are searched, how much each weighs. */
export const searchFields = ['title', 'symptoms', 'keywords', 'tags', 'text'] as const
/** What a result carries from the index itself: the error messages its symptoms quote, for the phrase bonus. */
export const storedFields = ['errors'] as const
export const searchBoost = { title: 4, symptoms: 3, keywords: 3, tags: 2, text: 1 }
/** Stored text per entry, for snippets: enough for a match in the first sections, small enough to ship. */
const snippetSourceLength = 1200
/**
 * Entries per shard. A locale's index is split so no single download grows with the KB (a 1,000-entry
 * shard is a few hundred KB gzipped) and a rebuild after one change re-renders one shard, not the index.
 */
export const entriesPerShard = 1000

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' })

/**
 * The index terms of a text: Chinese as the words of the dictionary in Node.js's ICU data (its version is part
 * of kb's fingerprint, so output stays byte-identical) and as overlapping character pairs, which find a word
 * the dictionary splits otherwise or lacks; other scripts as stemmed words. The browser never segments: it
 * splits a query into the words the index lists (see analyzeQuery and buildSearchIndex).
 */
export function indexTerms(text: string): readonly string[] {
  return remembered(termsOf, text, (own) => {
    const terms: string[] = []
    for (const run of scriptRuns(own)) {
      if (!/\p{Script=Han}/u.test(run)) {
        terms.push(stemWord(run))
        continue
      }
      for (const word of dictionaryWords(run)) if (word.length > 2) terms.push(word)
      terms.push(...hanPairs(run))
    }
    return terms
  })
}

/** The dictionary's words of a run of Chinese characters, single characters left out. */
function dictionaryWords(run: string): readonly string[] {
  return remembered(wordsOf, run, (own) => {
    const words: string[] = []
    for (const part of wordSegmenter.segment(own)) if (part.isWordLike && part.segment.length > 1) words.push(part.segment)
    return words
  })
}

/**
 * Terms and words found before, by text. Segmenting Chinese is most of the cost of a shard, and each run is
 * segmented twice in it (its terms, then the shard's words); a process that builds again (kb dev) segments
 * only the texts that changed. Each text's terms are kept as one string (terms hold no white space): as
 * arrays, the pairs of Chinese texts took about 30 bytes a character of text, and a cold build of 10,000
 * mostly Chinese entries held 600 MB of them. Bounded: past the budget the memory starts over.
 */
const termsOf = new Map<string, string>()
const wordsOf = new Map<string, string>()
const rememberedCharsAtMost = 16_000_000
let rememberedChars = 0

function remembered(cache: Map<string, string>, text: string, find: (text: string) => string[]): readonly string[] {
  const known = cache.get(text)
  if (known !== undefined) return known === '' ? [] : known.split(' ')
  // A run is a substring of an entry's text: the key and the terms (substrings too) are taken from a copy, or
  // they would keep that whole text alive.
  const own = detached(text)
  const found = find(own)
  const joined = found.join(' ')
  if (rememberedChars + own.length + joined.length > rememberedCharsAtMost) forgetTerms()
  cache.set(own, joined)
  rememberedChars += own.length + joined.length
  return found
}

function forgetTerms(): void {
  termsOf.clear()
  wordsOf.clear()
  rememberedChars = 0
}

/** Characters of text and terms remembered now (see remembered). */
export function rememberedTermChars(): number {
  return rememberedChars
}

/** Every Chinese word of two or more characters the dictionary finds in the texts: with other entries', a query's dictionary in the browser (see buildSearchIndex). */
function chineseWords(texts: readonly string[]): string[] {
  const words = new Set<string>()
  for (const text of texts) {
    // Most texts of an English KB hold no Chinese: one test instead of splitting them into runs.
    if (!/\p{Script=Han}/u.test(text)) continue
    for (const run of scriptRuns(text)) if (/\p{Script=Han}/u.test(run)) for (const word of dictionaryWords(run)) words.add(word)
  }
  return [...words]
}

/** The brand's words: every entry is about the brand, so a query naming it says nothing about which one. */
export function brandWords(config: KbConfig): string[] {
  return scriptRuns(config.brand).map(stemWord)
}

/** The locale's synonym groups from the config, each alternative as the terms the index holds for it. */
export function shippedSynonyms(config: KbConfig, locale: string): ShippedSynonyms {
  const shipped: ShippedSynonyms = { phrases: {}, groups: [] }
  for (const group of config.search?.synonyms?.[locale] ?? []) {
    // Each phrase as the query reads it: its Chinese runs whole, its other words stemmed.
    const alternatives = group.map((phrase) => scriptRuns(phrase).map((run) => (/\p{Script=Han}/u.test(run) ? run : stemWord(run)))).filter((terms) => terms.length > 0)
    const index = shipped.groups.push(alternatives) - 1
    for (const phrase of group) {
      const runs = scriptRuns(phrase)
      // As the query reads it: a Chinese phrase whole, a Latin one as its stemmed words.
      const key = runs.every((run) => /\p{Script=Han}/u.test(run)) ? runs.join('') : runs.map(stemWord).join(' ')
      if (key) shipped.phrases[key] ??= index
    }
  }
  return shipped
}

export interface SearchDocument {
  id: string
  title: string
  symptoms: string
  keywords: string
  tags: string
  text: string
  errors: string
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

/** What a shard's index takes from one entry: its document's terms, and its Chinese words for the shard's word list. */
interface EntrySearchTerms {
  document: DocumentTerms
  words: readonly string[]
}

/**
 * Each entry's search terms, kept by a resident engine (kb dev) for as long as it keeps the entry's record: a
 * save rebuilds the changed entry's shard from its other entries' terms, without splitting their text again.
 */
export type SearchTermsMemory = WeakMap<ApiEntry, EntrySearchTerms>

/**
 * The shard's prebuilt index as JSON: `index`, as `MiniSearch.loadJS` reads it, and `words`, the Chinese words
 * of its entries, sorted: the browser splits a Chinese query into the words the index lists.
 */
export function buildSearchIndex(entries: readonly ApiEntry[], memory?: SearchTermsMemory): string {
  const words = new Set<string>()
  const documents = entries.map((entry) => {
    let terms = memory?.get(entry)
    if (!terms) {
      terms = { document: documentTerms(searchDocument(entry), { fields: searchFields, storeFields: storedFields, tokenize: indexTerms }), words: chineseWords([entry.title, entry.keywords.join(' '), entry.tags.join(' '), entry.text]) }
      memory?.set(entry, terms)
    }
    for (const word of terms.words) words.add(word)
    return terms.document
  })
  // A run of its own builds each shard once: what it remembered served this shard, and would stay alive (up to
  // 16 million characters, 10 to 20 MB on the tldr KB) through the rest of the build. kb dev keeps it for its saves.
  if (!memory) forgetTerms()
  return `{"words":${JSON.stringify([...words].sort())},"index":${miniSearchIndexJson(documents, searchFields)}}`
}

/** What the index holds of an entry: its searched fields' text and its stored ones. */
export function searchDocument(entry: ApiEntry): SearchDocument {
  return {
    id: entry.id,
    title: entry.title,
    symptoms: [entry.sections.symptoms?.text ?? '', ...(entry.sections.symptoms?.errorMessages ?? [])].join('\n'),
    keywords: entry.keywords.join(' '),
    tags: entry.tags.join(' '),
    // The whole text is searched; the stored snippet text is only its start.
    text: entry.text,
    errors: (entry.sections.symptoms?.errorMessages ?? []).map(normalizeText).join('\n')
  }
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
 * The entry's text as a reader sees it, section after section without the section names (which would run
 * into the snippets): the summary, then each section's text, with the titles and text of causes and FAQ items.
 */
function readableText(entry: ApiEntry): string {
  const sections = entry.sections
  const parts = [entry.summary]
  for (const key of ['introduction', 'symptoms', 'checklist', 'causes', 'steps', 'contactSupport', 'warnings', 'faq'] as const) {
    const section = sections[key]
    if (!section) continue
    if (section.text) parts.push(section.text)
    if (key === 'causes' || key === 'faq') for (const item of section.items) parts.push([item.title, item.text].filter(Boolean).join('\n'))
  }
  return parts.join('\n')
}

/**
 * The start of the entry's readable text, cut where no address, URL or word continues across the cut: half
 * an e-mail address (`support@okx.co`) would be a different address, which the output scan rightly flags.
 */
function snippetSource(entry: ApiEntry): string {
  const text = readableText(entry)
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
