import { parentPort, workerData } from 'node:worker_threads'
import { entryContext, processEntry } from './process-entry.js'
import { scanJob, type EntryJob, type ScanJob } from './jobs.js'
import type { KbConfig } from '../types/config.js'
import type { WorkerBatch, WorkerResult } from './worker-pool.js'
import { crashesOnBatch } from '../write/fault-injection.js'

const config = (workerData as { config: KbConfig }).config
const context = entryContext(config)

const batchesDone = { entries: 0, scan: 0 }
const crashes = { entries: crashesOnBatch(process.env, 'entries'), scan: crashesOnBatch(process.env, 'scan') }

parentPort?.on('message', (batch: WorkerBatch<EntryJob | ScanJob>) => {
  if (crashes[batch.task](++batchesDone[batch.task])) process.exit(1)
  let results: unknown[]
  if (batch.task === 'entries') {
    results = (batch.items as EntryJob[]).map((item) => processEntry(item.path, item.bytes, context, batch.options as boolean))
  } else {
    const allowed = new Set(batch.options as string[])
    results = (batch.items as ScanJob[]).map((item) => scanJob(item, context.policy, allowed, config.rules))
  }
  parentPort?.postMessage({ id: batch.id, results } satisfies WorkerResult<unknown>)
})
