import { lstatSync, readdirSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { sameFile, type RecordedFile } from '../write/recorded-file.js'
import { sameStamp, stampOf, type Stamp } from './stamp.js'

/** The per-file records of an output as the output state packs them: paths joined by NUL; size, mtime, ctime, inode per file. */
export interface PackedRecords {
  paths: string
  numbers: Float64Array
}

/**
 * Whether `target` holds exactly the recorded files, each still the same file as written (see sameFile): a
 * file edited, added or removed by hand since means it is not. One readdir of the tree and one lstat a file.
 */
export function recordsIntact(target: string, recordedOf: (relative: string) => RecordedFile | undefined, recordedPaths: readonly string[]): boolean {
  let listed: Dirent[]
  try {
    listed = readdirSync(target, { recursive: true, withFileTypes: true })
  } catch {
    return false
  }
  // Paths cut from the listing's own (path.relative on each of 36,000 files costs more than their lstat).
  const prefix = target.length + 1
  const folders = foldersOf(recordedPaths)
  let files = 0
  for (const entry of listed) {
    const absolute = `${entry.parentPath}${path.sep}${entry.name}`
    const relative = absolute.slice(prefix)
    const portable = path.sep === '/' ? relative : relative.split(path.sep).join('/')
    // A folder kb wrote holds a file kb wrote: an empty one was made by hand.
    if (entry.isDirectory()) {
      if (!folders.has(portable)) return false
      continue
    }
    files++
    const recorded = recordedOf(portable)
    if (recorded === undefined || !sameFile(lstatSync(absolute, { throwIfNoEntry: false }), recorded)) return false
  }
  return files === recordedPaths.length
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
    paths
  )
}

/** Every folder holding one of the files, at any depth, by path from the output folder (which is '' and not included). */
export function foldersOf(files: Iterable<string>): Set<string> {
  const folders = new Set<string>()
  for (const relative of files) {
    for (let cut = relative.lastIndexOf('/'); cut > 0; cut = relative.lastIndexOf('/', cut - 1)) {
      const folder = relative.slice(0, cut)
      if (folders.has(folder)) break
      folders.add(folder)
    }
  }
  return folders
}

/**
 * Whether every recorded folder is still the one recorded, with the same times: then no file or folder was
 * added, removed or renamed in any of them, so the recorded paths are the whole listing and need not be read
 * again. Only on a file system with times finer than a second: with whole seconds, a file added in the second
 * of the record would not change them. `moved`: `target` was renamed (moved) since the record, which changed
 * its own status change time and nothing else.
 */
export function foldersIntact(target: string, folders: ReadonlyMap<string, Stamp>, options: { moved?: boolean } = {}): boolean {
  if (!folders.has('')) return false
  for (const [relative, stamp] of folders) {
    if (stamp[1] % 1000 === 0 || stamp[2] % 1000 === 0) return false
    const found = lstatSync(relative === '' ? target : `${target}${path.sep}${relative}`, { throwIfNoEntry: false })
    if (!found?.isDirectory()) return false
    const now = stampOf(found)
    if (!sameStamp(relative === '' && options.moved ? [stamp[0], stamp[1], now[2], stamp[3]] : stamp, now)) return false
  }
  return true
}

/** With the folders intact (see foldersIntact): whether each recorded file is still the same file as written. One lstat a file. */
export function packedFilesIntact(target: string, packed: PackedRecords): boolean {
  return eachRecord(target, packed, (_relative, same) => same)
}

/**
 * The recorded files that are no longer the files as written (see sameFile): edited, replaced or removed
 * since. One lstat a file.
 */
export function changedRecords(target: string, packed: PackedRecords): string[] {
  const changed: string[] = []
  eachRecord(target, packed, (relative, same) => {
    if (!same) changed.push(relative)
    return true
  })
  return changed
}

/** Tells `visit` of each recorded file whether it is the same file as written, while it returns true; returns whether it always did. */
function eachRecord(target: string, packed: PackedRecords, visit: (relative: string, same: boolean) => boolean): boolean {
  if (packed.paths === '') return true
  let index = 0
  let from = 0
  for (;;) {
    const to = packed.paths.indexOf('\0', from)
    const relative = packed.paths.slice(from, to === -1 ? undefined : to)
    const at = index * 4
    const found = lstatSync(`${target}${path.sep}${path.sep === '/' ? relative : relative.split('/').join(path.sep)}`, { throwIfNoEntry: false })
    const same = sameFile(found, { sha256: '', size: packed.numbers[at] as number, mtimeMs: packed.numbers[at + 1] as number, ctimeMs: packed.numbers[at + 2] as number, ino: packed.numbers[at + 3] as number })
    if (!visit(relative, same)) return false
    if (to === -1) return true
    from = to + 1
    index++
  }
}
