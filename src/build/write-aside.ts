import { randomBytes } from 'node:crypto'
import { renameSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Writes `file` beside itself and renames it into place, so a reader (another kb run) sees the whole file or
 * none. On failure the file written aside is removed and the error thrown: each cache decides what a failed
 * write means for it.
 */
export function writeAside(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, bytes)
    renameSync(temporary, file)
  } catch (error) {
    try {
      rmSync(temporary, { force: true })
    } catch {
      // The folder itself is the problem (not a folder, not writable): nothing was written to remove.
    }
    throw error
  }
}
