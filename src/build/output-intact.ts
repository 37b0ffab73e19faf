import { lstatSync, readdirSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { sameFile, type RecordedFile } from '../write/recorded-file.js'

/** The per-file records of an output as the output state packs them: paths joined by NUL; size, mtime, ctime, inode per file. */
export interface PackedRecords {
  paths: string
  numbers: Float64Array
}

/**
 * Whether `target` holds exactly the recorded files, each still the same file as written (see sameFile): a
 * file edited, added or removed by hand since means it is not. One readdir of the tree and one lstat a file.
 */
export function recordsIntact(target: string, recordedOf: (relative: string) => RecordedFile | undefined, recordedCount: number): boolean {
  let listed: Dirent[]
  try {
    listed = readdirSync(target, { recursive: true, withFileTypes: true })
  } catch {
    return false
  }
  // Paths cut from the listing's own (path.relative on each of 36,000 files costs more than their lstat).
  const prefix = target.length + 1
  let files = 0
  for (const entry of listed) {
    if (entry.isDirectory()) continue
    files++
    const absolute = `${entry.parentPath}${path.sep}${entry.name}`
    const relative = absolute.slice(prefix)
    const recorded = recordedOf(path.sep === '/' ? relative : relative.split(path.sep).join('/'))
    if (recorded === undefined || !sameFile(lstatSync(absolute, { throwIfNoEntry: false }), recorded)) return false
  }
  return files === recordedCount
}

/** recordsIntact over packed records, without an object per file. */
export function packedRecordsIntact(target: string, packed: PackedRecords): boolean {
  const paths = packed.paths === '' ? [] : packed.paths.split('\0')
  const indexOf = new Map(paths.map((relative, index) => [relative, index]))
  return recordsIntact(
    target,
    (relative) => {
      const index = indexOf.get(relative)
      if (index === undefined) return undefined
      const at = index * 4
      return { sha256: '', size: packed.numbers[at] as number, mtimeMs: packed.numbers[at + 1] as number, ctimeMs: packed.numbers[at + 2] as number, ino: packed.numbers[at + 3] as number }
    },
    indexOf.size
  )
}
