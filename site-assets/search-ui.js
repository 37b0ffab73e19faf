// The search page: loads the prebuilt index shards next to the page, searches them all, and shows the ranked
// results with a snippet, loading the stored text of only the shards the shown results are in.
// `tokenize`, `searchFields`, `storedFields` and `searchBoost` are prepended by the build, from the same
// code that built the index.
;(async () => {
  const input = document.getElementById('search-q')
  const status = document.getElementById('search-status')
  const list = document.getElementById('search-results')
  const query = new URLSearchParams(location.search).get('q') || ''
  input.value = query
  for (const other of document.querySelectorAll('input[name="q"]')) if (other !== input) other.value = query
  if (!query.trim()) return
  const folder = list.dataset.index
  const shardNumbers = Array.from({ length: Number(list.dataset.shards) || 1 }, (_, number) => number)
  const loadStarted = performance.now()
  const indexes = await Promise.all(
    shardNumbers.map(async (number) => {
      const response = await fetch(`${folder}index-${number}.json`)
      return MiniSearch.loadJSON(await response.text(), { fields: searchFields, storeFields: storedFields, tokenize, processTerm: (term) => term })
    })
  )
  list.dataset.loadMs = String(Math.round(performance.now() - loadStarted))
  const started = performance.now()
  const options = {
    boost: searchBoost,
    combineWith: 'OR',
    prefix: (term) => term.length > 2 && !/\p{Script=Han}/u.test(term),
    fuzzy: (term) => (term.length > 4 && !/\p{Script=Han}/u.test(term) ? 0.2 : false)
  }
  const results = indexes
    .flatMap((index, shard) => index.search(query, options).map((result) => ({ id: result.id, score: result.score, shard })))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  list.dataset.queryMs = String(Math.round((performance.now() - started) * 10) / 10)
  const shown = results.slice(0, 30)
  const documents = new Map(
    await Promise.all(
      [...new Set(shown.map((result) => result.shard))].map(async (shard) => {
        const response = await fetch(`${folder}documents-${shard}.json`)
        return [shard, await response.json()]
      })
    )
  )
  const terms = [...new Set(tokenize(query))].sort((a, b) => b.length - a.length)
  status.textContent = results.length === 0 ? status.dataset.none : status.dataset.results.replace('{count}', results.length).replace('{query}', query)
  for (const found of shown) {
    const result = documents.get(found.shard)[found.id]
    const item = document.createElement('li')
    const link = document.createElement('a')
    link.href = result.url
    link.textContent = result.title
    const category = document.createElement('span')
    category.className = 'result-category'
    category.textContent = result.category
    item.append(link, ' ', category, snippet(result.text || result.summary, terms))
    list.append(item)
  }
})()

/** A paragraph around the first match, the matched words in <mark>, built from text nodes only. */
function snippet(text, terms) {
  const paragraph = document.createElement('p')
  const lower = text.toLowerCase()
  let at = -1
  for (const term of terms) {
    at = lower.indexOf(term)
    if (at !== -1) break
  }
  const start = Math.max(0, at - 40)
  const part = (start > 0 ? '…' : '') + text.slice(start, start + 160) + (start + 160 < text.length ? '…' : '')
  const pattern = terms.length > 0 ? new RegExp('(' + terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')', 'gi') : undefined
  let last = 0
  if (pattern) {
    for (const match of part.matchAll(pattern)) {
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
