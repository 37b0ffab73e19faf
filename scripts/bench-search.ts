/**
 * What the search index costs (`npx tsx scripts/bench-search.ts [N]`, default 5000): builds the shipped KB
 * and a generated KB of N entries, reports each locale's index shards (count, raw and gzip size, the largest),
 * the time to load them and the median time of typical queries over all shards, run with the same MiniSearch code and options as assets/search.js.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import MiniSearch from 'minisearch'
import { generateKb } from './bench.js'
import { searchBoost, searchFields, storedFields } from '../src/compile/site/search-index.js'
import { analyzeQuery, commonWords, rankResults, type SearchableIndex } from '../src/compile/site/search-query.js'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const queries: Record<string, string[]> = {
  'zh-CN': ['注销', '注销失败', '存在未完成的事务', '提现一直处理中', '双重验证 丢失'],
  en: ['withdrawal pending', 'withdrawl', 'account closure', 'invalid signature', 'deposit not credited']
}

async function measure(label: string, root: string): Promise<void> {
  const out = path.join(root, 'dist-search-bench')
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'bin/kb.js'), 'build', '--root', root, '--out', out], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`build of ${label} failed: ${build.stdout}${build.stderr}`)
  for (const locale of ['zh-CN', 'en']) {
    const folder = path.join(out, locale, 'search-index')
    const names = (await readdir(folder)).filter((name) => name.startsWith('index-')).sort()
    const texts = await Promise.all(names.map((name) => readFile(path.join(folder, name), 'utf8')))
    let start = performance.now()
    // As assets/search.js does: the index's Chinese words are the query's dictionary.
    const vocabulary = new Set<string>()
    const indexes = texts.map((json) => {
      const parsed = JSON.parse(json) as { words: string[]; index: { index: [string, unknown][] } }
      for (const word of parsed.words) vocabulary.add(word)
      for (const [term] of parsed.index.index) if (/^\p{Script=Han}{2}$/u.test(term)) vocabulary.add(term)
      return MiniSearch.loadJS(parsed.index as never, { fields: [...searchFields], storeFields: [...storedFields], processTerm: (term: string) => term })
    })
    const loadMs = performance.now() - start
    const times: number[] = []
    let hits = 0
    const stop = new Set(commonWords)
    for (let round = 0; round < 20; round++) {
      for (const query of queries[locale] ?? []) {
        start = performance.now()
        const units = analyzeQuery(query, vocabulary, { phrases: {}, groups: [] }, stop)
        hits += rankResults(indexes as unknown as SearchableIndex[], units, query, { fields: searchFields, boost: searchBoost, limit: 10 }).results.length
        times.push(performance.now() - start)
      }
    }
    times.sort((a, b) => a - b)
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`
    const documents = indexes.reduce((sum, index) => sum + index.documentCount, 0)
    const raw = texts.reduce((sum, json) => sum + Buffer.byteLength(json), 0)
    const gzipped = texts.map((json) => gzipSync(json).length)
    console.log(`| ${label} | ${locale} | ${documents} | ${texts.length} | ${kb(raw)} | ${kb(gzipped.reduce((a, b) => a + b, 0))} | ${kb(Math.max(...gzipped))} | ${loadMs.toFixed(0)} ms | ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(2)} ms | ${hits > 0 ? 'yes' : 'no'} |`)
  }
  await rm(out, { recursive: true, force: true })
}

console.log('| KB | locale | entries | shards | index | gzip | largest shard gzip | load | median query | found |')
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
await measure('shipped content/', repoRoot)
const count = Number(process.argv[2] ?? 5000)
const generated = await mkdtemp(path.join(os.tmpdir(), 'kb-bench-search-'))
try {
  await generateKb(generated, count)
  await measure(`${count} generated`, generated)
} finally {
  await rm(generated, { recursive: true, force: true })
}
