import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { changedRecords, foldersIntact, type PackedRecords } from './output-intact.js'
import { outputIntact, packedRecordsOf, recordedFileCount, type OutputState } from './output-state.js'

const workerScript = new URL('./output-check-worker.js', import.meta.url)
/** Below about this many files, a thread costs more to start than the lstat calls it takes over. */
const filesPerThread = 4000

/**
 * Starts finding which of the last build's output files are no longer as it wrote them (see changedRecords),
 * on a thread of its own for a large output, so the lstat of every file runs while the main thread reads and
 * links the entries. The compile step's memo keeps only files not in the answer; a file changed after the
 * look is still caught, by the writer that links it (see linkedIfUntouched).
 */
export function startOutputCheck(state: OutputState): () => Promise<ReadonlySet<string>> {
  const packed = packedRecordsOf(state)
  const here = () => new Set(changedRecords(state.target, packed))
  if (recordedFileCount(state) < filesPerThread || !existsSync(fileURLToPath(workerScript))) return async () => here()
  const { worker, answer } = onThread(state.target, packed)
  const changed = answer.then((found) => found ?? here())
  return () => {
    // Until asked for, the answer keeps no process alive: a build that stops early (errors in the content) ends at once.
    worker.ref()
    return changed
  }
}

/**
 * outputIntact, with each file's look taken from the output check already under way (see startOutputCheck)
 * when the folders' stamps vouch for the listing, instead of a second lstat of every file.
 */
export async function intactPerCheck(state: OutputState, outputCheck: (() => Promise<ReadonlySet<string>>) | undefined): Promise<boolean> {
  if (outputCheck && state.folders && foldersIntact(state.target, state.folders)) return (await outputCheck()).size === 0
  return outputIntact(state)
}

/** The changed files, from a worker thread; undefined when the thread failed (the caller looks itself). */
function onThread(target: string, packed: PackedRecords): { worker: Worker; answer: Promise<Set<string> | undefined> } {
  const worker = new Worker(workerScript, { workerData: { target, paths: packed.paths, numbers: packed.numbers } })
  worker.unref()
  const answer = new Promise<Set<string> | undefined>((resolve) => {
    worker.once('message', (changed: string[]) => {
      resolve(new Set(changed))
      void worker.terminate()
    })
    worker.once('error', () => resolve(undefined))
    worker.once('exit', () => resolve(undefined))
  })
  return { worker, answer }
}
