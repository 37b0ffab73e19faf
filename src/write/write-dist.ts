import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, lstatSync, type Stats, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'
import type { Manifest } from '../types/manifest.js'
import { acquireBuildLock, BuildLockBusyError, BuildLockLostError, describeOwner, type BuildLock } from '../build-lock/build-lock.js'
import { cleaningUpOnSignal } from './clean-up-on-signal.js'
import { faultsFrom, injectedError, type Faults } from './fault-injection.js'
import { generator, manifestName, manifestText } from './kb-manifest.js'
import { explainFileSystemError, isFileSystemError, naming, OutputError } from './output-error.js'
import { resolveOutputTarget } from './output-target.js'
import { pathExists } from './path-exists.js'
import { recoverInterrupted, siblingFolder } from './recover-interrupted.js'
import { assertReplaceable } from './replaceable.js'
import { sameFile, type RecordedFile } from './recorded-file.js'
import { patchCutShort, patchMarker } from './patch-marker.js'
import { startFileWriters, type FileWriters } from './file-writers.js'
import { clearFilesOnTheWay, keepAsSpare, takeSpare } from './spare-tree.js'
import type { Stamp } from '../build/stamp.js'

export { manifestName }

export interface WriteOptions {
  generatedAt: string | undefined
  /** Read for KB_LOCK_TIMEOUT_MS, and for the test hook KB_FAULT_INJECT. */
  env: NodeJS.ProcessEnv
  /** Told once, when another build is writing the same output and this one waits for it. */
  onWait?: (message: string) => void
  /** What the last build wrote at each path (from its record), so unchanged files are linked, not written. */
  previous?: Readonly<Record<string, RecordedFile>>
  /** Threads that create the files while the build goes on (0: each file is written as it is added). */
  writerThreads?: number
  /** Whether the output folder's listing is still the one the last build wrote (see assertReplaceable). */
  listedAsWritten?: () => boolean
  /**
   * Patch the output where it is, when its record (`previous`) and listing allow, instead of swapping a new
   * tree in: only the changed files are written (beside it first, then renamed into place) and the ones no
   * longer made removed. For an output nothing reads while a build runs: kb dev's own site, which its server
   * serves between builds only. A patch cut short leaves a marker (see patchMarker), and the next build
   * writes the output whole.
   */
  inPlace?: boolean
  /**
   * The spare tree: the output before the current one, which a swap keeps in `folder` (on the output's file
   * system, or it is not kept) instead of removing it. The next build is built in it, writing only what
   * differs from it, where building a new tree meant linking every unchanged file anew and removing every
   * link of the old tree after (two file system calls a file, 36,000 files on tldr). It is built in only
   * with its `record`, while each of its folders is as recorded (so it holds no file the record does not
   * list), and a file is kept from it only when it is, untouched, the recorded one with the same bytes.
   * `keep`: keep the output this build replaces there (its caller records it, see OutputState.spare).
   */
  spare?: { folder: string; record: SpareRecord | undefined; keep: boolean }
}

export interface SpareRecord {
  files: Readonly<Record<string, RecordedFile>>
  folders: ReadonlyMap<string, Stamp>
}

/** Where a build puts its files, one at a time, as it makes them. */
export interface OutputSink {
  /**
   * Adds a file to the new output: hard-linked from the current one when the record proves it has these bytes,
   * else written. `text`, when the bytes are its UTF-8 and nothing else holds them: they are moved to a writer
   * thread instead of copied (see FileWriters.write).
   */
  add(relative: string, bytes: Uint8Array, sha256: string, text?: string): void
  /** Adds the current output's file, as recorded, to the new output: linked (or copied when it cannot be). */
  keep(relative: string, recorded: RecordedFile): void
  /**
   * Adds a file that comes a part at a time (see StreamedFile), written here as it comes, a buffer at a time:
   * `end` gives its bytes' hash, and `textOf` reads it back (for the code frames of a file the scan flags).
   */
  stream(relative: string): FileStream
  /** A promise to wait on before adding more when the disk is behind, else undefined. */
  ready(): Promise<void> | undefined
}

export interface FileStream {
  push(part: string): void
  end(): { sha256: string }
  textOf(): string | undefined
}

/** Bytes of a streamed file gathered before they are written. */
const streamBuffer = 1 << 20

/** What the producer decided: publish the new output, or drop it (the output scan found errors) and leave the old one. */
export interface Produced<T> {
  publish: boolean
  value: T
}

/** How long a build waits for another one writing the same output (which now includes compiling it). */
export const defaultLockTimeoutMs = 600_000

/**
 * Runs `produce` with a sink into a temporary folder beside `outDir` and, when it says to publish, swaps that
 * folder in with two renames, so a crash, a kill or a full disk leaves the previous output whole. All of it
 * holds the output's build lock, so a second build waits instead of mixing its files in. Leftovers of killed
 * builds are cleared first, and a previous output caught between the two renames is put back. A symlinked
 * `outDir` is updated at its target. Failures of the file system, the lock or the output folder's ownership
 * throw an OutputError. Returns the manifest (undefined when not published) and what `produce` returned; for
 * an output built in the spare tree, the files it kept as the spare held them, with the spare's records
 * (`reused`: their status is as recorded, and a build need not read it back from the disk).
 */
export async function writeDist<T>(outDir: string, produce: (sink: OutputSink) => Promise<Produced<T>>, options: WriteOptions): Promise<{ manifest: Manifest | undefined; value: T; patched?: ReadonlySet<string>; spareKept?: boolean; reused?: ReadonlyMap<string, RecordedFile> }> {
  const lockTimeoutMs = lockTimeoutFrom(options.env)
  const faults = faultsFrom(options.env)
  const target = await resolveOutputTarget(outDir)
  const swap: Swap = { target, temporary: siblingFolder(target, 'tmp', suffix()), previous: siblingFolder(target, 'old', suffix()), stage: 'writing' }
  let lock: BuildLock | undefined
  let writers: FileWriters | undefined
  const onSignal = () => {
    // The writer threads stop first: files they went on adding would keep the temporary folder from going.
    writers?.stopSync()
    abandonSync(swap)
    lock?.releaseSync()
  }
  try {
    return await cleaningUpOnSignal(onSignal, async () => {
      await mkdir(path.dirname(target), { recursive: true })
      lock = await acquireBuildLock(target, { timeoutMs: lockTimeoutMs, onWait: (owner) => options.onWait?.(`waiting for ${describeOwner(owner)} to finish writing ${outDir}`) })
      await recoverInterrupted(target)
      await assertReplaceable(target, outDir, options.listedAsWritten)
      // Only over an output listed as its record says (which a missing one is not), and not half patched.
      const patching = options.inPlace === true && options.previous !== undefined && !patchCutShort(target) && (options.listedAsWritten?.() ?? false)
      // The spare tree becomes the temporary folder: a build cut short leaves it to be removed as such.
      const spareRecord = options.spare?.record
      const spare = !patching && options.spare && spareRecord && (await takeSpare(options.spare.folder, swap.temporary, spareRecord.folders)) ? spareRecord : undefined
      if (!spare) await mkdir(swap.temporary)
      writers = startFileWriters(options.writerThreads ?? 0)
      const tree = treeWriter(swap.temporary, target, options, faults, writers, patching, spare)
      const produced = await produce(tree.sink)
      if (!produced.publish) {
        await writers.close()
        await abandon(swap)
        return { manifest: undefined, value: produced.value }
      }
      const manifest = await tree.finish(options.generatedAt)
      await lock.assertHeld()
      if (patching && options.previous) {
        const made = new Set(manifest.files.map((file) => file.path))
        await patchIn(swap, faults, tree.staged, Object.keys(options.previous).filter((relative) => !made.has(relative) && relative !== manifestName))
        return { manifest, value: produced.value, patched: new Set(tree.staged) }
      }
      const reused = tree.reused()
      const spareKept = await swapIn(swap, faults, writers, manifest.files.map((file) => file.path), options.spare?.keep ? options.spare.folder : undefined)
      // A whole output replaces one a patch left half made: it is whole again.
      rmSync(patchMarker(target), { force: true })
      return { manifest, value: produced.value, spareKept, reused }
    })
  } catch (error) {
    await writers?.close()
    const leftBehind = await abandon(swap)
    throw await asOutputError(error, outDir, swap, leftBehind)
  } finally {
    await writers?.close()
    await lock?.release()
  }
}

interface Swap {
  target: string
  temporary: string
  previous: string
  /**
   * `swapping` between the two renames, when the target may be missing and the previous output set aside;
   * `patching` while files are put into the target in place (see WriteOptions.inPlace).
   */
  stage: 'writing' | 'swapping' | 'patching' | 'done'
}

/**
 * The new tree, written a file at a time by the writer threads. A file the last build's record shows
 * unchanged (same hash, and the file in the current output untouched since: see sameFile) is hard-linked
 * from there instead of written, so a rebuild writes only what changed; the old tree goes away after the
 * swap (or is kept as the spare), the linked files live on in the new one. Built in the spare tree (`spare`,
 * see WriteOptions.spare), a file the spare holds as recorded with the right bytes stays, and what is not
 * this output's is removed at the end. Folders are made here, before their files are handed on.
 */
function treeWriter(temporary: string, target: string, options: WriteOptions, faults: Faults, writers: FileWriters, patching: boolean, spare: SpareRecord | undefined): { sink: OutputSink; finish: (generatedAt: string | undefined) => Promise<Manifest>; staged: string[]; reused: () => Map<string, RecordedFile> } {
  const files: Manifest['files'] = []
  // Folders by path in the tree ('' is the tree itself), made as their first file comes.
  const folders = new Set<string>([''])
  const added = new Set<string>()
  // Patching: the files written beside the output, to be renamed into it.
  const staged: string[] = []
  const once = (relative: string): void => {
    // Two outputs at one path would lose one without a word: a bug in kb's paths, never in content.
    if (added.has(relative)) throw new Error(`Two output files at ${relative}: the second would overwrite the first`)
    added.add(relative)
  }
  const place = (relative: string): void => {
    once(relative)
    const cut = relative.lastIndexOf('/')
    const folder = cut === -1 ? '' : relative.slice(0, cut)
    if (folders.has(folder)) return
    const absolute = path.join(temporary, folder)
    try {
      // In the spare tree a file of an older output may stand where a folder now goes.
      if (spare) clearFilesOnTheWay(temporary, folder)
      mkdirSync(absolute, { recursive: true })
    } catch (error) {
      throw naming(absolute)(error)
    }
    folders.add(folder)
  }
  // In the spare tree: the files handed to the writers to keep as the spare holds them, with the spare's records.
  const keptFromSpare = new Map<string, RecordedFile>()
  /** In the spare tree: the spare's file at `relative` when it holds `sha256` as recorded (else it is replaced). */
  const fromSpare = (relative: string, sha256: string) => {
    const recorded = spare?.files[relative]
    if (recorded?.sha256 !== sha256) return undefined
    keptFromSpare.set(relative, recorded)
    return recorded
  }
  /** Once written: the files kept as the spare holds them, each as its record says (the writers remade the others). */
  const reused = () => {
    // A few at most: their paths are made relative, not the kept files' absolute (36,000 paths after one change).
    for (const file of writers.remade()) keptFromSpare.delete(path.relative(temporary, file).split(path.sep).join('/'))
    return keptFromSpare
  }
  const sink: OutputSink = {
    add(relative, bytes, sha256, text) {
      const recorded = options.previous?.[relative]
      if (patching && recorded?.sha256 === sha256 && sameFile(lstatSync(path.join(target, relative), { throwIfNoEntry: false }), recorded)) {
        // In place already, with these bytes.
        once(relative)
        files.push({ path: relative, size: recorded.size, sha256 })
        return
      }
      place(relative)
      const file = path.join(temporary, relative)
      const fault = faults.beforeWrite(file)
      const reuse = fromSpare(relative, sha256)
      // Listed before the write: bytes moved to a writer thread are gone from here.
      files.push({ path: relative, size: bytes.byteLength, sha256 })
      writers.write({ file, bytes, exclusive: true, ...(!patching && recorded?.sha256 === sha256 ? { linkFrom: { file: path.join(target, relative), recorded } } : {}), ...(spare ? { replace: true } : {}), ...(reuse ? { reuse } : {}), ...(fault ? { fault } : {}) }, text)
      if (patching) staged.push(relative)
    },
    keep(relative, recorded) {
      if (patching) {
        // The memo found it in place as recorded (see outputMemo): it stays where it is.
        once(relative)
        files.push({ path: relative, size: recorded.size, sha256: recorded.sha256 })
        return
      }
      place(relative)
      // Tens of thousands of kept files: their paths are made by the writer, unless a test asks for a fault.
      const file = faults.any ? path.join(temporary, relative) : undefined
      const fault = file === undefined ? undefined : faults.beforeWrite(file)
      const reuse = fromSpare(relative, recorded.sha256)
      if (file && fault) writers.write({ file, bytes: undefined, exclusive: true, linkFrom: { file: path.join(target, relative), recorded }, fault, ...(spare ? { replace: true } : {}), ...(reuse ? { reuse } : {}) })
      else writers.link(target, temporary, relative, recorded, spare ? { reuse } : undefined)
      files.push({ path: relative, size: recorded.size, sha256: recorded.sha256 })
    },
    stream(relative) {
      place(relative)
      const file = path.join(temporary, relative)
      const fault = faults.beforeWrite(file)
      if (fault) throw injectedError(fault, 'write', file)
      const hash = createHash('sha256')
      let descriptor: number
      try {
        if (spare) rmSync(file, { recursive: true, force: true })
        descriptor = openSync(file, 'wx')
      } catch (error) {
        naming(file)(error)
      }
      let size = 0
      let readFrom = file
      let gathered: Buffer[] = []
      let gatheredBytes = 0
      const flush = () => {
        const bytes = gathered.length === 1 ? (gathered[0] as Buffer) : Buffer.concat(gathered)
        gathered = []
        gatheredBytes = 0
        try {
          writeAll(descriptor, bytes)
        } catch (error) {
          closeSync(descriptor)
          naming(file)(error)
        }
      }
      return {
        push(part) {
          const bytes = Buffer.from(part, 'utf8')
          hash.update(bytes)
          size += bytes.length
          gathered.push(bytes)
          gatheredBytes += bytes.length
          if (gatheredBytes >= streamBuffer) flush()
        },
        end() {
          flush()
          try {
            closeSync(descriptor)
          } catch (error) {
            naming(file)(error)
          }
          const sha256 = hash.digest('hex')
          const recorded = options.previous?.[relative]
          if (patching && recorded?.sha256 === sha256 && sameFile(lstatSync(path.join(target, relative), { throwIfNoEntry: false }), recorded)) {
            // In place already, with these bytes: the patch leaves it there.
            rmSync(file, { force: true })
            readFrom = path.join(target, relative)
            files.push({ path: relative, size: recorded.size, sha256 })
            return { sha256 }
          }
          if (patching) staged.push(relative)
          files.push({ path: relative, size, sha256 })
          return { sha256 }
        },
        textOf() {
          try {
            return readFileSync(readFrom, 'utf8')
          } catch {
            return undefined
          }
        }
      }
    },
    ready: () => writers.ready()
  }
  const finish = async (generatedAt: string | undefined): Promise<Manifest> => {
    await writers.settle()
    if (spare) {
      // What the spare held that this output does not: removed, and the folders left empty with it.
      const stale = Object.keys(spare.files).filter((relative) => !added.has(relative))
      for (const relative of stale) {
        const file = path.join(temporary, relative)
        // A folder there now holds this output's files (see clearFilesOnTheWay), or a file of this output stands
        // where a folder of it was, and the path leads nowhere.
        const found = lstatOrNothing(file)
        if (found && !found.isDirectory()) rmSync(file, { force: true })
      }
      removeEmptyFolders(temporary, stale)
    }
    const manifest: Manifest = { generator, ...(generatedAt === undefined ? {} : { generatedAt }), files: files.sort((a, b) => compareStrings(a.path, b.path)) }
    const manifestFile = path.join(temporary, manifestName)
    const fault = faults.beforeWrite(manifestFile)
    if (fault) throw injectedError(fault, 'write', manifestFile)
    // Synchronous: an asynchronous write still in flight when a signal's clean-up removes the folder would
    // put the file back after it, and the folder with it would stay behind.
    try {
      if (spare) rmSync(manifestFile, { recursive: true, force: true })
      const descriptor = openSync(manifestFile, 'w')
      try {
        for (const text of manifestText(manifest)) writeAll(descriptor, Buffer.from(text, 'utf8'))
      } finally {
        closeSync(descriptor)
      }
    } catch (error) {
      naming(manifestFile)(error)
    }
    if (patching) staged.push(manifestName)
    return manifest
  }
  return { sink, finish, staged, reused }
}

/** What is at `file`, or undefined when nothing is (a file standing where one of its folders would be included). */
function lstatOrNothing(file: string): Stats | undefined {
  try {
    return lstatSync(file, { throwIfNoEntry: false })
  } catch {
    return undefined
  }
}

function writeAll(descriptor: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(descriptor, bytes, written)
}

/**
 * Puts a patch into the output in place: the marker first, then the files no longer made go (and the folders
 * they leave empty), then each written file is renamed over its old self, the manifest last. Removing first
 * lets a file take the place of a folder that held only old files, and the other way round.
 */
async function patchIn(swap: Swap, faults: Faults, staged: readonly string[], stale: readonly string[]): Promise<void> {
  const marker = patchMarker(swap.target)
  try {
    writeFileSync(marker, `${process.pid}\n`)
  } catch (error) {
    naming(marker)(error)
  }
  swap.stage = 'patching'
  for (const relative of stale) rmSync(path.join(swap.target, relative), { force: true })
  removeEmptyFolders(swap.target, stale)
  const made = new Set<string>()
  for (const relative of staged) {
    const to = path.join(swap.target, relative)
    faults.whilePatching(to)
    const folder = path.dirname(relative)
    if (folder !== '.' && !made.has(folder)) {
      mkdirSync(path.join(swap.target, folder), { recursive: true })
      made.add(folder)
    }
    renameSync(path.join(swap.temporary, relative), to)
  }
  rmSync(marker, { force: true })
  swap.stage = 'done'
  // Only the emptied folders are left of it: never a reason to fail a build that is in place.
  await rm(swap.temporary, { recursive: true, force: true }).catch(() => undefined)
}

/** Removes the folders of `files` (paths under `target`) that are empty now, deepest first; never `target`. */
function removeEmptyFolders(target: string, files: readonly string[]): void {
  const folders = new Set<string>()
  for (const relative of files) for (let folder = path.posix.dirname(relative); folder !== '.'; folder = path.posix.dirname(folder)) folders.add(folder)
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length || compareStrings(a, b))) {
    try {
      rmdirSync(path.join(target, folder))
    } catch {
      // Not empty (it holds files still made), or gone already.
    }
  }
}

/** Puts the new output in place and removes the previous one (whose files are mostly those of the new: `files`). */
async function swapIn(swap: Swap, faults: Faults, writers: FileWriters, files: readonly string[], spareFolder: string | undefined): Promise<boolean> {
  const hadPrevious = await pathExists(swap.target)
  swap.stage = 'swapping'
  // Back to back on this thread: awaited renames wait their turn in libuv's pool, and on a loaded machine a
  // kill could land in that gap, leaving the output set aside (found and put back by the next build, but
  // missing to whatever reads it until then). Two system calls apart, the gap is microseconds.
  if (hadPrevious) renameSync(swap.target, swap.previous)
  faults.betweenRenames()
  renameSync(swap.temporary, swap.target)
  swap.stage = 'done'
  // The new output is in place: an old one that cannot be removed now is removed by the next build's recovery.
  // Awaited, not left to run on: each old link removed changes its file's ctime, which the build records next
  // (see statOutput), and a record taken before would make the next build see every file changed by hand.
  // Kept as the spare tree the next build is built in (see WriteOptions.spare), or removed.
  if (!hadPrevious) return false
  if (spareFolder && (await keepAsSpare(spareFolder, swap.previous, (folder) => writers.removeTree(folder, [])))) return true
  await writers.removeTree(swap.previous, files)
  return false
}

/** Undoes an unfinished swap: the previous output goes back, the temporary folder away. Returns what could not be removed. */
async function abandon(swap: Swap): Promise<string | undefined> {
  if (swap.stage === 'done') return undefined
  // A patch cut short stays as it is, marked (see patchMarker): the next build writes the output whole.
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
    // Writer threads may still be adding files: retried while the folder is not yet empty.
    rmSync(swap.temporary, { recursive: true, force: true, maxRetries: 5, retryDelay: 10 })
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
  const outcome = swap.stage === 'patching' ? `${outDir} was partly updated, and the next build writes it whole` : (await pathExists(swap.target)) ? `${outDir} is unchanged` : (await pathExists(swap.previous)) ? `the previous output is set aside as ${swap.previous}, and the next kb build puts it back` : `${outDir} was not created`
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

