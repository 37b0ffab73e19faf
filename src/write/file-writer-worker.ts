import { readdirSync, unlinkSync } from 'node:fs'
import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { performLinks, performWrite, type FileWrite, type PackedLinks, type WriteFailure } from './file-write.js'
import { crashesOnBatch, endThreadForTest } from './fault-injection.js'

// Set by the main thread when the build is being abandoned (a signal): nothing more is written.
const stopped = new Int32Array((workerData as { stop: SharedArrayBuffer }).stop)

/** A writer thread: carries out batches of writes and answers with the batch's id, its failures and the files it remade (see performWrite). */
const crashes = crashesOnBatch(process.env, 'writer')
let batches = 0

parentPort?.on('message', (batch: { id: number; writes: FileWrite[]; links: PackedLinks | undefined; emptied?: string[] }) => {
  if (crashes(++batches)) endThreadForTest('writer')
  const failures: WriteFailure[] = []
  const remade: string[] = []
  for (const write of batch.writes) {
    if (Atomics.load(stopped, 0) !== 0) break
    const failure = performWrite(write, remade)
    if (failure) failures.push(failure)
  }
  if (batch.links) failures.push(...performLinks(batch.links, () => Atomics.load(stopped, 0) !== 0, remade))
  for (const folder of batch.emptied ?? []) emptyFolder(folder)
  parentPort?.postMessage({ id: batch.id, failures, remade })
})

/** Removes the files directly in a folder of an output being removed; whatever fails is left to the removal of the tree. */
function emptyFolder(folder: string): void {
  try {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() || Atomics.load(stopped, 0) !== 0) continue
      try {
        unlinkSync(path.join(folder, entry.name))
      } catch {
        // Left to the removal of the whole tree.
      }
    }
  } catch {
    // Gone already, or unreadable: the removal of the whole tree says what is left.
  }
}
