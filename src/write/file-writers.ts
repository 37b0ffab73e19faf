import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { failureError, packLinks, performLinks, performWrite, type FileLinks, type FileWrite, type PackedLinks, type WriteFailure } from './file-write.js'
import type { RecordedFile } from './recorded-file.js'

/** Files per message to a writer thread, and their bytes at most (a search shard or a sitemap runs to megabytes). */
const batchFiles = 64
const batchBytesAtMost = 1_000_000
/** Kept files per message: each is a few bytes of a packed batch (see FileLinks). */
const batchLinks = 2048
/** Bytes queued to the writer threads at most before `ready()` asks the producer to wait. */
const inFlightBytes = 16_000_000

/**
 * Writes files on threads of their own, so the main thread goes on compiling while the disk creates files:
 * on a virtual disk each new file costs a fraction of a millisecond of waiting, and several threads waiting
 * at once get through them several times faster than one. With no threads (small outputs, or running from
 * the TypeScript sources) every write happens at once on the calling thread.
 */
export interface FileWriters {
  /**
   * With `text` (the string `write.bytes` encode, when nothing else holds those bytes): a writer thread is handed
   * the bytes instead of a copy, and they are gone from the caller. Should the thread die before it confirms
   * them, they are made again from the text and written here.
   */
  write(write: FileWrite, text?: string): void
  /**
   * Links `relative` from the current output (`from`) into the new one (`to`), as a write with `linkFrom` would;
   * with `spare` (building in the spare tree), as one with `replace` and, when given, `reuse`.
   */
  link(from: string, to: string, relative: string, recorded: RecordedFile, spare?: { reuse: RecordedFile | undefined }): void
  /** A promise to wait on when too many bytes are queued, else undefined: back-pressure for the producer. */
  ready(): Promise<void> | undefined
  /** Waits for every queued write; throws the first failure (in the order written) as an errno error. */
  settle(): Promise<void>
  /** The files given `reuse` that were written anew instead (see performWrite), once settled. */
  remade(): ReadonlySet<string>
  /**
   * Removes a folder and everything in it (an output just replaced), the files of its folders shared out
   * among the threads: a virtual disk removes files in several folders at once several times faster than one
   * after the other. `files` lists it (paths relative to it, as the manifest of an output has them), so no
   * folder is read to share them out; whatever it leaves out is removed after. Never fails: what is left is
   * cleared by the next build.
   */
  removeTree(folder: string, files: Iterable<string>): Promise<void>
  /** Ends the threads; queued writes are dropped (the caller is giving up on what it wrote). */
  close(): Promise<void>
  /** At once, from a signal handler: the threads write nothing more (at most the file each is writing). */
  stopSync(): void
}

const workerScript = new URL('./file-writer-worker.js', import.meta.url)

export function startFileWriters(threads: number): FileWriters {
  const usable = threads > 0 && existsSync(fileURLToPath(workerScript))
  return usable ? threadedWriters(threads) : directWriters()
}

function directWriters(): FileWriters {
  let failure: WriteFailure | undefined
  const remade: string[] = []
  return {
    write(write) {
      failure ??= performWrite(write, remade)
    },
    link(from, to, relative, recorded, spare) {
      failure ??= performWrite({ file: path.join(to, relative), bytes: undefined, exclusive: true, linkFrom: { file: path.join(from, relative), recorded }, ...(spare ? { replace: true } : {}), ...(spare?.reuse ? { reuse: spare.reuse } : {}) }, remade)
    },
    ready: () => undefined,
    settle: async () => {
      if (failure) throw failureError(failure)
    },
    remade: () => new Set(remade),
    removeTree: removedWhole,
    close: async () => undefined,
    stopSync: () => undefined
  }
}

function threadedWriters(threads: number): FileWriters {
  const stop = new SharedArrayBuffer(4)
  // Started with the first full batch: a build that writes a few files (kb dev's patch) writes them here,
  // without starting threads that would have little to do.
  const workers: Worker[] = []
  const alive: boolean[] = []
  const pending = new Map<number, { writes: FileWrite[]; texts: (string | undefined)[]; links: PackedLinks | undefined; bytes: number; worker: number; emptied?: string[] }>()
  const failures = new Map<number, WriteFailure>()
  const remadeFiles = new Set<string>()
  let batch: FileWrite[] = []
  let texts: (string | undefined)[] = []
  let links: FileLinks | undefined
  let batchBytes = 0
  let filesSeen = 0
  let nextId = 0
  let nextWorker = 0
  let inFlight = 0
  let closing = false
  const waiters = new Set<() => void>()
  const nextAnswer = () => new Promise<void>((resolve) => waiters.add(resolve))

  const finished = (id: number, batchFailures: WriteFailure[], remade: readonly string[] = []) => {
    const sent = pending.get(id)
    if (!sent) return
    pending.delete(id)
    inFlight -= sent.bytes
    if (batchFailures[0]) failures.set(id, batchFailures[0])
    for (const file of remade) remadeFiles.add(file)
    for (const wake of waiters) wake()
    waiters.clear()
  }
  const start = () => {
    for (let index = 0; index < threads; index++) {
      const worker = new Worker(workerScript, { workerData: { stop } })
      workers.push(worker)
      alive.push(true)
      worker.on('message', (answer: { id: number; failures: WriteFailure[]; remade: string[] }) => finished(answer.id, answer.failures, answer.remade))
      const died = () => {
        alive[index] = false
        if (closing) return
        // What a dead writer had not confirmed is written here: a lost thread costs speed, never files.
        // Folders it was emptying are left to the removal of the whole tree, which follows.
        for (const [id, sent] of pending) {
          if (sent.worker !== index) continue
          const remadeHere: string[] = []
          finished(id, [...sent.writes.flatMap((write, at) => performWrite(remade(write, sent.texts[at]), remadeHere) ?? []), ...(sent.links ? performLinks(sent.links, undefined, remadeHere) : [])], remadeHere)
        }
      }
      worker.once('error', died)
      worker.once('exit', died)
    }
  }

  /** Hands the batch to a thread; the last batch of a build that started none is written here. */
  const flush = (last = false) => {
    if (batch.length === 0 && links === undefined) return
    // A batch full of bytes but of few files (a search shard or two) is written here too: threads pay for
    // themselves on many files, not on a few large ones.
    if (workers.length === 0 && !last && !closing && filesSeen >= batchFiles) start()
    const id = nextId++
    const candidates = workers.map((_, index) => index).filter((index) => alive[index])
    const target = candidates[nextWorker++ % Math.max(1, candidates.length)]
    const writes = batch
    const sources = texts
    const packed = links && packLinks(links)
    batch = []
    texts = []
    links = undefined
    if (target === undefined) {
      const remadeHere: string[] = []
      const failure = writes.map((write) => performWrite(write, remadeHere)).find((found) => found !== undefined) ?? (packed && performLinks(packed, undefined, remadeHere)[0])
      if (failure) failures.set(id, failure)
      for (const file of remadeHere) remadeFiles.add(file)
    } else {
      pending.set(id, { writes, texts: sources, links: packed, bytes: batchBytes, worker: target })
      inFlight += batchBytes
      workers[target]?.postMessage({ id, writes, links: packed }, movable(writes, sources))
    }
    batchBytes = 0
  }

  return {
    write(write, text) {
      filesSeen++
      batch.push(write)
      texts.push(text)
      batchBytes += write.bytes?.byteLength ?? 0
      if (batch.length >= batchFiles || batchBytes >= batchBytesAtMost) flush()
    },
    link(from, to, relative, recorded, spare) {
      if (links && (links.from !== from || links.to !== to || (links.reuse !== undefined) !== (spare !== undefined))) flush()
      links ??= { from, to, relatives: [], sha256s: [], numbers: [], ...(spare ? { reuse: [] } : {}) }
      filesSeen++
      links.relatives.push(relative)
      links.sha256s.push(recorded.sha256)
      links.numbers.push(recorded.size, recorded.mtimeMs, recorded.ctimeMs, recorded.ino)
      const reuse = spare?.reuse
      links.reuse?.push(...(reuse ? [reuse.size, reuse.mtimeMs, reuse.ctimeMs, reuse.ino] : [Number.NaN, Number.NaN, Number.NaN, Number.NaN]))
      if (links.relatives.length >= batchLinks) flush()
    },
    ready() {
      if (inFlight <= inFlightBytes) return undefined
      return (async () => {
        while (pending.size > 0 && inFlight > inFlightBytes / 2) await nextAnswer()
      })()
    },
    async settle() {
      flush(true)
      while (pending.size > 0) await nextAnswer()
      const first = [...failures.keys()].sort((a, b) => a - b)[0]
      if (first !== undefined) throw failureError(failures.get(first) as WriteFailure)
    },
    remade: () => remadeFiles,
    async removeTree(folder, files) {
      flush(true)
      const folders = filesPerFolder(folder, files).sort((a, b) => b.files - a.files)
      // A replaced tree of several folders is removed by the threads even when the build wrote too little to start them.
      if (workers.length === 0 && !closing && folders.length > 1) start()
      const living = workers.map((_, index) => index).filter((index) => alive[index])
      if (living.length > 1 && folders.length > 1) {
        // The largest folders first, each to the thread with the fewest files so far.
        const shares = living.map((worker) => ({ worker, files: 0, folders: [] as string[] }))
        for (const found of folders) {
          const least = shares.reduce((best, share) => (share.files < best.files ? share : best))
          least.folders.push(found.path)
          least.files += found.files
        }
        const ids = shares.flatMap(({ worker, folders: emptied }) => {
          if (emptied.length === 0) return []
          const id = nextId++
          pending.set(id, { writes: [], texts: [], links: undefined, bytes: 0, worker, emptied })
          workers[worker]?.postMessage({ id, writes: [], links: undefined, emptied })
          return [id]
        })
        while (ids.some((id) => pending.has(id))) await nextAnswer()
      }
      await removedWhole(folder)
    },
    stopSync() {
      closing = true
      Atomics.store(new Int32Array(stop), 0, 1)
    },
    async close() {
      closing = true
      await Promise.all(workers.map((worker) => worker.terminate()))
    }
  }
}

/**
 * The memory of the bytes a thread may take over: those with their text, each the only view of its own buffer
 * (a small Buffer is a slice of a shared pool, which must stay). Moved, a page's bytes are not copied into the
 * message and again out of it on the main thread's heap of native memory, which a build would otherwise grow
 * by tens of megabytes that the process keeps.
 */
function movable(writes: readonly FileWrite[], texts: readonly (string | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  writes.forEach((write, index) => {
    const bytes = write.bytes
    if (texts[index] === undefined || !bytes || bytes.byteOffset !== 0 || bytes.byteLength === 0 || !(bytes.buffer instanceof ArrayBuffer) || bytes.byteLength !== bytes.buffer.byteLength) return
    buffers.add(bytes.buffer)
  })
  return [...buffers]
}

/** A write whose bytes went to a thread that died: with them made again from their text. */
function remade(write: FileWrite, text: string | undefined): FileWrite {
  return text === undefined ? write : { ...write, bytes: Buffer.from(text, 'utf8') }
}

function removedWhole(folder: string): Promise<void> {
  return rm(folder, { recursive: true, force: true }).catch(() => undefined)
}

/** The folders of the listed files, as paths in `folder`, with how many of them each holds directly. */
function filesPerFolder(folder: string, files: Iterable<string>): { path: string; files: number }[] {
  const counts = new Map<string, number>()
  for (const relative of files) {
    const cut = relative.lastIndexOf('/')
    const parent = cut === -1 ? '' : relative.slice(0, cut)
    counts.set(parent, (counts.get(parent) ?? 0) + 1)
  }
  return [...counts].map(([parent, count]) => ({ path: path.join(folder, parent), files: count }))
}
