import { sha256Bytes } from '../text/sha256.js'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { VFile } from 'vfile'
import { safetyPolicy } from '../validate/safety/policy.js'
import { isScanned, outputFindingsFile, placeAfter, type OutputFinding } from '../validate/safety/scan-output.js'
import { outputRecords, type OutputRecord } from '../validate/safety/output-records.js'
import { scanJob, type ScanJob } from './jobs.js'
import { crashesOnBatch } from '../write/fault-injection.js'
import type { WorkerBatch, WorkerResult } from './worker-pool.js'
import type { KbConfig } from '../types/config.js'
import type { Point } from 'unist'

/** Text per scan batch: big enough to pay for the message, small enough to share out evenly. */
const batchBytes = 1_000_000
/**
 * A scan thread's heap bound. Little of it stays alive (a heap snapshot of one on the 9,000-entry tldr KB:
 * 31 MB), but under V8's default bound each scan thread let its garbage grow to about 200 MB before
 * collecting. Under this bound V8 collects sooner: the build's peak fell from 1,192 to 1,029 MB, in the same
 * time. It is eight times what a thread keeps alive; a thread that still reached it would end, and the
 * main thread would scan its files. Its young generation: V8's default on a 64-bit machine, 48 MB, was most of
 * a scan thread's heap (52 MB, 20 MB of it alive, on the tldr KB), filled with the short-lived strings of
 * matching; at 12 MB they are collected sooner.
 */
const scanThreadHeap = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 12 }
/**
 * Text scanned on the main thread before the scan threads start: a rebuild that rescans a changed page, its
 * search shard and a few listings (1 to 3 MB) is done here in tens of milliseconds, where starting the
 * threads (each loads kb's rules and compiles the policy) takes about 0.3 s of both cores.
 */
const textBeforeThreads = 16_000_000
/** Text in flight to the workers at most: beyond it the main thread scans too, so memory stays bounded. */
const inFlightBytes = 16_000_000

export interface Scanner {
  /** Queues one output file for the output scan. */
  add(relative: string, text: string): void
  /**
   * Queues a file that comes a part at a time (see StreamedFile): each part is a record (one entry's text, as
   * the records of add are), scanned as it comes, or known by its memo key when an earlier build scanned a part
   * with that key; none of the text is kept: `textOf` reads it back whole for the code frames of a file with findings.
   * Undefined for a file the scan does not read.
   */
  stream(relative: string, textOf: () => string | undefined): { push: (part: string, key?: Uint8Array) => void; end: () => void } | undefined
  /** A promise to wait on before adding more when the workers are behind, else undefined. */
  ready(): Promise<void> | undefined
  /**
   * Every queued file's findings, as files (`dist/<path>`, holding their text) in the order they were added;
   * and what it found in the records of each file cut into records (see output-records.ts), by the hash of its
   * text, for the next build to reuse.
   */
  finish(): Promise<{ files: VFile[]; records: ScannedRecords }>
  /** Ends the worker threads without waiting for what they hold: the build is giving up (its threads would keep the process alive). */
  stop(): Promise<void>
}

/**
 * What the scan found in the records of the files it cut into records, small enough to keep for the next
 * build on a corpus of 100,000 records: each file's records as their hashes (16 bytes each, one after the
 * other), and the findings of the few records that have any, by hash (see recordKey).
 */
export interface ScannedRecords {
  ofFile: Map<string, Buffer>
  flagged: Map<string, readonly OutputFinding[]>
}

const recordHashBytes = 16

/** Where text that starts at `start` ends. */
function pointAfter(start: Point, text: string): Point {
  const offset = (start.offset ?? 0) + text.length
  const last = text.lastIndexOf('\n')
  if (last === -1) return { line: start.line, column: start.column + text.length, offset }
  let breaks = 0
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) breaks++
  return { line: start.line + breaks, column: text.length - last, offset }
}

/** A record's hash: the first 16 bytes of the sha256 of its text (as a map key, those bytes read as latin1). */
function recordKey(text: string): Buffer {
  return sha256Bytes(text).subarray(0, recordHashBytes)
}

/** The records of files kept whole, as the last build scanned them, into this build's records. */
export function carryRecords(from: ScannedRecords, files: readonly string[], into: ScannedRecords): void {
  for (const relative of files) {
    const hashes = from.ofFile.get(relative)
    if (!hashes) continue
    into.ofFile.set(relative, hashes)
    for (let start = 0; start < hashes.length; start += recordHashBytes) {
      const key = hashes.toString('latin1', start, start + recordHashBytes)
      const findings = from.flagged.get(key)
      if (findings) into.flagged.set(key, findings)
    }
  }
}

/** A lookup of every record an earlier build scanned: its findings (none for most), or undefined when it was not scanned. */
export function scannedBefore(records: ScannedRecords): (key: string) => readonly OutputFinding[] | undefined {
  const scanned = new Set<string>()
  for (const hashes of records.ofFile.values()) for (let start = 0; start < hashes.length; start += recordHashBytes) scanned.add(hashes.toString('latin1', start, start + recordHashBytes))
  return (key) => (scanned.has(key) ? (records.flagged.get(key) ?? []) : undefined)
}

const workerScript = new URL('./entry-worker.js', import.meta.url)

interface QueuedFile {
  relative: string
  /** Its place among the files added: findings are reported in that order. */
  order: number
  /** Kept while some record is being scanned: the file's text (or how to read it back), for code frames if it has findings. */
  text: string | (() => string | undefined) | undefined
  /** Where each record starts in the file. */
  starts: Point[]
  results: (readonly OutputFinding[] | undefined)[]
  /** Records queued and not yet scanned. */
  remaining: number
  /** Whether more records may come (a file still streaming in). */
  open: boolean
}

/** One record to scan: which file, which record, its text. */
type RecordJob = { file: QueuedFile; record: number; text: string; hash: string | undefined }

/**
 * Scan threads for a build whose per-entry work would use `threads` (see threadCount): the cores the main thread
 * leaves, as it compiles on one of its own. None when that work stays on the main thread. On 2 cores, one scan
 * thread kept up with the compile of the tldr KB as two did (17.5 against 17.4 s), and saved the memory of a thread.
 */
export function scanThreads(threads: number): number {
  return threads > 1 ? threads - 1 : 0
}

/**
 * The output scan, fed one file at a time while the build goes on. Each file is cut into records (one for most
 * files; one per item for feeds, sitemaps and indexes); a record whose text an earlier build scanned (`known`)
 * keeps that verdict, the rest are scanned: with `threads` (worker threads; 0 for none) in batches on those
 * threads, while the main thread compiles the next files. The verdicts are those of scanning each file on the main thread. A worker
 * that dies has its batches scanned on the main thread.
 */
export function startScanner(config: KbConfig, allowed: ReadonlySet<string>, threads: number, known: (key: string) => readonly OutputFinding[] | undefined = () => undefined): Scanner {
  let policy: ReturnType<typeof safetyPolicy> | undefined
  const here = (text: ScanJob) => scanJob(text, (policy ??= safetyPolicy(config)), allowed, config.rules)
  const flagged: { relative: string; text: string | undefined; findings: OutputFinding[]; order: number }[] = []
  const records: ScannedRecords = { ofFile: new Map(), flagged: new Map() }
  // Records scanned in this build, for a record that comes twice.
  const scannedNow = new Map<string, readonly OutputFinding[]>()
  let added = 0
  const record = (job: RecordJob, findings: readonly OutputFinding[]) => {
    const { file } = job
    if (job.hash !== undefined) {
      scannedNow.set(job.hash, findings)
      if (findings.length > 0) records.flagged.set(job.hash, findings)
    }
    file.results[job.record] = findings
    file.remaining--
    settleFile(file)
  }
  const settleFile = (file: QueuedFile) => {
    if (file.remaining > 0 || file.open) return
    const all = file.results.flatMap((found, index) => (found && found.length > 0 ? placeAfter(found, file.starts[index] as Point) : []))
    if (all.length > 0) flagged.push({ relative: file.relative, text: typeof file.text === 'function' ? file.text() : file.text, findings: all, order: file.order })
    file.text = undefined
  }
  // Started once the text queued passes textBeforeThreads: a build that rescans a few changed files scans
  // them here, without paying for threads (their start, their memory) that would have little to do.
  const threaded = threads > 0 && existsSync(fileURLToPath(workerScript))
  // The test of dying scan threads (KB_WORKER_CRASH=scan) needs them on a KB of a few MB.
  const textHere = crashesOnBatch(process.env, 'scan')(2) ? 0 : textBeforeThreads
  let queuedText = 0
  const workers: ReturnType<typeof startWorker>[] = []
  const pending = new Map<number, { jobs: RecordJob[]; bytes: number; worker: number }>()
  let inFlight = 0
  let batch: RecordJob[] = []
  let batchSize = 0
  let nextBatch = 0
  let nextWorker = 0
  const waiters = new Set<() => void>()
  // The next answer of a worker, or the death of a living one (whose batches are then scanned here). Only
  // living ones: a dead one's settled promise would make every wait return at once and starve the messages.
  const nextAnswer = () => Promise.race([new Promise<void>((resolve) => waiters.add(resolve)), ...workers.filter((state) => state.alive).map((state) => state.done)])

  function startWorker(): { worker: Worker; alive: boolean; done: Promise<void> } {
    const worker = new Worker(workerScript, { workerData: { config }, resourceLimits: scanThreadHeap })
    const state = { worker, alive: true, done: Promise.resolve() }
    state.done = new Promise<void>((resolve) => {
      const died = () => {
        state.alive = false
        resolve()
      }
      worker.once('error', died)
      worker.once('exit', died)
    })
    worker.on('message', (result: WorkerResult<OutputFinding[]>) => settle(result.id, result.results))
    return state
  }

  function settle(id: number, results: readonly (readonly OutputFinding[])[]): void {
    const sent = pending.get(id)
    if (!sent) return
    pending.delete(id)
    inFlight -= sent.bytes
    sent.jobs.forEach((job, index) => record(job, results[index] ?? []))
    for (const wake of waiters) wake()
    waiters.clear()
  }

  function flush(last = false): void {
    if (batch.length === 0) return
    if (workers.length === 0 && !last) workers.push(...Array.from({ length: threads }, () => startWorker()))
    const alive = workers.map((_, index) => index).filter((index) => workers[index]?.alive)
    if (alive.length === 0 || inFlight + batchSize > inFlightBytes) {
      for (const job of batch) record(job, here(job.text))
    } else {
      const target = alive[nextWorker++ % alive.length] ?? 0
      const id = nextBatch++
      pending.set(id, { jobs: batch, bytes: batchSize, worker: target })
      inFlight += batchSize
      workers[target]?.worker.postMessage({ id, task: 'scan', items: batch.map((job) => job.text), options: [...allowed] } satisfies WorkerBatch<ScanJob>)
    }
    batch = []
    batchSize = 0
  }

  /** A record of a file: kept with its verdict when scanned before (by its hash), else queued for the scan. */
  function queueRecord(file: QueuedFile, part: OutputRecord, key: Buffer | undefined): void {
    const index = file.starts.length
    file.starts.push(part.start)
    file.results.push(undefined)
    file.remaining++
    const hash = key?.toString('latin1')
    const remembered = hash === undefined ? undefined : (scannedNow.get(hash) ?? known(hash))
    if (remembered) record({ file, record: index, text: '', hash }, remembered)
    else queue({ file, record: index, text: part.text, hash })
  }

  function queue(job: RecordJob): void {
    queuedText += job.text.length
    if (!threaded || (workers.length === 0 && queuedText < textHere)) {
      record(job, here(job.text))
      return
    }
    batch.push(job)
    batchSize += job.text.length
    if (batchSize >= batchBytes) flush()
  }

  return {
    add(relative, text) {
      if (!isScanned(relative)) return
      const parts = outputRecords(relative, text)
      const file: QueuedFile = { relative, order: added++, text, starts: [], results: [], remaining: 0, open: true }
      // Only records of files cut in several are remembered: a file of one record is known by its hash already.
      const hashes = parts.length > 1 ? Buffer.alloc(parts.length * recordHashBytes) : undefined
      if (hashes) records.ofFile.set(relative, hashes)
      parts.forEach((part, index) => {
        const hash = hashes ? recordKey(part.text) : undefined
        hash?.copy(hashes as Buffer, index * recordHashBytes)
        queueRecord(file, part, hash)
      })
      file.open = false
      settleFile(file)
    },
    stream(relative, textOf) {
      if (!isScanned(relative)) return undefined
      const file: QueuedFile = { relative, order: added++, text: textOf, starts: [], results: [], remaining: 0, open: true }
      const hashes: Buffer[] = []
      // Where the next part starts in the file, and how many came.
      let next: Point = { line: 1, column: 1, offset: 0 }
      let count = 0
      // The first part waits for the second: a file of one part is scanned, as by add, without a hash.
      let first: { part: OutputRecord; key: Uint8Array | undefined } | undefined
      const take = (part: OutputRecord, key: Uint8Array | undefined) => {
        // A part the memo made is known by its key (equal keys, equal text), without hashing its text.
        const hash = key ? Buffer.from(key.buffer, key.byteOffset, recordHashBytes) : recordKey(part.text)
        hashes.push(hash)
        queueRecord(file, part, hash)
      }
      return {
        push(text, key) {
          const part = { text, start: next }
          next = pointAfter(next, text)
          if (++count === 1) {
            first = { part, key }
            return
          }
          if (first) take(first.part, first.key)
          first = undefined
          take(part, key)
        },
        end() {
          if (first) queueRecord(file, first.part, undefined)
          else if (count === 0) queueRecord(file, { text: '', start: next }, undefined)
          if (hashes.length > 0) records.ofFile.set(relative, Buffer.concat(hashes))
          file.open = false
          settleFile(file)
        }
      }
    },
    ready() {
      if (inFlight <= inFlightBytes / 2) return undefined
      return (async () => {
        while (inFlight > inFlightBytes / 4 && [...pending.values()].some((sent) => workers[sent.worker]?.alive)) await nextAnswer()
      })()
    },
    async stop() {
      await Promise.all(workers.map((state) => state.worker.terminate()))
    },
    async finish() {
      flush(true)
      // Results arrive as messages; a worker that died leaves its batches for the main thread.
      while (pending.size > 0) {
        for (const [id, sent] of pending) if (!workers[sent.worker]?.alive) settle(id, sent.jobs.map((job) => here(job.text)))
        if (pending.size > 0) await nextAnswer()
      }
      await Promise.all(workers.map((state) => state.worker.terminate()))
      const files = flagged
        .sort((a, b) => a.order - b.order)
        .flatMap(({ relative, text, findings }) => {
          const file = outputFindingsFile(relative, text, findings, config.rules)
          return file ? [file] : []
        })
      return { files, records }
    }
  }
}
