import { existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { KbConfig } from '../types/config.js'

/** What a worker thread is asked to do with a batch (see entry-worker.ts). */
export type WorkerTask = 'entries' | 'scan'

export interface WorkerBatch<T> {
  id: number
  task: WorkerTask
  items: T[]
  /** Task options shared by every item: whether to compile entries, the URLs the scan allows. */
  options: unknown
}

export interface WorkerResult<R> {
  id: number
  results: R[]
}

const workerScript = new URL('./entry-worker.js', import.meta.url)
/** Jobs per worker: below about this many, starting a worker (modules, schemas) costs more than it saves. */
const jobsPerWorker = 400

/**
 * How many threads to use for `jobs` jobs: 1 (the main thread) for small jobs and when running from the
 * TypeScript sources; otherwise one per 400 jobs, at most the number of cores (4 at most). KB_WORKERS=<n>
 * sets it.
 */
export function threadCount(jobs: number, env: NodeJS.ProcessEnv): number {
  if (!existsSync(fileURLToPath(workerScript)) || jobs === 0) return 1
  const fromEnvironment = Number(env['KB_WORKERS'])
  if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) return Math.min(fromEnvironment, jobs)
  return Math.max(1, Math.min(os.availableParallelism(), 4, Math.floor(jobs / jobsPerWorker)))
}

/**
 * A worker's young generation. V8's default (48 MB on a 64-bit machine) let each of the two parsing threads
 * hold 120 MB of heap on the tldr KB; at 16 MB they held about 95 MB, in the same time (at 8 MB the phase took
 * a fifth longer: parsing keeps each entry's trees alive long enough that they were promoted, then collected
 * again).
 */
const workerHeap = { maxYoungGenerationSizeMb: 16 }

/**
 * Runs the batches in `threads` worker threads fed from one queue; `onBatch` hears of each batch's results as
 * they arrive, while the main thread would otherwise wait, and nothing here keeps them after: on the tldr KB
 * keeping every batch until the last (the entries' compiled bodies among them) held 55 MB of buffers the
 * cache had already stored, and the process kept that memory to the end of the build. A worker that dies
 * (out of memory, a bug) costs speed, never results: its batch, and any no worker got to, is done on the main
 * thread by `here`, after the others.
 */
export async function runInWorkers<T, R>(task: WorkerTask, batches: readonly T[][], threads: number, config: KbConfig, options: unknown, here: (item: T) => R, onBatch: (index: number, results: R[]) => void): Promise<void> {
  const answered = new Array<boolean>(batches.length).fill(false)
  let next = 0
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerScript, { workerData: { config }, resourceLimits: workerHeap })
      const feed = () => {
        if (next >= batches.length) {
          void worker.terminate()
          resolve()
          return
        }
        const id = next++
        worker.postMessage({ id, task, items: batches[id] ?? [], options } satisfies WorkerBatch<T>)
      }
      // The batch a dead worker held has no results: it is done on the main thread below.
      const died = () => resolve()
      worker.on('message', (result: WorkerResult<R>) => {
        answered[result.id] = true
        feed()
        onBatch(result.id, result.results)
      })
      worker.once('error', died)
      worker.once('exit', died)
      feed()
    })
  await Promise.all(Array.from({ length: threads }, runWorker))
  batches.forEach((batch, index) => {
    if (!answered[index]) onBatch(index, batch.map(here))
  })
}

/** Items in batches of `size`. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size))
  return batches
}
