import { existsSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { EntryArtifact } from './entry-artifact.js'
import type { WorkerBatch, WorkerResult } from './entry-worker.js'
import type { KbConfig } from '../types/config.js'

export interface EntryJob {
  path: string
  bytes: Uint8Array
}

const workerScript = new URL('./entry-worker.js', import.meta.url)
/** Entries per worker: below about this many, starting a worker (modules, schemas) costs more than it saves. */
const entriesPerWorker = 400
/** Small batches keep both cores busy to the end and bound what one dead worker costs. */
const batchSize = 32

/**
 * How many threads process entries: 1 (the main thread) for small jobs and when running from the TypeScript
 * sources; otherwise one per 400 entries, at most the number of cores (4 at most). KB_WORKERS=<n> sets it.
 */
export function threadCount(jobs: number, env: NodeJS.ProcessEnv): number {
  if (!existsSync(fileURLToPath(workerScript)) || jobs === 0) return 1
  const fromEnvironment = Number(env['KB_WORKERS'])
  if (Number.isInteger(fromEnvironment) && fromEnvironment > 0) return Math.min(fromEnvironment, jobs)
  return Math.max(1, Math.min(os.availableParallelism(), 4, Math.floor(jobs / entriesPerWorker)))
}

/**
 * Runs `processHere` over the jobs in `threads` worker threads, fed batch by batch from one queue. Results
 * come back in job order, whichever thread did what. A worker that dies (out of memory, a bug) costs speed,
 * never results: its batch is processed on the main thread.
 */
export async function processInWorkers(jobs: readonly EntryJob[], threads: number, config: KbConfig, compile: boolean, processHere: (job: EntryJob) => EntryArtifact): Promise<EntryArtifact[]> {
  const results: (EntryArtifact | undefined)[] = new Array<EntryArtifact | undefined>(jobs.length)
  const batches: { start: number; jobs: EntryJob[] }[] = []
  for (let start = 0; start < jobs.length; start += batchSize) batches.push({ start, jobs: jobs.slice(start, start + batchSize) })
  let next = 0
  const orphaned: { start: number; jobs: EntryJob[] }[] = []
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerScript, { workerData: { config } })
      let current: { start: number; jobs: EntryJob[] } | undefined
      const feed = () => {
        current = batches[next++]
        if (!current) {
          void worker.terminate()
          resolve()
          return
        }
        // Copies, not the caller's buffers: they are transferred away to the worker.
        const items = current.jobs.map((job) => ({ path: job.path, bytes: Uint8Array.from(job.bytes) }))
        worker.postMessage({ id: current.start, items, compile } satisfies WorkerBatch, items.map((item) => item.bytes.buffer))
      }
      worker.on('message', (result: WorkerResult) => {
        result.artifacts.forEach((artifact, index) => (results[result.id + index] = artifact))
        feed()
      })
      const died = () => {
        if (current) orphaned.push(current)
        current = undefined
        resolve()
      }
      worker.once('error', died)
      worker.once('exit', died)
      feed()
    })
  await Promise.all(Array.from({ length: threads }, runWorker))
  // Batches a dead worker held, and any it never got to because every worker died.
  for (const batch of [...orphaned, ...batches.slice(next)]) batch.jobs.forEach((job, index) => (results[batch.start + index] = processHere(job)))
  return results.map((result, index) => result ?? processHere(jobs[index] as EntryJob))
}
