import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { failureError, performWrite, type FileWrite, type WriteFailure } from './file-write.js'

/** Files per message to a writer thread. */
const batchFiles = 64
/** Bytes queued to the writer threads at most before `ready()` asks the producer to wait. */
const inFlightBytes = 32_000_000

/**
 * Writes files on threads of their own, so the main thread goes on compiling while the disk creates files:
 * on a virtual disk each new file costs a fraction of a millisecond of waiting, and several threads waiting
 * at once get through them several times faster than one. With no threads (small outputs, or running from
 * the TypeScript sources) every write happens at once on the calling thread.
 */
export interface FileWriters {
  write(write: FileWrite): void
  /** A promise to wait on when too many bytes are queued, else undefined: back-pressure for the producer. */
  ready(): Promise<void> | undefined
  /** Waits for every queued write; throws the first failure (in the order written) as an errno error. */
  settle(): Promise<void>
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
  return {
    write(write) {
      failure ??= performWrite(write)
    },
    ready: () => undefined,
    settle: async () => {
      if (failure) throw failureError(failure)
    },
    close: async () => undefined,
    stopSync: () => undefined
  }
}

function threadedWriters(threads: number): FileWriters {
  const stop = new SharedArrayBuffer(4)
  const workers = Array.from({ length: threads }, () => new Worker(workerScript, { workerData: { stop } }))
  const alive = workers.map(() => true)
  const pending = new Map<number, { writes: FileWrite[]; bytes: number; worker: number }>()
  const failures = new Map<number, WriteFailure>()
  let batch: FileWrite[] = []
  let batchBytes = 0
  let nextId = 0
  let nextWorker = 0
  let inFlight = 0
  let closing = false
  const waiters = new Set<() => void>()
  const nextAnswer = () => new Promise<void>((resolve) => waiters.add(resolve))

  const finished = (id: number, batchFailures: WriteFailure[]) => {
    const sent = pending.get(id)
    if (!sent) return
    pending.delete(id)
    inFlight -= sent.bytes
    if (batchFailures[0]) failures.set(id, batchFailures[0])
    for (const wake of waiters) wake()
    waiters.clear()
  }
  workers.forEach((worker, index) => {
    worker.on('message', (answer: { id: number; failures: WriteFailure[] }) => finished(answer.id, answer.failures))
    const died = () => {
      alive[index] = false
      if (closing) return
      // What a dead writer had not confirmed is written here: a lost thread costs speed, never files.
      for (const [id, sent] of pending) if (sent.worker === index) finished(id, sent.writes.flatMap((write) => performWrite(write) ?? []))
    }
    worker.once('error', died)
    worker.once('exit', died)
  })

  const flush = () => {
    if (batch.length === 0) return
    const id = nextId++
    const candidates = workers.map((_, index) => index).filter((index) => alive[index])
    const target = candidates[nextWorker++ % Math.max(1, candidates.length)]
    const writes = batch
    batch = []
    if (target === undefined) {
      const failure = writes.map(performWrite).find((found) => found !== undefined)
      if (failure) failures.set(id, failure)
    } else {
      pending.set(id, { writes, bytes: batchBytes, worker: target })
      inFlight += batchBytes
      workers[target]?.postMessage({ id, writes })
    }
    batchBytes = 0
  }

  return {
    write(write) {
      batch.push(write)
      batchBytes += write.bytes?.byteLength ?? 0
      if (batch.length >= batchFiles) flush()
    },
    ready() {
      if (inFlight <= inFlightBytes) return undefined
      return (async () => {
        while (pending.size > 0 && inFlight > inFlightBytes / 2) await nextAnswer()
      })()
    },
    async settle() {
      flush()
      while (pending.size > 0) await nextAnswer()
      const first = [...failures.keys()].sort((a, b) => a - b)[0]
      if (first !== undefined) throw failureError(failures.get(first) as WriteFailure)
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
