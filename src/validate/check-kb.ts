import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { fromPortable, type PortableEntry } from './portable-entry.js'
import { VFile } from 'vfile'
import { compareStrings, report } from '../diagnostics/report.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import { discoverEntries, type DiscoveredFile, type DiscoveryProblem } from '../load/discover.js'
import { parseEntry, type ParsedEntry } from '../parse/entry.js'
import { sectionModel } from '../parse/section-model.js'
import { checkCrossEntry, type EntryLookup } from './cross-entry.js'
import { safetyPolicy } from './safety/policy.js'
import { applySeverityOverrides } from './severity-overrides.js'
import type { KbConfig } from '../types/config.js'

export interface CheckedKb {
  config: KbConfig
  entries: ParsedEntry[]
  lookup: EntryLookup
}

export type CheckOutcome =
  | { kind: 'config-error'; configFile: LoadedConfig['file'] }
  | ({ kind: 'checked'; configFile: LoadedConfig['file']; files: VFile[] } & CheckedKb & CheckedKbMeta)

export interface CheckOptions {
  /** A build needs the Markdown trees afterwards; a check does not. */
  keepTrees: boolean
}

export interface CheckedKbMeta {
  /** How many threads parsed the entries (1: the main thread only). */
  parseThreads: number
}

/** Loads the config and every entry, runs every rule, and returns the files with their problems attached. */
export async function checkKb(root: string, options: CheckOptions = { keepTrees: true }): Promise<CheckOutcome> {
  const loaded = await loadConfig(root)
  if (!loaded.config) return { kind: 'config-error', configFile: loaded.file }
  const config = loaded.config
  const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
  const discovered = await discoverEntries(root)
  const readable = discovered.filter((found) => !found.problem)
  const entries: ParsedEntry[] = []
  // Every path discovery could not read is a message on that path: nothing under content/ is skipped silently.
  const extraFiles: VFile[] = discovered.flatMap((found) => (found.problem ? [discoveryProblem(found.path, found.problem)] : []))
  const workers = workerCount(readable.length)
  let parseHere = readable
  if (workers > 1) {
    const { parsed, leftOver } = await parseInWorkers(readable, config, options.keepTrees, workers)
    parseHere = leftOver
    for (const result of parsed) {
      if ('error' in result) {
        const file = new VFile({ path: result.path })
        report(file, 'file-unreadable', `Unexpected read error: ${result.error}`, { line: 1, column: 1 })
        extraFiles.push(file)
      } else {
        entries.push(fromPortable(result))
      }
    }
  }
  for (const [index, bytes] of (await readAll(parseHere)).entries()) {
    const found = parseHere[index]
    if (!found) continue
    if (bytes instanceof Error) {
      const file = new VFile({ path: found.path })
      report(file, 'file-unreadable', `Unexpected read error: ${bytes.message}`, { line: 1, column: 1 })
      extraFiles.push(file)
    } else if (bytes) {
      entries.push(parseEntry(found.path, bytes, context))
    }
  }
  // Discovery order, whichever thread parsed what: the output must not depend on it.
  if (parseHere.length > 0 && parseHere !== readable) entries.sort((a, b) => compareStrings(a.file.path, b.file.path))
  const lookup = checkCrossEntry(entries, config)
  // The config file joins the report when it has something to say (severity overrides).
  const files = [...(loaded.file.messages.length > 0 ? [loaded.file] : []), ...entries.map((entry) => entry.file), ...extraFiles]
  applySeverityOverrides(files, config)
  return { kind: 'checked', configFile: loaded.file, files, config, entries, lookup, parseThreads: workers }
}

/** A path discovery found and could not read as an entry, as a file with one message at 1:1. */
function discoveryProblem(path: string, problem: DiscoveryProblem): VFile {
  const file = new VFile({ path })
  const start = { line: 1, column: 1 }
  switch (problem.kind) {
    case 'outside-root':
      report(file, 'file-symlink', `Unexpected symbolic link \`${path}\` to a place outside the KB root, expected a file inside it`, start)
      break
    case 'unreadable-folder':
      report(file, 'directory-unreadable', `Unexpected folder \`${path}\` that cannot be read (${problem.reason}), expected a folder kb can list`, start)
      break
    case 'unfollowable-link':
      report(file, 'file-unreadable', `Unexpected symbolic link \`${path}\` that cannot be followed (${problem.reason}), expected a link kb can read through`, start)
      break
    case 'broken-link':
      report(file, 'file-symlink-broken', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which does not exist, expected a link to an existing file or folder`, start)
      break
    case 'link-loop':
      report(file, 'file-symlink-loop', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, which loops without reaching a file or folder, expected a link that ends at a file or folder`, start)
      break
    case 'link-to-ancestor':
      report(file, 'file-symlink-loop', `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that contains the link, expected a link that does not lead back into itself`, start)
      break
    case 'repeated-folder':
      report(
        file,
        'file-symlink-duplicate',
        problem.viaLink
          ? `Unexpected symbolic link \`${path}\` to \`${problem.target}\`, a folder that is read already, expected each folder reached once: its entries are checked at \`${problem.readAt}\``
          : `Unexpected folder \`${path}\`, which is \`${problem.target}\` again through a symbolic link, expected each folder reached once: its entries are checked at \`${problem.readAt}\``,
        start
      )
      break
    case 'not-a-file':
      report(file, 'file-not-regular', `Unexpected ${problem.what} at \`${path}\`, expected a regular Markdown file`, start)
      break
  }
  return file
}

const workerScript = new URL('./parse-worker.js', import.meta.url)
/** Entries per worker: below about this many, starting a worker (modules, schemas) costs more than it saves. */
const entriesPerWorker = 1000

/**
 * How many threads parse: 1 (the main thread) for small KBs and when running from the TypeScript sources;
 * otherwise one per 1,000 entries, at most 4 or the number of cores. KB_WORKERS=<n> sets it exactly.
 */
function workerCount(entries: number): number {
  if (!existsSync(fileURLToPath(workerScript)) || entries === 0) return 1
  const fromEnvironment = Number(process.env['KB_WORKERS'])
  if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) return Math.min(fromEnvironment, entries)
  return Math.max(1, Math.min(os.availableParallelism(), 4, Math.floor(entries / entriesPerWorker)))
}

/** Parses contiguous slices in worker threads and returns the results in discovery order. */
async function parseInWorkers(files: readonly DiscoveredFile[], config: KbConfig, keepTrees: boolean, workers: number): Promise<{ parsed: (PortableEntry | { path: string; error: string })[]; leftOver: DiscoveredFile[] }> {
  const size = Math.ceil(files.length / workers)
  const slices = Array.from({ length: workers }, (_, index) => files.slice(index * size, (index + 1) * size))
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<{ parsed: (PortableEntry | { path: string; error: string })[]; leftOver: DiscoveredFile[] }>((resolve) => {
          const worker = new Worker(workerScript, { workerData: { config, files: slice.map(({ path, absolute }) => ({ path, absolute })), keepTrees } })
          worker.once('message', (message: (PortableEntry | { path: string; error: string })[]) => {
            resolve({ parsed: message, leftOver: [] })
            void worker.terminate()
          })
          // A worker that dies (out of memory, a bug) costs speed, never results: its slice is parsed here.
          worker.once('error', () => resolve({ parsed: [], leftOver: slice }))
        })
    )
  )
  return { parsed: results.flatMap((result) => result.parsed), leftOver: results.flatMap((result) => result.leftOver) }
}

/** Reads in small batches: fast on thousands of files without running out of file handles. */
async function readAll(files: readonly DiscoveredFile[]): Promise<(Uint8Array | Error | undefined)[]> {
  const results: (Uint8Array | Error | undefined)[] = []
  const batch = 64
  for (let start = 0; start < files.length; start += batch) {
    const slice = files.slice(start, start + batch)
    results.push(
      ...(await Promise.all(
        slice.map((found) => (found.problem ? Promise.resolve(undefined) : readFile(found.absolute).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))))
      ))
    )
  }
  return results
}
