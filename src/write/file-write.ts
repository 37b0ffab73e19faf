import { createHash } from 'node:crypto'
import { linkSync, lstatSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { injectedError } from './fault-injection.js'
import { sameFile, type RecordedFile } from './recorded-file.js'

/** One file to put on disk, as the writer threads (or the main thread) carry it out. */
export interface FileWrite {
  file: string
  /** Undefined for a kept file: it is linked, or copied when it cannot be linked, from `linkFrom`. */
  bytes: Uint8Array | undefined
  /** Fail when the file exists: a new output tree never has two files at one path. */
  exclusive?: boolean
  /**
   * Building in the spare tree (see WriteOptions.spare): whatever is at the path (a file of an older output,
   * a folder where a file now goes) is removed first, unless it is `reuse`, untouched.
   */
  replace?: boolean
  /** The spare tree's file at this path as recorded, with the same bytes: kept as it is when untouched since. */
  reuse?: RecordedFile
  /** Hard-linked from here instead, when that file is, untouched, the recorded one with these bytes. */
  linkFrom?: { file: string; recorded: RecordedFile }
  /** A test's injected fault (see fault-injection.ts): the write fails with this errno code. */
  fault?: string
}

/**
 * Files kept from the current output, linked into the new tree in one go: paths relative to the two roots,
 * `\0`-separated, and per file its record packed (size, mtime, ctime, inode; sha256 as hex, 64 characters
 * each), so thousands of them cross to a writer thread as three strings and one array, not one object each.
 */
export interface FileLinks {
  from: string
  to: string
  relatives: string[]
  sha256s: string[]
  numbers: number[]
  reuse?: number[]
}

export interface PackedLinks {
  from: string
  to: string
  relatives: string
  sha256s: string
  numbers: Float64Array
  /** Building in the spare tree: per file the spare's record to keep it by (NaN when none), as `reuse` and `replace` of FileWrite. */
  reuse?: Float64Array
}

export function packLinks(links: FileLinks): PackedLinks {
  return { from: links.from, to: links.to, relatives: links.relatives.join('\0'), sha256s: links.sha256s.map((sha256) => sha256.padEnd(64, ' ')).join(''), numbers: Float64Array.from(links.numbers), ...(links.reuse ? { reuse: Float64Array.from(links.reuse) } : {}) }
}

/** Carries out packed links as performWrite does each (a failed link is copied when the file is untouched). */
export function performLinks(links: PackedLinks, stopped: () => boolean = () => false, remade?: string[]): WriteFailure[] {
  const failures: WriteFailure[] = []
  if (links.relatives === '') return failures
  const relatives = links.relatives.split('\0')
  for (let index = 0; index < relatives.length; index++) {
    if (stopped()) break
    const relative = relatives[index] as string
    const at = index * 4
    const sha256 = links.sha256s.slice(index * 64, index * 64 + 64).trim()
    const recorded: RecordedFile = { sha256, size: links.numbers[at] as number, mtimeMs: links.numbers[at + 1] as number, ctimeMs: links.numbers[at + 2] as number, ino: links.numbers[at + 3] as number }
    const spare = links.reuse
    const reuse: RecordedFile | undefined = spare && !Number.isNaN(spare[at]) ? { sha256, size: spare[at] as number, mtimeMs: spare[at + 1] as number, ctimeMs: spare[at + 2] as number, ino: spare[at + 3] as number } : undefined
    const failure = performWrite({ file: path.join(links.to, relative), bytes: undefined, exclusive: true, linkFrom: { file: path.join(links.from, relative), recorded }, ...(spare ? { replace: true } : {}), ...(reuse ? { reuse } : {}) }, remade)
    if (failure) failures.push(failure)
  }
  return failures
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

/**
 * Carries out one write; a failure is returned, never thrown, so a batch goes on with the other files. A file
 * given `reuse` that is not kept as it is (the spare's file changed since its record) is added to `remade`:
 * its record is then read from the disk, not taken from the spare's (see `reused` of writeDist).
 */
export function performWrite(write: FileWrite, remade?: string[]): WriteFailure | undefined {
  try {
    if (write.fault) throw injectedError(write.fault, 'write', write.file)
    if (write.reuse) {
      if (sameFile(lstatSync(write.file, { throwIfNoEntry: false }), write.reuse)) return undefined
      remade?.push(write.file)
    }
    if (write.replace) rmSync(write.file, { recursive: true, force: true })
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
