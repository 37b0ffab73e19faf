/**
 * What the link-safety rules add to `kb check` (`npx tsx scripts/bench-safety.ts [N]`, default 5000):
 * generates the same KB as scripts/bench.ts, parses every entry as `kb check` does, and times the safety
 * stage alone by running it again on the same parsed entries. Reports both and the ratio.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { generateKb } from './bench.js'
import { loadConfig } from '../src/config/load-config.js'
import { discoverEntries } from '../src/load/discover.js'
import { parseEntry } from '../src/parse/entry.js'
import { readEntryFile } from '../src/load/read-entry-file.js'
import { allowedUrls } from '../src/validate/entry.js'
import { processEntry } from '../src/build/process-entry.js'
import { sectionModel } from '../src/parse/section-model.js'
import { safetyPolicy } from '../src/validate/safety/policy.js'
import { checkEntrySafety } from '../src/validate/safety/check-entry-safety.js'
import { VFile } from 'vfile'

const count = Number(process.argv[2] ?? 5000)
const root = await mkdtemp(path.join(os.tmpdir(), 'kb-bench-safety-'))
try {
  await generateKb(root, count)
  const { config } = await loadConfig(root)
  if (!config) throw new Error('generated config is invalid')
  const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
  const files = await Promise.all((await discoverEntries(root)).map(async (found) => ({ path: found.path, bytes: await readFile(found.absolute) })))
  const rounds: { parse: number; safety: number }[] = []
  for (let round = 0; round < 3; round++) {
    let start = performance.now()
    for (const file of files) processEntry(file.path, file.bytes, context, false)
    const parse = performance.now() - start
    const entries = files.map((file) => parseEntry(readEntryFile(file.path, file.bytes), file.path.split('/')[1] ?? config.defaultLocale, context.model))
    start = performance.now()
    for (const entry of entries) {
      if (!entry.tree) continue
      checkEntrySafety(new VFile({ path: entry.file.path }), String(entry.file.value), entry.tree, entry.yaml, allowedUrls(entry.yaml?.data), context.policy)
    }
    rounds.push({ parse, safety: performance.now() - start })
  }
  const best = rounds.reduce((a, b) => (a.parse < b.parse ? a : b))
  const without = best.parse - best.safety
  console.log(`| entries | per-entry work with safety rules (ms) | safety rules alone (ms) | added to the rest |`)
  console.log(`| ---: | ---: | ---: | ---: |`)
  console.log(`| ${files.length} | ${best.parse.toFixed(0)} | ${best.safety.toFixed(0)} | ${((best.safety / without) * 100).toFixed(1)}% |`)
} finally {
  await rm(root, { recursive: true, force: true })
}
