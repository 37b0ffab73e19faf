import { parentPort, workerData } from 'node:worker_threads'
import { sectionModel } from '../parse/section-model.js'
import { safetyPolicy } from '../validate/safety/policy.js'
import { processEntry } from './process-entry.js'
import type { KbConfig } from '../types/config.js'
import type { EntryArtifact } from './entry-artifact.js'

/** A batch of entry files posted by the pool; the bytes arrive transferred, not copied. */
export interface WorkerBatch {
  id: number
  items: { path: string; bytes: Uint8Array }[]
  compile: boolean
}

export interface WorkerResult {
  id: number
  artifacts: EntryArtifact[]
}

const config = (workerData as { config: KbConfig }).config
const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
parentPort?.on('message', (batch: WorkerBatch) => {
  const artifacts = batch.items.map((item) => processEntry(item.path, item.bytes, context, batch.compile))
  parentPort?.postMessage({ id: batch.id, artifacts } satisfies WorkerResult)
})
