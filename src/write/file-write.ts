import { createHash } from 'node:crypto'
import { linkSync, lstatSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { injectedError } from './fault-injection.js'
import { sameFile, type RecordedFile } from './recorded-file.js'

/** One file to put on disk, as the writer threads (or the main thread) carry it out. */
export interface FileWrite {
  file: string
  /** Undefined for a kept file: it is linked, or copied when it cannot be linked, from `linkFrom`. */
  bytes: Uint8Array | undefined
  /** Fail when the file exists: a new output tree never has two files at one path. */
  exclusive?: boolean
  /** Hard-linked from here instead, when that file is, untouched, the recorded one with these bytes. */
  linkFrom?: { file: string; recorded: RecordedFile }
  /** A test's injected fault (see fault-injection.ts): the write fails with this errno code. */
  fault?: string
}

/** A failed write, as it crosses from a writer thread: enough to rebuild the errno error. */
export interface WriteFailure {
  file: string
  message: string
  code?: string | undefined
  syscall?: string | undefined
  path?: string | undefined
  errno?: number | undefined
}

/** Carries out one write; a failure is returned, never thrown, so a batch goes on with the other files. */
export function performWrite(write: FileWrite): WriteFailure | undefined {
  try {
    if (write.fault) throw injectedError(write.fault, 'write', write.file)
    if (write.linkFrom && linkedIfUntouched(write.linkFrom.file, write.linkFrom.recorded, write.file)) return undefined
    const bytes = write.bytes ?? (write.linkFrom ? recordedBytes(write.linkFrom.file, write.linkFrom.recorded) : undefined)
    if (!bytes) return { file: write.file, message: `${write.linkFrom?.file ?? write.file} changed while kb was building`, code: 'ECHANGED', syscall: 'link', path: write.linkFrom?.file }
    writeFileSync(write.file, bytes, write.exclusive ? { flag: 'wx' } : {})
    return undefined
  } catch (error) {
    const errno = error as NodeJS.ErrnoException
    return { file: write.file, message: errno instanceof Error ? errno.message : String(error), code: errno.code, syscall: errno.syscall, path: errno.path ?? write.file, errno: errno.errno }
  }
}

/** The failure as an errno error again, with the path Node leaves out of a failed write on a file handle. */
export function failureError(failure: WriteFailure): NodeJS.ErrnoException {
  const { file, message, ...errno } = failure
  return Object.assign(new Error(message), Object.fromEntries(Object.entries({ ...errno, path: errno.path ?? file }).filter(([, value]) => value !== undefined)))
}

/** The bytes of a kept file that cannot be linked (a file system without hard links), when they are still the recorded ones. */
function recordedBytes(file: string, recorded: RecordedFile): Uint8Array | undefined {
  try {
    const bytes = readFileSync(file)
    return createHash('sha256').update(bytes).digest('hex') === recorded.sha256 ? bytes : undefined
  } catch {
    return undefined
  }
}

/**
 * Links the current output's file into the new tree when it is, untouched, the file the record describes
 * (lstat: a symbolic link planted in the output is never carried over). Checked again after linking: the
 * path may have been replaced in between.
 */
function linkedIfUntouched(previous: string, recorded: RecordedFile, file: string): boolean {
  try {
    if (!sameFile(lstatSync(previous, { throwIfNoEntry: false }), recorded)) return false
    linkSync(previous, file)
    if (lstatSync(file).ino === recorded.ino) return true
    unlinkSync(file)
    return false
  } catch {
    return false
  }
}
