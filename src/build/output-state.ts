import { createHash, randomBytes } from 'node:crypto'
import { lstatSync, readdirSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { cacheFolderName } from './artifact-cache.js'
import type { PortableMessage } from './entry-artifact.js'
import type { ScannedRecords } from './scan.js'
import { sameFile, type RecordedFile } from '../write/recorded-file.js'

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
}

const magic = Buffer.from('KBO3')

function stateFile(root: string, target: string): string {
  return path.join(root, cacheFolderName, `output-${createHash('sha256').update(target).digest('hex').slice(0, 16)}`)
}

/** The recorded state for this output, or undefined when there is none or it is damaged (then it is rebuilt). */
export async function readOutputState(root: string, target: string): Promise<OutputState | undefined> {
  const bytes = await readFile(stateFile(root, target)).catch(() => undefined)
  if (!bytes || bytes.length < magic.length + 32 || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(magic.length + 32)
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, magic.length + 32))) return undefined
  try {
    const state = deserialize(payload) as OutputState
    return state.target === target && typeof state.files === 'object' && typeof state.inputs === 'object' && state.records?.flagged instanceof Map && state.records.ofFile instanceof Map ? state : undefined
  } catch {
    return undefined
  }
}

export async function writeOutputState(root: string, state: OutputState): Promise<void> {
  const file = stateFile(root, state.target)
  const payload = serialize(state)
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(temporary, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]))
    await rename(temporary, file)
  } catch {
    // Without the record the next build does the full work: slower, never wrong.
    await rm(temporary, { force: true }).catch(() => undefined)
  }
}

/** Size and change time of each written file, read back after the swap. */
export function statOutput(target: string, hashes: ReadonlyMap<string, string>): OutputState['files'] {
  const files: OutputState['files'] = {}
  for (const [relative, sha256] of hashes) {
    // Synchronous: several times faster than promises for thousands of files.
    const stats = lstatSync(path.join(target, relative), { throwIfNoEntry: false })
    if (stats?.isFile()) files[relative] = { sha256, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino }
  }
  return files
}

/**
 * Whether the output folder holds exactly the files the state recorded, each still the same file as written
 * (see sameFile): a file edited, added or removed by hand since means a full build.
 */
export function outputIntact(state: OutputState): boolean {
  let listed: string[]
  try {
    listed = readdirSync(state.target, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => path.relative(state.target, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
  } catch {
    return false
  }
  if (listed.length !== Object.keys(state.files).length) return false
  return listed.every((relative) => {
    const recorded = state.files[relative]
    return recorded !== undefined && sameFile(lstatSync(path.join(state.target, relative), { throwIfNoEntry: false }), recorded)
  })
}
