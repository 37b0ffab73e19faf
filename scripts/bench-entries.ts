/**
 * Times the per-entry work alone (read, parse, validate, compile: what the worker threads do) in one
 * process, on a KB's entries: `npx tsx scripts/bench-entries.ts <kb root> [lib folder] [every nth entry]`.
 * The lib folder defaults to this checkout's compiled `lib/`; give another checkout's to compare two
 * versions on the same entries, alternating runs (the whole-process figures come from farm-bench).
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [root, lib = path.resolve(import.meta.dirname, '../lib'), every = '3'] = process.argv.slice(2)
if (!root) {
  console.error('usage: npx tsx scripts/bench-entries.ts <kb root> [lib folder] [every nth entry]')
  process.exit(2)
}
type ProcessEntry = (path: string, bytes: Uint8Array, context: unknown, compile: boolean) => unknown
const { processEntry, entryContext } = (await import(pathToFileURL(path.join(lib, 'build/process-entry.js')).href)) as { processEntry: ProcessEntry; entryContext: (config: unknown) => unknown }
const { loadConfig } = (await import(pathToFileURL(path.join(lib, 'config/load-config.js')).href)) as { loadConfig: (root: string) => Promise<{ config: unknown }> }
const { config } = await loadConfig(root)
if (!config) throw new Error(`${root}/kb.config.yaml is missing or invalid`)
const files = readdirSync(path.join(root, 'content'), { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .filter((_, index) => index % Number(every) === 0)
  .map((name) => `content/${name}`)
const bytes = files.map((name) => readFileSync(path.join(root, name)))
const context = entryContext(config)
// A warm-up, so the figure is the work and not the loading and compiling of kb's modules.
for (const [index, name] of files.slice(0, 300).entries()) processEntry(name, bytes[index] as Uint8Array, context, true)
const start = performance.now()
for (const [index, name] of files.entries()) processEntry(name, bytes[index] as Uint8Array, context, true)
console.log(`${files.length} entries of ${root} with ${lib}: ${((performance.now() - start) / 1000).toFixed(2)} s`)
