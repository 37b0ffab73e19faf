import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import { compareStrings, report } from '../diagnostics/report.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import { loadConfigRemembered } from './config-memo.js'
import { discoverEntries, type DiscoveredFile, type FolderTrace } from '../load/discover.js'
import { entryText, hashEntryBytes } from '../load/read-entry-file.js'
import { checkCrossEntry, type EntryLookup } from '../validate/cross-entry.js'
import { checkMediaFiles, type MediaIndex } from '../validate/media-files.js'
import { applySeverityOverrides } from '../validate/severity-overrides.js'
import { openArtifactCache, type ArtifactCache, type ResidentArtifacts } from './artifact-cache.js'
import { discoveryProblem } from './discovery-problem.js'
import { fileOf, fromArtifact, type CheckedEntry, type EntryArtifact } from './entry-artifact.js'
import { copyKeepingCold } from './cold-facts.js'
import { inBatches, runInWorkers, threadCount } from './worker-pool.js'
import type { EntryJob } from './jobs.js'
import type { RecordedListing } from './unchanged-run.js'
import { stampOf, type Stamp } from './stamp.js'
import { startTimings, type Timings } from './timings.js'
import type { KbConfig } from '../types/config.js'

export interface CheckedKb {
  config: KbConfig
  entries: CheckedEntry[]
  lookup: EntryLookup
  /** The image files the entries show (see media-files.ts). */
  media: MediaIndex
}

export type CheckOutcome =
  | { kind: 'config-error'; configFile: LoadedConfig['file']; lang: LoadedConfig['lang'] }
  | ({ kind: 'checked'; configFile: LoadedConfig['file']; files: VFile[]; read: ReadStamps; release: () => void } & CheckedKb & RunFacts)

/** When the entries were read and each one's stamp just before (with the cache on; see unchanged-run.ts). */
export interface ReadStamps {
  at: number
  stamps: Map<string, Stamp>
  /** The content hash of each entry read, by path. */
  hashes: Map<string, string>
  /** Each folder listed, by path from the root, when their stamps alone tell that the listing is the same (see FolderTrace). */
  folders?: Map<string, Stamp>
}

export interface RunFacts {
  /** The config the run read. */
  config: KbConfig
  /** How many threads processed entries (1: the main thread only). */
  threads: number
  /** Entries taken from the cache, and entries processed in this run. */
  cached: number
  processed: number
  /** Notes for stderr (the cache could not be used, a damaged cache file): never diagnostics. */
  notes: string[]
  timings: Timings
}

export interface CheckOptions {
  /** The config as the caller loaded it already. */
  loaded?: LoadedConfig
  /** A build compiles each entry too (cached with it); a check does not. */
  compile: boolean
  /** Told how far the run is, for a progress line on a terminal; never needed for the result. */
  onProgress?: (progress: Progress) => void
  /** Use and update the artifact cache in `<root>/.kb-cache` (off: `--no-cache` or KB_CACHE=off). */
  cache: boolean
  env: NodeJS.ProcessEnv
  /**
   * The content hash of an entry whose stamp shows it unchanged since a run that read it (see knownEntries):
   * its cached facts are taken without reading the file.
   */
  known?: KnownEntries
  /** Artifacts a resident engine keeps decoded between runs (see ResidentArtifacts). */
  resident?: ResidentArtifacts
  /** The entries as a recorded run listed them, when its folders show the listing unchanged (see listedAsRecorded): not discovered again. */
  listed?: RecordedListing
  /** Entries' stamps taken already in this run (see LookedAt): not taken again. */
  stamped?: ReadonlyMap<string, Stamp>
}

/** The content hash an entry at `path` had when last read, if its stamp proves it has not changed since. */
export type KnownEntries = (path: string, stamp: Stamp) => string | undefined

/** How far a run is: entries checked of all of them, then output files written (their count not known ahead). */
export type Progress = { phase: 'entries'; done: number; total: number } | { phase: 'output'; done: number } | { phase: 'import'; done: number; total: number }

/**
 * Loads the config and every entry, runs every rule, and returns the files with their problems attached.
 * Per-entry work (read, parse, validate, compile) comes from the cache when the entry, kb and the config are
 * unchanged, and otherwise runs in worker threads for large KBs; the rules across entries always run.
 */
export async function checkKb(root: string, options: CheckOptions): Promise<CheckOutcome> {
  const timings = startTimings()
  const loaded = options.loaded ?? (await (options.cache ? loadConfigRemembered(root) : loadConfig(root)))
  if (!loaded.config) return { kind: 'config-error', configFile: loaded.file, lang: loaded.lang }
  const config = loaded.config
  const trace: FolderTrace | undefined = options.cache && !options.listed ? { folders: new Map(), covers: true } : undefined
  const discovered = options.listed?.files ?? (await discoverEntries(root, trace))
  // Every path discovery could not read is a message on that path: nothing under content/ is skipped silently.
  const extraFiles: VFile[] = discovered.flatMap((found) => (found.problem ? [discoveryProblem(found.path, found.problem)] : []))
  const readable = discovered.filter((found) => !found.problem)
  const cache = options.cache ? openArtifactCache(root, config, options.resident, { bodies: options.compile }) : undefined
  const entries: CheckedEntry[] = []
  const misses: (EntryJob & { contentHash: string; slot: number })[] = []
  const sources: Uint8Array[] = []
  const absolutes: string[] = []
  const slots: (EntryArtifact | undefined)[] = []
  let cached = 0
  const stamped: ReadStamps = { at: Date.now(), stamps: new Map(), hashes: new Map(), ...(options.listed ? { folders: options.listed.folders } : trace?.covers ? { folders: folderStamps(root, trace) } : {}) }
  for (const [index, read] of readAll(readable, cache, options.cache ? stamped : undefined, options.cache ? options.known : undefined, options.compile, options.stamped).entries()) {
    const found = readable[index] as DiscoveredFile
    if (read instanceof Error) {
      const file = new VFile({ path: found.path })
      report(file, 'file-unreadable', `Unexpected read error: ${read.message}`, { line: 1, column: 1 }, undefined, `读取文件时出错：${read.message}`)
      extraFiles.push(file)
      continue
    }
    if (read.bytes) sources[slots.length] = read.bytes
    absolutes[slots.length] = found.absolute
    if (read.artifact && (read.artifact.compileAttempted || !options.compile)) {
      cached++
      slots.push(read.artifact)
    } else {
      misses.push({ path: found.path, bytes: read.bytes ?? readFileSync(found.absolute), contentHash: read.contentHash, slot: slots.length })
      slots.push(undefined)
    }
  }
  timings.mark('read')
  const threads = threadCount(misses.length, options.env)
  // The parser, the rules and the compiler load only when some entry is not in the cache.
  const processing = misses.length > 0 ? await import('./process-entry.js') : undefined
  let context: ReturnType<NonNullable<typeof processing>['entryContext']> | undefined
  const processHere = (job: EntryJob) => {
    if (!processing) throw new Error('entry processing was not loaded')
    context ??= processing.entryContext(config)
    return processing.processEntry(job.path, job.bytes, context, options.compile)
  }
  let finished = cached
  options.onProgress?.({ phase: 'entries', done: finished, total: slots.length })
  const done = (miss: (typeof misses)[number], artifact: EntryArtifact) => {
    options.onProgress?.({ phase: 'entries', done: ++finished, total: slots.length })
    // As the cache holds it: its body read back from the cache's file once stored there.
    slots[miss.slot] = cache ? cache.set(miss.path, miss.contentHash, artifact) : artifact
  }
  if (threads > 1) {
    // Each batch is cached as it arrives, while the workers go on with the next ones.
    const batches = inBatches(misses, 32)
    await runInWorkers('entries', batches, threads, config, options.compile, processHere, (index, artifacts) => artifacts.forEach((artifact, offset) => done(batches[index]?.[offset] as (typeof misses)[number], artifact)))
  } else {
    for (const miss of misses) done(miss, processHere(miss))
  }
  timings.mark('entries')
  const withText: { entry: CheckedEntry; bytes: Uint8Array | undefined; absolute: string }[] = []
  const cwd = process.cwd()
  for (const [index, artifact] of slots.entries()) {
    if (!artifact) continue
    const entry = options.resident ? residentEntry(artifact, cwd) : fromArtifact(artifact, cwd)
    entries.push(entry)
    if (artifact.hasText) withText.push({ entry, bytes: sources[index], absolute: absolutes[index] as string })
  }
  entries.sort((a, b) => compareStrings(a.file.path, b.file.path))
  cache?.prune()
  timings.mark('cache')
  const lookup = checkCrossEntry(entries, config)
  const media = checkMediaFiles(root, entries, config)
  // Only files with something to report need their text (for code frames): decoding all would cost time.
  for (const { entry, bytes, absolute } of withText) {
    if (entry.file.messages.length === 0) continue
    // An entry known unchanged was not read: it is read now, for its code frames only.
    const text = bytes ?? readOrNothing(absolute)
    if (text) entry.file.value = entryText(text)
  }
  // The config file joins the report when it has something to say (severity overrides).
  const files = [...(loaded.file.messages.length > 0 ? [loaded.file] : []), ...entries.map((entry) => entry.file), ...extraFiles]
  applySeverityOverrides(files, config)
  timings.mark('cross-entry')
  // A check reads no body: the cache's files close now. A build closes them once its output is written.
  const release = () => cache?.release()
  if (!options.compile) release()
  return { kind: 'checked', configFile: loaded.file, files, read: stamped, config, entries, lookup, media, threads, cached, processed: misses.length, notes: cache?.notes ?? [], timings, release }
}

/** The entry a resident engine last made of each artifact it keeps. */
const madeOf = new WeakMap<EntryArtifact, CheckedEntry>()

/**
 * The entry of an artifact kept between runs: a copy of the one made of it last time, on a file of its own
 * (this run's rules across entries add their messages to it). Making each of 9,000 entries anew cost a
 * kb dev save about 30 ms.
 */
function residentEntry(artifact: EntryArtifact, cwd: string): CheckedEntry {
  const last = madeOf.get(artifact)
  if (last) return Object.assign(copyKeepingCold(last, ['file']), { file: fileOf(artifact, cwd) })
  const entry = fromArtifact(artifact, cwd)
  madeOf.set(artifact, entry)
  return entry
}

interface ReadEntry {
  /** Undefined for an entry known unchanged, taken from the cache without reading it. */
  bytes: Uint8Array | undefined
  contentHash: string
  artifact: EntryArtifact | undefined
}

/**
 * Reads every entry and looks it up in the cache; an entry `known` unchanged is looked up without being read.
 * Synchronous reads are several times faster than promises for thousands of small files, and nothing else
 * runs on this thread meanwhile.
 */
function readAll(files: readonly DiscoveredFile[], cache: ArtifactCache | undefined, stamped: ReadStamps | undefined, known: KnownEntries | undefined, compile: boolean, taken: ReadonlyMap<string, Stamp> | undefined): (ReadEntry | Error)[] {
  return files.map((found) => {
    let bytes: Uint8Array
    // Looked up by the hash it had: undefined when unknown, else what the cache holds for it (maybe nothing).
    let looked: { hash: string; artifact: EntryArtifact | undefined } | undefined
    try {
      // Stamped before the read: a write after the stamp changes the file's stamp, so it is never missed.
      const stamp = stamped ? (taken?.get(found.path) ?? stampOf(statSync(found.absolute))) : undefined
      if (stamp && stamped) {
        stamped.stamps.set(found.path, stamp)
        const knownHash = known?.(found.path, stamp)
        looked = knownHash === undefined ? undefined : { hash: knownHash, artifact: cache?.get(found.path, knownHash) }
        if (looked?.artifact && (looked.artifact.compileAttempted || !compile)) {
          stamped.hashes.set(found.path, looked.hash)
          return { bytes: undefined, contentHash: looked.hash, artifact: looked.artifact }
        }
      }
      bytes = readFileSync(found.absolute)
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
    const contentHash = hashEntryBytes(bytes)
    stamped?.hashes.set(found.path, contentHash)
    // Not looked up twice (a damaged cache file is reported once).
    return { bytes, contentHash, artifact: looked?.hash === contentHash ? looked.artifact : cache?.get(found.path, contentHash) }
  })
}

function folderStamps(root: string, trace: FolderTrace): Map<string, Stamp> {
  return new Map([...trace.folders].map(([absolute, stats]) => [path.relative(root, absolute).split(path.sep).join('/'), stampOf(stats)]))
}

function readOrNothing(file: string): Uint8Array | undefined {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}
