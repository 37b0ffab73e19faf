import type { Stats } from 'node:fs'

/** What a build records of each file it wrote, to know it again without reading it. */
export interface RecordedFile {
  sha256: string
  size: number
  mtimeMs: number
  /** Status change time and inode: no one can set them back, unlike the modification time (`touch -r`, `cp -p`). */
  ctimeMs: number
  ino: number
}

/** Whether a file is, untouched, the one recorded: same inode, size, and modification and status change times. */
export function sameFile(found: Stats | undefined, recorded: RecordedFile): boolean {
  return found?.isFile() === true && found.ino === recorded.ino && found.size === recorded.size && found.mtimeMs === recorded.mtimeMs && found.ctimeMs === recorded.ctimeMs
}
