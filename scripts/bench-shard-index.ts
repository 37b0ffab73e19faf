/**
 * What one search shard's index costs to write (`npx tsx scripts/bench-shard-index.ts <dist>`), from the API
 * records a `kb build` wrote into `<dist>/api/entries/`: e.g. the tldr KB's (`npx tsx scripts/tldr-kb.ts
 * /tmp/tk && node bin/kb.js build --root /tmp/tk`, then `/tmp/tk/dist`). For each locale's shards, in turn:
 * - MiniSearch's own `addAll` and `JSON.stringify`, the way kb wrote a shard before session 22;
 * - kb's writer (buildSearchIndex) in a process that has not split the texts yet, as in a cold build;
 * - kb's writer again, its text splitting remembered (the `kb build` after a change);
 * - kb's writer with each entry's terms kept (kb dev: a save rebuilds the shard from the others' terms).
 * Prints the median milliseconds per shard of each, and checks that all give the same bytes.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import MiniSearch from 'minisearch'
import { buildSearchIndex, indexTerms, searchDocument, searchFields, searchShards, storedFields, type SearchDocument, type SearchTermsMemory } from '../src/compile/site/search-index.js'
import type { ApiEntry } from '../src/types/api-entry.js'

const dist = process.argv[2]
if (!dist) {
  console.error('usage: npx tsx scripts/bench-shard-index.ts <dist folder of a kb build>')
  process.exit(2)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const timed = <T>(run: () => T): [T, number] => {
  const started = performance.now()
  const value = run()
  return [value, performance.now() - started]
}

for (const locale of await readdir(path.join(dist, 'api/entries'))) {
  const folder = path.join(dist, 'api/entries', locale)
  const records = await Promise.all((await readdir(folder)).sort().map(async (name) => JSON.parse(await readFile(path.join(folder, name), 'utf8')) as ApiEntry))
  const shards = searchShards(
    records.filter((entry) => entry.status === 'published'),
    locale
  )
  const times = { miniSearch: [] as number[], cold: [] as number[], remembered: [] as number[], kept: [] as number[] }
  const memory: SearchTermsMemory = new WeakMap()
  for (const shard of shards) {
    const [cold, coldMs] = timed(() => buildSearchIndex(shard.entries))
    const [before, miniSearchMs] = timed(() => miniSearchShard(shard.entries))
    // kb's file holds the index after the shard's word list.
    if (cold.slice(cold.indexOf(',"index":') + ',"index":'.length, -1) !== before) throw new Error(`${shard.indexPath}: kb's index is not MiniSearch's`)
    const [remembered, rememberedMs] = timed(() => buildSearchIndex(shard.entries))
    buildSearchIndex(shard.entries, memory)
    const [kept, keptMs] = timed(() => buildSearchIndex(shard.entries, memory))
    if (new Set([cold, remembered, kept]).size !== 1) throw new Error(`${shard.indexPath}: the writers disagree`)
    times.miniSearch.push(miniSearchMs)
    times.cold.push(coldMs)
    times.remembered.push(rememberedMs)
    times.kept.push(keptMs)
  }
  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`
  console.log(`${locale}: ${shards.length} shards of about ${Math.round(shards.reduce((sum, shard) => sum + shard.entries.length, 0) / shards.length)} entries, median per shard:`)
  console.log(`  MiniSearch addAll + JSON.stringify ${ms(times.miniSearch)}; kb, cold ${ms(times.cold)}; kb, text splitting remembered ${ms(times.remembered)}; kb, terms kept (kb dev) ${ms(times.kept)}`)
}

/** A shard's index as MiniSearch itself makes it, from kb's documents and terms. */
function miniSearchShard(entries: readonly ApiEntry[]): string {
  const index = new MiniSearch<SearchDocument>({ fields: [...searchFields], storeFields: [...storedFields], tokenize: (text) => [...indexTerms(text)], processTerm: (term) => term })
  index.addAll(entries.map(searchDocument))
  return JSON.stringify(index)
}
