import { parentPort, workerData } from 'node:worker_threads'
import { performLinks, performWrite, type FileWrite, type PackedLinks, type WriteFailure } from './file-write.js'
import { crashesOnBatch } from './fault-injection.js'

// Set by the main thread when the build is being abandoned (a signal): nothing more is written.
const stopped = new Int32Array((workerData as { stop: SharedArrayBuffer }).stop)

/** A writer thread: carries out batches of writes and answers with the batch's id and its failures. */
const crashes = crashesOnBatch(process.env, 'writer')
let batches = 0

parentPort?.on('message', (batch: { id: number; writes: FileWrite[]; links: PackedLinks | undefined }) => {
  if (crashes(++batches)) process.exit(1)
  const failures: WriteFailure[] = []
  for (const write of batch.writes) {
    if (Atomics.load(stopped, 0) !== 0) break
    const failure = performWrite(write)
    if (failure) failures.push(failure)
  }
  if (batch.links) failures.push(...performLinks(batch.links, () => Atomics.load(stopped, 0) !== 0))
  parentPort?.postMessage({ id: batch.id, failures })
})
