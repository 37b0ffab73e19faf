import { acquireBuildLock, BuildLockBusyError } from '../build-lock/build-lock.js'
import { isFileSystemError } from './output-error.js'
import { pathExists } from './path-exists.js'
import { resolveOutputTarget } from './output-target.js'
import { hasSetAsideOutput, recoverInterrupted } from './recover-interrupted.js'

/**
 * What became of the output folder of a build that stopped before writing, so the CLI says the truth. An
 * output a killed build left set aside mid-swap is put back first, if no other build holds the lock.
 */
export type UnwrittenOutcome = 'unchanged' | 'restored' | 'missing'

export async function settleUnwrittenOutput(outDir: string): Promise<UnwrittenOutcome> {
  const target = await resolveOutputTarget(outDir)
  if (await pathExists(target)) return 'unchanged'
  if (!(await hasSetAsideOutput(target))) return 'missing'
  try {
    const lock = await acquireBuildLock(target, { timeoutMs: 0 })
    try {
      if (await recoverInterrupted(target)) return 'restored'
    } finally {
      await lock.release()
    }
  } catch (error) {
    // Another build holds the lock and restores it, or the folder is not writable: say what is there.
    if (!(error instanceof BuildLockBusyError) && !isFileSystemError(error)) throw error
  }
  return (await pathExists(target)) ? 'unchanged' : 'missing'
}

