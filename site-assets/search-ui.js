// The search page: loads the prebuilt index shards next to the page, searches them all, and shows the ranked
// results with a snippet, loading the stored text of only the shards the shown results are in.
// `analyzeQuery`, `rankResults` (with the functions they call), `searchFields`, `storedFields`, `searchBoost`,
// and `commonWords` are prepended by the build, from the same code that builds the index.
;(async () => {
  const input = document.getElementById('search-q')
  const status = document.getElementById('search-status')
  const list = document.getElementById('search-results')
  const query = new URLSearchParams(location.search).get('q') || ''
  input.value = query
  for (const other of document.querySelectorAll('input[name="q"]')) if (other !== input) other.value = query
  if (!query.trim()) return
  const folder = list.dataset.index
  const synonyms = JSON.parse(list.dataset.synonyms || '{"phrases":{},"groups":[]}')
  const shardNumbers = Array.from({ length: Number(list.dataset.shards) || 1 }, (_, number) => number)
  const loadStarted = performance.now()
  // The Chinese words the index holds are the dictionary the query is split by: the browser never segments
  // text on its own, so the query meets the index's words whatever the browser's own word breaking says.
  const vocabulary = new Set()
  const indexes = await Promise.all(
    shardNumbers.map(async (number) => {
      const response = await fetch(`${folder}index-${number}.json`)
      const shard = await response.json()
      for (const word of shard.words) vocabulary.add(word)
      // And every pair of Chinese characters the text holds: a query word the dictionary lacks is still known.
      for (const [term] of shard.index.index) if (term.length === 2 && /^\p{Script=Han}{2}$/u.test(term)) vocabulary.add(term)
      return MiniSearch.loadJS(shard.index, { fields: searchFields, storeFields: storedFields, processTerm: (term) => term })
    })
  )
  list.dataset.loadMs = String(Math.round(performance.now() - loadStarted))
  const started = performance.now()
  const units = analyzeQuery(query, vocabulary, synonyms, new Set([...commonWords, ...JSON.parse(list.dataset.common || '[]')]))
  const { results, closest } = rankResults(indexes, units, query, { fields: searchFields, boost: searchBoost, limit: 10 })
  list.dataset.queryMs = String(Math.round((performance.now() - started) * 10) / 10)
  const shown = results.length > 0 ? results : closest
  const documents = new Map(
    await Promise.all(
      [...new Set(shown.map((result) => result.shard))].map(async (shard) => {
        const response = await fetch(`${folder}documents-${shard}.json`)
        return [shard, await response.json()]
      })
    )
  )
  status.textContent = results.length === 0 ? status.dataset.none : status.dataset.results.replace('{count}', results.length).replace('{query}', query)
  const target = results.length > 0 ? list : document.getElementById('search-suggestions')
  for (const found of shown) {
    const result = documents.get(found.shard)[found.id]
    const item = document.createElement('li')
    const link = document.createElement('a')
    link.href = result.url
    link.textContent = result.title
    const category = document.createElement('span')
    category.className = 'result-category'
    category.textContent = result.category
    item.append(link, ' ', category, snippet(result.text || result.summary, found.terms))
    target.append(item)
  }
  if (results.length === 0) document.getElementById('search-none').hidden = false
  list.dataset.done = 'true'
})()

/** A pattern for the matched words: Chinese words as they are, other words from their start, with any ending. */
function highlightPattern(terms) {
  const parts = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      return /\p{Script=Han}/u.test(term) ? escaped : '(?<![\\p{L}\\p{N}])' + escaped + '[\\p{L}\\p{N}]*'
    })
  return parts.length > 0 ? new RegExp(parts.join('|'), 'giu') : undefined
}

/**
 * A paragraph around the first match, the matched words in <mark>, built from text nodes only. It starts and
 * ends at word boundaries (never inside a word), and the lines of the entry's sections are joined by ` · `.
 */
function snippet(text, terms) {
  const paragraph = document.createElement('p')
  const flat = text.replace(/\s*\n\s*/g, ' · ')
  const pattern = highlightPattern(terms)
  const first = pattern ? flat.search(pattern) : -1
  let start = Math.max(0, first - 40)
  let end = Math.min(flat.length, start + 160)
  // Back to the start of a word, and on to the end of one: a Latin word is never cut in two.
  while (start > 0 && /[\p{L}\p{N}]/u.test(flat.charAt(start - 1)) && !/\p{Script=Han}/u.test(flat.charAt(start - 1))) start--
  while (end < flat.length && /[\p{L}\p{N}]/u.test(flat.charAt(end)) && !/\p{Script=Han}/u.test(flat.charAt(end))) end++
  const part = (start > 0 ? '…' : '') + flat.slice(start, end).replace(/^ · /, '') + (end < flat.length ? '…' : '')
  let last = 0
  if (pattern) {
    for (const match of part.matchAll(pattern)) {
      if (match[0] === '') continue
      paragraph.append(part.slice(last, match.index))
      const mark = document.createElement('mark')
      mark.textContent = match[0]
      paragraph.append(mark)
      last = match.index + match[0].length
    }
  }
  paragraph.append(part.slice(last))
  return paragraph
}
