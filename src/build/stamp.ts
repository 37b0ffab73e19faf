import type { Stats } from 'node:fs'

/**
 * A file or folder as the file system describes it: size, modification and status change times, inode. Any
 * write changes it (the status change time cannot be set back, unlike the modification time), and adding,
 * removing or renaming a file changes its folder's.
 */
export type Stamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number]

export function stampOf(stats: Stats): Stamp {
  return [stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino]
}

/** Whether two stamps are of one file, unchanged between them. */
export function sameStamp(a: Stamp, b: Stamp | undefined): boolean {
  return b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3]
}
