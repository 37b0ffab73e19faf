import { createHash, randomBytes } from 'node:crypto'
import { existsSync, linkSync, lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'
import type { Manifest } from '../types/manifest.js'
import { acquireBuildLock, BuildLockBusyError, BuildLockLostError, describeOwner, type BuildLock } from '../build-lock/build-lock.js'
import { cleaningUpOnSignal } from './clean-up-on-signal.js'
import { faultsFrom, type Faults } from './fault-injection.js'
import { generator, manifestName } from './kb-manifest.js'
import { explainFileSystemError, isFileSystemError, naming, OutputError } from './output-error.js'
import { resolveOutputTarget } from './output-target.js'
import { pathExists } from './path-exists.js'
import { recoverInterrupted, siblingFolder } from './recover-interrupted.js'
import { assertReplaceable } from './replaceable.js'
import { sameFile, type RecordedFile } from './recorded-file.js'

export { manifestName }

export interface WriteOptions {
  generatedAt: string | undefined
  /** Read for KB_LOCK_TIMEOUT_MS, and for the test hook KB_FAULT_INJECT. */
  env: NodeJS.ProcessEnv
  /** Told once, when another build is writing the same output and this one waits for it. */
  onWait?: (message: string) => void
  /** sha256 of each file's bytes, when the caller has them already. */
  hashes?: ReadonlyMap<string, string>
  /** What the last build wrote at each path (from its record), so unchanged files are linked without reading them. */
  previous?: Readonly<Record<string, RecordedFile>>
}


/** How long a build waits for another one writing the same output: writing takes seconds, so longer means it is stuck. */
export const defaultLockTimeoutMs = 30_000

/**
 * Writes the build into a temporary folder beside `outDir`, then swaps it in with two renames, so a crash,
 * a kill or a full disk leaves the previous output whole. All of it holds the output's build lock, so a
 * second build waits instead of mixing its files in. Leftovers of killed builds are cleared first, and a
 * previous output caught between the two renames is put back. A symlinked `outDir` is updated at its target.
 * Failures of the file system, the lock or the output folder's ownership throw an OutputError.
 */
export async function writeDist(outDir: string, files: ReadonlyMap<string, string>, options: WriteOptions): Promise<Manifest> {
  const lockTimeoutMs = lockTimeoutFrom(options.env)
  const faults = faultsFrom(options.env)
  const target = await resolveOutputTarget(outDir)
  const swap: Swap = { target, temporary: siblingFolder(target, 'tmp', suffix()), previous: siblingFolder(target, 'old', suffix()), stage: 'writing' }
  let lock: BuildLock | undefined
  const onSignal = () => {
    abandonSync(swap)
    lock?.releaseSync()
  }
  try {
    return await cleaningUpOnSignal(onSignal, async () => {
      await mkdir(path.dirname(target), { recursive: true })
      lock = await acquireBuildLock(target, { timeoutMs: lockTimeoutMs, onWait: (owner) => options.onWait?.(`waiting for ${describeOwner(owner)} to finish writing ${outDir}`) })
      await recoverInterrupted(target)
      await assertReplaceable(target, outDir)
      const manifest = await writeTree(swap.temporary, target, files, options, faults)
      await lock.assertHeld()
      await swapIn(swap, faults)
      return manifest
    })
  } catch (error) {
    const leftBehind = await abandon(swap)
    throw await asOutputError(error, outDir, swap, leftBehind)
  } finally {
    await lock?.release()
  }
}

interface Swap {
  target: string
  temporary: string
  previous: string
  /** `swapping` between the two renames, when the target may be missing and the previous output set aside. */
  stage: 'writing' | 'swapping' | 'done'
}

/**
 * Writes the new tree. A file whose bytes equal those of the same path in the current output is hard-linked
 * from there instead of written: the comparison is of real bytes (read under the build lock), so nothing in
 * the output is trusted, and a rebuild writes only what changed. The old tree goes away after the swap;
 * the linked files live on in the new one.
 */
async function writeTree(temporary: string, target: string, files: ReadonlyMap<string, string>, options: WriteOptions, faults: Faults): Promise<Manifest> {
  await mkdir(temporary)
  const paths = [...files.keys()].sort(compareStrings)
  const manifest: Manifest = { generator, ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }), files: [] }
  for (const directory of new Set(paths.map((relative) => path.dirname(path.join(temporary, relative))))) await mkdir(directory, { recursive: true })
  // Synchronous calls are several times faster than promises for thousands of small files; the loop yields
  // between batches so a Ctrl-C is handled (and the temporary folder removed) within a moment.
  const batchSize = 256
  for (let start = 0; start < paths.length; start += batchSize) {
    for (const relative of paths.slice(start, start + batchSize)) {
      const content = Buffer.from(files.get(relative) ?? '', 'utf8')
      const sha256 = options.hashes?.get(relative) ?? createHash('sha256').update(content).digest('hex')
      const file = path.join(temporary, relative)
      faults.beforeWrite(file)
      if (!linkedIfUnchanged(path.join(target, relative), content, sha256, options.previous?.[relative], file)) {
        try {
          writeFileSync(file, content)
        } catch (error) {
          throw naming(file)(error)
        }
      }
      manifest.files.push({ path: relative, size: content.length, sha256 })
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const manifestFile = path.join(temporary, manifestName)
  faults.beforeWrite(manifestFile)
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + '\n').catch(naming(manifestFile))
  return manifest
}

/**
 * Links the current output's file into the new tree when its bytes are the new ones: known from the last
 * build's record when the file is untouched since (see sameFile), and otherwise by comparing the bytes. lstat: a symbolic link planted in the output is never carried over, only regular files kb wrote.
 */
function linkedIfUnchanged(previous: string, content: Buffer, sha256: string, recorded: RecordedFile | undefined, file: string): boolean {
  let found
  try {
    found = lstatSync(previous)
  } catch {
    return false
  }
  if (!found.isFile() || found.size !== content.length) return false
  const known = recorded !== undefined && recorded.sha256 === sha256 && sameFile(found, recorded)
  try {
    if (!known && !readFileSync(previous).equals(content)) return false
    linkSync(previous, file)
    return true
  } catch {
    return false
  }
}

async function swapIn(swap: Swap, faults: Faults): Promise<void> {
  const hadPrevious = await pathExists(swap.target)
  swap.stage = 'swapping'
  if (hadPrevious) await rename(swap.target, swap.previous)
  faults.betweenRenames()
  await rename(swap.temporary, swap.target)
  swap.stage = 'done'
  // The new output is in place: an old one that cannot be removed now is removed by the next build's recovery.
  if (hadPrevious) await rm(swap.previous, { recursive: true, force: true }).catch(() => undefined)
}

/** Undoes an unfinished swap: the previous output goes back, the temporary folder away. Returns what could not be removed. */
async function abandon(swap: Swap): Promise<string | undefined> {
  if (swap.stage === 'done') return undefined
  if (swap.stage === 'swapping' && !(await pathExists(swap.target)) && (await pathExists(swap.previous))) {
    await rename(swap.previous, swap.target).catch(() => undefined)
  }
  return rm(swap.temporary, { recursive: true, force: true }).then(
    () => undefined,
    () => swap.temporary
  )
}

function abandonSync(swap: Swap): void {
  if (swap.stage === 'done') return
  try {
    if (swap.stage === 'swapping' && !existsSync(swap.target) && existsSync(swap.previous)) renameSync(swap.previous, swap.target)
    rmSync(swap.temporary, { recursive: true, force: true })
  } catch {
    // The process is ending: the next build's recovery finishes what is left.
  }
}

async function asOutputError(error: unknown, outDir: string, swap: Swap, leftBehind: string | undefined): Promise<unknown> {
  if (error instanceof OutputError) return error
  if (error instanceof BuildLockBusyError) {
    const waited = error.timeoutMs > 0 ? `; gave up after waiting ${Number((error.timeoutMs / 1000).toFixed(1))} s` : ''
    return new OutputError(`${describeOwner(error.owner)} is writing ${outDir}${waited}. Run kb build again when it has finished; if no kb build is running, delete ${error.file}`)
  }
  if (!(error instanceof BuildLockLostError) && !isFileSystemError(error)) return error
  const { reason, remedy } = error instanceof BuildLockLostError ? { reason: error.message, remedy: 'run kb build again' } : explainFileSystemError(error)
  const outcome = (await pathExists(swap.target)) ? `${outDir} is unchanged` : (await pathExists(swap.previous)) ? `the previous output is set aside as ${swap.previous}, and the next kb build puts it back` : `${outDir} was not created`
  const leftover = leftBehind ? `, and the temporary folder ${leftBehind} could not be removed` : ''
  return new OutputError(`could not write ${outDir}: ${reason}; ${outcome}${leftover}; ${remedy}`, { cause: error })
}

function lockTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const value = env['KB_LOCK_TIMEOUT_MS']
  if (value === undefined || value === '') return defaultLockTimeoutMs
  if (!/^\d+$/.test(value)) throw new OutputError(`Unexpected KB_LOCK_TIMEOUT_MS \`${value}\`, expected milliseconds such as ${defaultLockTimeoutMs}`)
  return Number(value)
}

function suffix(): string {
  return randomBytes(4).toString('hex')
}

