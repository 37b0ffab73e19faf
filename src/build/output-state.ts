import { createHash, randomBytes } from 'node:crypto'
import { lstatSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { cacheFolderName } from './artifact-cache.js'
import type { PortableMessage } from './entry-artifact.js'
import type { ScannedRecords } from './scan.js'
import type { RecordedRun } from './unchanged-run.js'
import type { RecordedFile } from '../write/recorded-file.js'
import type { SpareRecord } from '../write/write-dist.js'
import { foldersIntact, foldersOf, packedFilesIntact, packedRecordsIntact, recordsIntact, type PackedRecords } from './output-intact.js'
import { sameStamp, stampOf, type Stamp } from './stamp.js'

/**
 * What the last successful build of a KB into one output folder wrote, kept in the KB's cache folder: the
 * key of its inputs, each output file's hash and what the output scan found in it, and the size and change
 * time of each file as written. It lets a rebuild skip everything when nothing changed (and the output is
 * exactly as written), and rescan only output files whose bytes changed.
 */
export interface OutputState {
  target: string
  /** Everything the output depends on: kb, config, options and every entry's path and bytes. */
  inputKey: string
  /** kb, config and the allowed URLs: what the output scan's verdicts depend on. */
  scanKey: string
  files: Record<string, RecordedFile>
  findings: Record<string, PortableMessage[]>
  /** What the output scan found in each record of the files it cuts into records (see scan.ts). */
  records: ScannedRecords
  /** For files rendered through the compile step's memo: the key of their inputs (see output-memo.ts). */
  inputs: Record<string, string>
  /** What the build read, to see without reading it again that nothing changed (see unchanged-run.ts). */
  run?: RecordedRun
  /** Each folder of the output ('' for the output folder itself) with its stamp as written (see foldersIntact). */
  folders?: Map<string, Stamp>
  /** For files made of a part per entry (see PartsMemo): each part's key and length in bytes, in order. */
  parts?: Record<string, RecordedParts>
  /** The record of the spare tree beside the output (the output before it, see WriteOptions.spare). */
  spare?: SpareRecord
}

/** The parts of a file as written: the sha256 of each part's inputs (32 bytes each) and its length in bytes. */
export interface RecordedParts {
  keys: Uint8Array
  lengths: Uint32Array
}

const magic = Buffer.from('KBO6')
/** The packed per-file records of a state as read (see readOutputState). */
const packedFilesOf = new WeakMap<object, PackedFiles>()

function stateFile(root: string, target: string): string {
  return path.join(root, cacheFolderName, `output-${createHash('sha256').update(target).digest('hex').slice(0, 16)}`)
}

/**
 * Where a swap keeps the output it replaced, to build the next one in (see WriteOptions.spare): in the cache
 * folder, beside the output's state, so it is neither in git's view nor in the way, and goes with the cache.
 */
export function spareFolder(root: string, target: string): string {
  return `${stateFile(root, target)}.spare`
}

/**
 * The state a resident engine (kb dev) last wrote, with the stamp its file had then: while the file keeps that
 * stamp (no one else wrote it: a write renames a new file into place), the next build takes the state from
 * memory instead of reading, checking and decoding 27,000 records again. The state is never changed once written.
 */
export interface ResidentOutputState {
  kept?: { file: string; stamp: Stamp; state: OutputState }
  /**
   * The record of the last build being written: kb dev tells its pages about a build before it records it, and
   * the next build waits for it. A process that ends first leaves the record before it, which the next start
   * finds out of step with the output, and builds again what differs.
   */
  recording?: Promise<void>
}

/** The recorded state for this output, or undefined when there is none or it is damaged (then it is rebuilt). */
export async function readOutputState(root: string, target: string, resident?: ResidentOutputState): Promise<OutputState | undefined> {
  const file = stateFile(root, target)
  const kept = resident?.kept
  if (kept && kept.file === file) {
    const now = lstatSync(file, { throwIfNoEntry: false })
    if (now && sameStamp(kept.stamp, stampOf(now))) return kept.state
  }
  if (resident) resident.kept = undefined
  const bytes = await readFile(file).catch(() => undefined)
  if (!bytes || bytes.length < magic.length + 32 || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(magic.length + 32)
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, magic.length + 32))) return undefined
  try {
    const stored = deserialize(payload) as StoredState
    if (stored.target !== target || !(stored.records?.flagged instanceof Map) || !(stored.records.ofFile instanceof Map)) return undefined
    const { files, inputs, spare, ...rest } = stored
    // Unpacked when used: a build that finds nothing changed reads the packed form only (see outputIntact).
    const state = { ...rest } as OutputState
    if (spare) state.spare = spareRecord(spare.folders, spare.files)
    let unpackedFiles: OutputState['files'] | undefined
    let unpackedInputs: OutputState['inputs'] | undefined
    Object.defineProperty(state, 'files', { enumerable: true, configurable: true, get: () => (unpackedFiles ??= unpackFiles(files)) })
    Object.defineProperty(state, 'inputs', { enumerable: true, configurable: true, get: () => (unpackedInputs ??= unpackKeys(inputs)) })
    packedFilesOf.set(state, files)
    return state
  } catch {
    return undefined
  }
}

/**
 * The state as stored: the per-file records of a large output (36,000 files for 9,000 entries) packed into a
 * few strings and typed arrays, which v8 copies as bytes, instead of one object each, which it builds one by one.
 */
type StoredState = Omit<OutputState, 'files' | 'inputs' | 'spare'> & { files: PackedFiles; inputs: PackedKeys; spare?: { files: PackedFiles; folders: Map<string, Stamp> } }

interface PackedFiles {
  /** The paths, joined by NUL. */
  paths: string
  /** size, mtimeMs, ctimeMs and ino of each file in turn. */
  numbers: Float64Array
  /** The sha256 of each, 32 bytes each. */
  hashes: Uint8Array
}

interface PackedKeys {
  paths: string
  /** Each key's hex as bytes, 32 each. */
  keys: Uint8Array
}

function packFiles(files: OutputState['files']): PackedFiles {
  const paths = Object.keys(files)
  const numbers = new Float64Array(paths.length * 4)
  const hashes = Buffer.alloc(paths.length * 32)
  paths.forEach((relative, index) => {
    const file = files[relative] as RecordedFile
    numbers.set([file.size, file.mtimeMs, file.ctimeMs, file.ino], index * 4)
    // The manifest's record carries no hash (it is written last): 32 zero bytes.
    if (file.sha256) hashes.write(file.sha256, index * 32, 'hex')
  })
  return { paths: paths.join('\0'), numbers, hashes }
}

function unpackFiles(packed: PackedFiles): OutputState['files'] {
  const files: OutputState['files'] = {}
  if (packed.paths === '') return files
  const hashes = Buffer.from(packed.hashes.buffer, packed.hashes.byteOffset, packed.hashes.byteLength)
  packed.paths.split('\0').forEach((relative, index) => {
    const at = index * 4
    const sha256 = hashes.toString('hex', index * 32, index * 32 + 32)
    files[relative] = { sha256: /^0+$/.test(sha256) ? '' : sha256, size: packed.numbers[at] as number, mtimeMs: packed.numbers[at + 1] as number, ctimeMs: packed.numbers[at + 2] as number, ino: packed.numbers[at + 3] as number }
  })
  return files
}

function packKeys(inputs: OutputState['inputs']): PackedKeys {
  const paths = Object.keys(inputs)
  const keys = Buffer.alloc(paths.length * 32)
  paths.forEach((relative, index) => keys.write(inputs[relative] as string, index * 32, 'hex'))
  return { paths: paths.join('\0'), keys }
}

function unpackKeys(packed: PackedKeys): OutputState['inputs'] {
  const inputs: OutputState['inputs'] = {}
  if (packed.paths === '') return inputs
  const keys = Buffer.from(packed.keys.buffer, packed.keys.byteOffset, packed.keys.byteLength)
  packed.paths.split('\0').forEach((relative, index) => {
    inputs[relative] = keys.toString('hex', index * 32, index * 32 + 32)
  })
  return inputs
}

export async function writeOutputState(root: string, state: OutputState, resident?: ResidentOutputState): Promise<void> {
  const file = stateFile(root, state.target)
  if (resident) resident.kept = undefined
  const { spare, ...rest } = state
  const files = packFiles(state.files)
  const payload = serialize({ ...rest, files, inputs: packKeys(state.inputs), ...(spare ? { spare: { files: packedFilesOf.get(spare) ?? packFiles(spare.files), folders: new Map(spare.folders) } } : {}) } satisfies StoredState)
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(temporary, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]))
    await rename(temporary, file)
    const written = resident && lstatSync(file, { throwIfNoEntry: false })
    if (resident && written) {
      packedFilesOf.set(state, files)
      resident.kept = { file, stamp: stampOf(written), state }
    }
  } catch {
    // Without the record the next build does the full work: slower, never wrong.
    await rm(temporary, { force: true }).catch(() => undefined)
  }
}

/** Size and change time of each written file, read back after the swap; `untouched` gives those known as recorded. */
export function statOutput(target: string, hashes: ReadonlyMap<string, string>, untouched?: (relative: string) => RecordedFile | undefined): OutputState['files'] {
  const files: OutputState['files'] = {}
  for (const [relative, sha256] of hashes) {
    const known = untouched?.(relative)
    if (known) {
      // Records are never changed once made: an unchanged one is shared with the state it came from.
      files[relative] = known.sha256 === sha256 ? known : { ...known, sha256 }
      continue
    }
    // Synchronous: several times faster than promises for thousands of files.
    const stats = lstatSync(path.join(target, relative), { throwIfNoEntry: false })
    if (stats?.isFile()) files[relative] = { sha256, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino }
  }
  return files
}

/** Each folder holding a written file, up to the output folder itself (''), with its stamp. */
export function statFolders(target: string, files: Iterable<string>): Map<string, Stamp> {
  const folders = ['', ...foldersOf(files)]
  const stamped = new Map<string, Stamp>()
  for (const folder of folders.sort()) {
    const stats = lstatSync(path.join(target, folder), { throwIfNoEntry: false })
    if (stats?.isDirectory()) stamped.set(folder, stampOf(stats))
  }
  return stamped
}

/**
 * The output a state records, as the spare tree's record once a swap has kept it (see WriteOptions.spare),
 * `now` being the new output's files as they are now. A file of the new output that is the same file (inode)
 * as the spare's was linked from it or kept with it: linking changed its status change time, which the
 * record gets from `now`, or the next build would see it changed and link it again, and so every file every
 * time. Undefined without its folders' stamps.
 */
export function asSpare(state: OutputState, now: OutputState['files']): SpareRecord | undefined {
  const folders = state.folders
  if (!folders) return undefined
  const old = packedFilesOf.get(state) ?? packFiles(state.files)
  const numbers = Float64Array.from(old.numbers)
  const hashes = Buffer.from(old.hashes)
  if (old.paths !== '') {
    old.paths.split('\0').forEach((relative, index) => {
      const file = now[relative]
      if (file === undefined || file.ino !== numbers[index * 4 + 3]) return
      numbers.set([file.size, file.mtimeMs, file.ctimeMs, file.ino], index * 4)
      if (file.sha256) hashes.write(file.sha256, index * 32, 'hex')
    })
  }
  return spareRecord(folders, { paths: old.paths, numbers, hashes })
}

/** A spare tree's record whose files are unpacked when first read (and stored packed as they are). */
function spareRecord(folders: ReadonlyMap<string, Stamp>, packed: PackedFiles): SpareRecord {
  let unpacked: OutputState['files'] | undefined
  const record = Object.defineProperty({ folders }, 'files', { enumerable: true, configurable: true, get: () => (unpacked ??= unpackFiles(packed)) }) as unknown as SpareRecord
  packedFilesOf.set(record, packed)
  return record
}

/** The state's per-file records in their packed form (see PackedFiles): as read, or packed now. */
export function packedRecordsOf(state: OutputState): PackedRecords {
  return packedFilesOf.get(state) ?? packFiles(state.files)
}

/**
 * Whether the output folder still lists exactly what the recorded build wrote there, from its folders'
 * stamps alone (see foldersIntact): a build may then replace it without reading its manifest or its tree.
 */
export function listedAsWritten(state: OutputState | undefined): () => boolean {
  return () => state?.folders !== undefined && foldersIntact(state.target, state.folders)
}

/** How many files the state records, without unpacking them. */
export function recordedFileCount(state: OutputState): number {
  const packed = packedFilesOf.get(state)
  // Four numbers a file (see PackedFiles).
  return packed ? packed.numbers.length / 4 : Object.keys(state.files).length
}

/**
 * Whether the output folder holds exactly the files the state recorded, each still the same file as written
 * (see sameFile): a file edited, added or removed by hand since means a full build.
 */
export function outputIntact(state: OutputState): boolean {
  const packed = packedFilesOf.get(state)
  // From the packed record when the state was read so: no object per file.
  if (packed && state.folders && foldersIntact(state.target, state.folders)) return packedFilesIntact(state.target, packed)
  if (packed) return packedRecordsIntact(state.target, packed)
  return recordsIntact(state.target, (relative) => state.files[relative], Object.keys(state.files))
}

