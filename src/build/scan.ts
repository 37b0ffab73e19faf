import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { VFile } from 'vfile'
import { safetyPolicy } from '../validate/safety/policy.js'
import { restoreMessages, type PortableMessage } from './entry-artifact.js'
import { scanJob, type ScanJob } from './jobs.js'
import type { WorkerBatch, WorkerResult } from './worker-pool.js'
import type { KbConfig } from '../types/config.js'

/** Text per scan batch: big enough to pay for the message, small enough to share out evenly. */
const batchBytes = 1_000_000
/** Text in flight to the workers at most: beyond it the main thread scans too, so memory stays bounded. */
const inFlightBytes = 64_000_000

export interface Scanner {
  /** Queues one output file for the output scan. */
  add(relative: string, text: string): void
  /** A promise to wait on before adding more when the workers are behind, else undefined. */
  ready(): Promise<void> | undefined
  /** Every queued file's findings, as files (`dist/<path>`, holding their text) in the order they were added. */
  finish(): Promise<VFile[]>
}

const workerScript = new URL('./entry-worker.js', import.meta.url)

/**
 * The output scan, fed one file at a time while the build goes on: with `threads` > 1 the files go in batches
 * to worker threads, which scan while the main thread compiles the next files. The verdicts are those of
 * scanning each file on the main thread. A worker that dies has its batches scanned on the main thread.
 */
export function startScanner(config: KbConfig, allowed: ReadonlySet<string>, threads: number): Scanner {
  let policy: ReturnType<typeof safetyPolicy> | undefined
  const here = (job: ScanJob) => scanJob(job, (policy ??= safetyPolicy(config)), allowed, config.rules)
  // Paths in the order added; texts only of files with findings (for code frames): nothing else is held.
  const paths: string[] = []
  const findings: (PortableMessage[] | undefined)[] = []
  const flaggedTexts = new Map<number, string>()
  const record = (index: number, job: ScanJob, messages: PortableMessage[]) => {
    findings[index] = messages
    if (messages.length > 0) flaggedTexts.set(index, job[1])
  }
  const workers = threads > 1 && existsSync(fileURLToPath(workerScript)) ? Array.from({ length: threads }, () => startWorker()) : []
  const pending = new Map<number, { first: number; jobs: ScanJob[]; bytes: number; worker: number }>()
  let inFlight = 0
  let batch: ScanJob[] = []
  let batchFirst = 0
  let batchSize = 0
  let nextWorker = 0
  const waiters = new Set<() => void>()
  // The next answer of a worker, or the death of a living one (whose batches are then scanned here). Only
  // living ones: a dead one's settled promise would make every wait return at once and starve the messages.
  const nextAnswer = () => Promise.race([new Promise<void>((resolve) => waiters.add(resolve)), ...workers.filter((state) => state.alive).map((state) => state.done)])

  function startWorker(): { worker: Worker; alive: boolean; done: Promise<void> } {
    const worker = new Worker(workerScript, { workerData: { config } })
    const state = { worker, alive: true, done: Promise.resolve() }
    state.done = new Promise<void>((resolve) => {
      const died = () => {
        state.alive = false
        resolve()
      }
      worker.once('error', died)
      worker.once('exit', died)
    })
    worker.on('message', (result: WorkerResult<PortableMessage[]>) => settle(result.id, result.results))
    return state
  }

  function settle(id: number, results: PortableMessage[][]): void {
    const sent = pending.get(id)
    if (!sent) return
    pending.delete(id)
    inFlight -= sent.bytes
    results.forEach((messages, index) => record(sent.first + index, sent.jobs[index] as ScanJob, messages))
    for (const wake of waiters) wake()
    waiters.clear()
  }

  function flush(): void {
    if (batch.length === 0) return
    const alive = workers.map((_, index) => index).filter((index) => workers[index]?.alive)
    if (alive.length === 0 || inFlight + batchSize > inFlightBytes) {
      batch.forEach((job, index) => record(batchFirst + index, job, here(job)))
    } else {
      const target = alive[nextWorker++ % alive.length] ?? 0
      pending.set(batchFirst, { first: batchFirst, jobs: batch, bytes: batchSize, worker: target })
      inFlight += batchSize
      workers[target]?.worker.postMessage({ id: batchFirst, task: 'scan', items: batch, options: [...allowed] } satisfies WorkerBatch<ScanJob>)
    }
    batch = []
    batchSize = 0
  }

  return {
    add(relative, text) {
      const job: ScanJob = [relative, text]
      const index = paths.push(relative) - 1
      if (workers.length === 0) {
        record(index, job, here(job))
        return
      }
      if (batch.length === 0) batchFirst = index
      batch.push(job)
      batchSize += text.length
      if (batchSize >= batchBytes) flush()
    },
    ready() {
      if (inFlight <= inFlightBytes / 2) return undefined
      return (async () => {
        while (inFlight > inFlightBytes / 4 && [...pending.values()].some((sent) => workers[sent.worker]?.alive)) await nextAnswer()
      })()
    },
    async finish() {
      flush()
      // Results arrive as messages; a worker that died leaves its batches for the main thread.
      while (pending.size > 0) {
        const waiting = [...pending.values()]
        const dead = waiting.filter((sent) => !workers[sent.worker]?.alive)
        for (const sent of dead) settle(sent.first, sent.jobs.map(here))
        if (pending.size > 0) await nextAnswer()
      }
      await Promise.all(workers.map((state) => state.worker.terminate()))
      return paths.flatMap((relative, index) => {
        const messages = findings[index] ?? []
        if (messages.length === 0) return []
        const file = new VFile({ path: `dist/${relative}`, value: flaggedTexts.get(index) ?? '' })
        restoreMessages(file, messages)
        return [file]
      })
    }
  }
}
