/*
 * How text becomes search terms, and a reader's query becomes what to look for. The same functions run at
 * build time (in Node.js) and in the browser: their source is shipped in assets/search.js, so each one is
 * self-contained, calling only the others here by name, and written in plain JavaScript once its types go.
 */

/** A synonym table as shipped: each phrase (normalized terms joined by a space) → its group's alternatives. */
export interface ShippedSynonyms {
  /** Phrase → index of its group. */
  phrases: Record<string, number>
  /** Each group's alternatives, each as the index terms it stands for. */
  groups: string[][][]
}

/** One thing the query asks for: any of its alternatives (all of whose terms a document must hold). */
export interface QueryUnit {
  /** The words as the reader typed them, for the report of what was searched. */
  text: string
  alternatives: string[][]
  /** `pairs`: Chinese characters outside every known word, looked for by their character pairs. */
  kind: 'words' | 'pairs'
}

/** NFKC and lower case: full-width letters, ligatures and case never keep a match apart. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/**
 * A light English stemmer (plural and the common verb endings), so `withdrawals`, `rejected` and `processing`
 * meet `withdrawal`, `reject` and `process`. Words of other scripts and short words stay as they are.
 */
export function stemWord(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y'
  if (word.endsWith('sses')) return word.slice(0, -2)
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1)
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3)
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2)
  return word
}

/** Runs of Chinese characters and runs of other letters and digits, in order. */
export function scriptRuns(text: string): string[] {
  return normalizeText(text).match(/\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}_])+/gu) ?? []
}

/** Overlapping pairs of Chinese characters (a single character alone): the fallback for words no dictionary knows. */
export function hanPairs(run: string): string[] {
  if (run.length === 1) return [run]
  const pairs: string[] = []
  for (let index = 0; index + 1 < run.length; index++) pairs.push(run.slice(index, index + 2))
  return pairs
}

/**
 * Splits a run of Chinese characters into the longest known words, left to right; characters outside every
 * known word come back as runs of their own, marked unknown.
 */
export function segmentKnown(run: string, known: (word: string) => boolean, longest: number): { text: string; known: boolean }[] {
  const parts: { text: string; known: boolean }[] = []
  let unknown = ''
  let at = 0
  while (at < run.length) {
    let length = Math.min(longest, run.length - at)
    while (length > 1 && !known(run.slice(at, at + length))) length--
    if (length > 1 || known(run.charAt(at))) {
      if (unknown) parts.push({ text: unknown, known: false })
      unknown = ''
      parts.push({ text: run.slice(at, at + length), known: true })
      at += length
    } else {
      unknown += run.charAt(at)
      at += 1
    }
  }
  if (unknown) parts.push({ text: unknown, known: false })
  return parts
}

/**
 * The units of a query. Chinese is split into the words the index holds (and the synonym phrases), Latin
 * text into stemmed words; a synonym phrase becomes a unit of all its group's alternatives; common words
 * (`怎么`, `my`) are dropped unless nothing else is left; Chinese characters outside every known word are
 * looked for by their pairs, and a single one is dropped as noise.
 */
export function analyzeQuery(query: string, vocabulary: ReadonlySet<string>, synonyms: ShippedSynonyms, stopWords: ReadonlySet<string>): QueryUnit[] {
  // Known as words: the index's words, the synonym phrases, and the common words (so `不了` is not read as `了`).
  const units: QueryUnit[] = []
  const dropped: QueryUnit[] = []
  const longest = 8
  const isPhrase = (text: string) => Object.prototype.hasOwnProperty.call(synonyms.phrases, text)
  // A Chinese word of three or more characters also matches as its character pairs, all of them: the index
  // holds the pairs of all its text, and the dictionary may have split the word otherwise there.
  const spelled = (terms: string[]): string[][] => (terms.length === 1 && /\p{Script=Han}/u.test(terms[0] as string) && (terms[0] as string).length > 2 ? [terms, hanPairs(terms[0] as string)] : [terms])
  const unitOf = (text: string, terms: string[]): QueryUnit => {
    const group = isPhrase(text) ? synonyms.groups[synonyms.phrases[text] as number] : undefined
    const alternatives: string[][] = []
    const seen = new Set<string>()
    for (const alternative of [terms, ...(group ?? [])].flatMap(spelled)) {
      if (seen.has(alternative.join(' '))) continue
      seen.add(alternative.join(' '))
      alternatives.push(alternative)
    }
    return { text, alternatives, kind: 'words' }
  }
  const push = (unit: QueryUnit) => ((stopWords.has(unit.text) ? dropped : units).push(unit))
  const runs = scriptRuns(query)
  let latin: string[] = []
  const flushLatin = () => {
    let at = 0
    while (at < latin.length) {
      let length = Math.min(4, latin.length - at)
      while (length > 1 && !isPhrase(latin.slice(at, at + length).join(' '))) length--
      const words = latin.slice(at, at + length)
      push(unitOf(words.join(' '), words))
      at += length
    }
    latin = []
  }
  for (const run of runs) {
    if (!/\p{Script=Han}/u.test(run)) {
      latin.push(stemWord(run))
      continue
    }
    flushLatin()
    for (const part of segmentKnown(run, (word) => vocabulary.has(word) || isPhrase(word) || stopWords.has(word), longest)) {
      if (part.known) push(unitOf(part.text, [part.text]))
      else if (part.text.length > 1) units.push({ text: part.text, alternatives: [hanPairs(part.text)], kind: 'pairs' })
      else dropped.push({ text: part.text, alternatives: [[part.text]], kind: 'words' })
    }
  }
  flushLatin()
  const unique = new Map<string, QueryUnit>()
  for (const unit of units.length > 0 ? units : dropped) if (!unique.has(unit.text)) unique.set(unit.text, unit)
  return [...unique.values()]
}

/** How many of a query's units a result must match: all of one or two, then all but one, then 60%. */
export function unitsRequired(units: number): number {
  if (units <= 2) return units
  if (units <= 4) return units - 1
  return Math.ceil(units * 0.6)
}

/**
 * Words that say how the reader asks, not what about (`怎么办`, `my`): dropped from a query unless nothing
 * else is left. One list for every locale, as readers mix languages.
 */
export const commonWords: readonly string[] = [
  '怎么', '怎么办', '怎样', '如何', '为什么', '什么', '的', '了', '吗', '呢', '吧', '啊', '我', '我的', '你', '是', '在', '和', '让', '请问', '求助', '一下', '能', '要', '就', '都', '也', '不了', '不能', '没法', '无法', '一直', '显示', '但是', '可是', '还是', '有人', '已经', '后',
  'a', 'an', 'the', 'my', 'me', 'i', 'to', 'for', 'of', 'in', 'on', 'at', 'is', 'are', 'it', 'its', 'you', 'your', 'how', 'do', 'doe', 'what', 'why', 'can', 't', 's', 'and', 'or', 'with', 'from', 'this', 'that', 'be', 'was', 'have', 'ha'
]

/** What the ranking needs of a MiniSearch index (the browser's and Node's are the same code). */
export interface SearchableIndex {
  search(query: unknown, options: Record<string, unknown>): { id: string; score: number; terms: string[]; queryTerms: string[]; errors?: string }[]
}

export interface RankedResult {
  id: string
  /** Which of the indexes it came from. */
  shard: number
  score: number
  /** The words of the entry that matched, as the index holds them (also corrected and completed ones): for highlighting. */
  terms: string[]
  /** How many of the query's units it matched. */
  matched: number
}

/**
 * Searches every index for each unit of the query and ranks what matches enough of them (unitsRequired):
 * BM25 scores with the field weights, summed over the units; a pasted error message the entry quotes in its
 * symptoms doubles the score; results far below the best (under 30% of its score) are left out, and at most
 * `limit` are kept. When nothing matches enough, `closest` holds the entries that match the most units.
 */
export function rankResults(indexes: readonly SearchableIndex[], units: readonly QueryUnit[], query: string, settings: { fields: readonly string[]; boost: Record<string, number>; limit: number }): { results: RankedResult[]; closest: RankedResult[] } {
  const found = new Map<string, RankedResult & { units: Set<number>; errors: string }>()
  const latin = (term: string) => !/\p{Script=Han}/u.test(term)
  const options = {
    fields: settings.fields,
    boost: settings.boost,
    tokenize: (text: string) => [text],
    processTerm: (term: string) => term,
    prefix: (term: string) => latin(term) && term.length >= 4,
    fuzzy: (term: string) => (latin(term) && term.length >= 8 ? 2 : latin(term) && term.length >= 5 ? 1 : false)
  }
  const wordUnits = units.filter((unit) => unit.kind === 'words').length
  units.forEach((unit, unitIndex) => {
    // Each alternative on its own, and a unit scores an entry by its best one: a word with many synonyms
    // must not outweigh the rest of the query because an entry uses several of them.
    const searches = unit.kind === 'pairs'
      ? [{ combineWith: 'OR', queries: unit.alternatives[0] ?? [], prefix: false, fuzzy: false }]
      : unit.alternatives.map((terms) => (terms.length === 1 ? terms[0] : { combineWith: 'AND', queries: terms }))
    const pairCount = unit.kind === 'pairs' ? (unit.alternatives[0] ?? []).length : 0
    indexes.forEach((index, shard) => {
      const best = new Map<string, { score: number; terms: string[]; errors: string }>()
      for (const search of searches) {
        for (const hit of index.search(search, options)) {
          // Characters outside every known word match when most of their pairs do: a typed phrase, not one pair of it.
          if (unit.kind === 'pairs' && hit.queryTerms.length < Math.ceil(pairCount * 0.6)) continue
          const known = best.get(hit.id)
          if (!known || hit.score > known.score) best.set(hit.id, { score: hit.score, terms: [...(known?.terms ?? []), ...hit.terms], errors: hit.errors ?? '' })
          else for (const term of hit.terms) known.terms.push(term)
        }
      }
      for (const [id, hit] of best) {
        const key = shard + '\u0000' + id
        const entry = found.get(key) ?? { id, shard, score: 0, terms: [], matched: 0, units: new Set<number>(), errors: hit.errors }
        entry.score += hit.score
        if (unit.kind === 'words' || wordUnits === 0) entry.units.add(unitIndex)
        for (const term of hit.terms) if (!entry.terms.includes(term)) entry.terms.push(term)
        found.set(key, entry)
      }
    })
  })
  const pasted = normalizeText(query).replace(/\s+/g, ' ').trim()
  const all = [...found.values()].map((entry) => {
    const quoted = pasted.length >= 4 && entry.errors.split('\n').some((message) => message.length >= 4 && (pasted.includes(message) || message.includes(pasted)))
    return { id: entry.id, shard: entry.shard, score: quoted ? entry.score * 2 : entry.score, terms: entry.terms, matched: entry.units.size }
  })
  const byScore = (a: RankedResult, b: RankedResult) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : a.shard - b.shard)
  // Characters outside every known word add to the score but are not required: a word the KB never uses,
  // or a typo, must not hide the entries that match the rest.
  const required = wordUnits > 0 ? unitsRequired(wordUnits) : 1
  const enough = all.filter((entry) => entry.matched >= required).sort(byScore)
  const best = enough[0]?.score ?? 0
  const results = enough.filter((entry) => entry.score >= best * 0.3).slice(0, settings.limit)
  const closest = results.length > 0 ? [] : all.sort((a, b) => b.matched - a.matched || byScore(a, b)).slice(0, 3)
  return { results, closest }
}
