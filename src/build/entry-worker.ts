import { parentPort, workerData } from 'node:worker_threads'
import { entryContext, processEntry } from './process-entry.js'
import { scanJob, type EntryJob, type ScanJob } from './jobs.js'
import type { KbConfig } from '../types/config.js'
import type { WorkerBatch, WorkerResult } from './worker-pool.js'
import { crashesOnBatch, endThreadForTest } from '../write/fault-injection.js'
import { startHeapGovernor } from './heap-governor.js'

const config = (workerData as { config: KbConfig }).config
const context = entryContext(config)

const batchesDone = { entries: 0, scan: 0 }
// A scan thread keeps little alive (about 30 MB, and the batches queued for it) but receives its texts as
// large strings, which only a full collection frees: V8 lets them pile up to the thread's heap bound first.
const scanHeap = startHeapGovernor(64_000_000, 1, 48_000_000)
const crashes = { entries: crashesOnBatch(process.env, 'entries'), scan: crashesOnBatch(process.env, 'scan') }

parentPort?.on('message', (batch: WorkerBatch<EntryJob | ScanJob>) => {
  if (crashes[batch.task](++batchesDone[batch.task])) endThreadForTest(batch.task)
  let results: unknown[]
  if (batch.task === 'entries') {
    results = (batch.items as EntryJob[]).map((item) => processEntry(item.path, item.bytes, context, batch.options as boolean))
  } else {
    const allowed = new Set(batch.options as string[])
    results = (batch.items as ScanJob[]).map((item) => scanJob(item, context.policy, allowed, config.rules))
  }
  parentPort?.postMessage({ id: batch.id, results } satisfies WorkerResult<unknown>)
  if (batch.task === 'scan') scanHeap.tick()
})
