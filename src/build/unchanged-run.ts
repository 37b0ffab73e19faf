import { createHash } from 'node:crypto'
import { lstatSync, readFileSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { VFile } from 'vfile'
import { configFileName } from '../config/config-file.js'
import { entryText } from '../load/read-entry-file.js'
import type { DiscoveredFile } from '../load/discover.js'
import type { KbConfig } from '../types/config.js'
import { kbFingerprint } from './kb-fingerprint.js'
import { restoreMessages, toPortableMessages, type PortableMessage } from './entry-artifact.js'
import { sameStamp, stampOf, type Stamp } from './stamp.js'

/**
 * What a build that wrote its output read, so that the next build can tell, from the file system's records
 * alone, that nothing it reads has changed: the key of kb, the config file and the options, each entry's
 * stamp taken just before its bytes were read, and the report of the check, as portable messages by path.
 */
export interface RecordedRun {
  key: string
  /** When the entries were read (ms since the epoch): see trustworthy. */
  readAt: number
  stamps: Map<string, Stamp>
  /** The content hash of each entry read, by path (absent in a record of an older kb). */
  hashes?: Map<string, string>
  /** Every image file the check looked at, KB-relative, with its stamp (undefined: it was absent). */
  media: Map<string, Stamp | undefined>
  checkedFiles: number
  reports: Map<string, { messages: PortableMessage[]; withText: boolean }>
  /** Each content folder listed, with its stamp before the listing, when those alone tell the listing (see FolderTrace). */
  folders?: Map<string, Stamp>
  /** The config as the run read it from the file its key covers: a run with the same key need not parse it again. */
  config?: KbConfig
}

/** kb itself, the config file's bytes and the options that shape the output. */
export function runKey(configText: string | undefined, options: Record<string, unknown>): string {
  return createHash('sha256').update(kbFingerprint()).update('\0').update(configText ?? '').update('\0').update(JSON.stringify(options)).digest('hex')
}

export function recordRun(key: string, config: KbConfig, read: { at: number; stamps: Map<string, Stamp>; hashes: Map<string, string>; folders?: Map<string, Stamp> }, media: Map<string, Stamp | undefined>, reported: readonly VFile[]): RecordedRun {
  const reports: RecordedRun['reports'] = new Map()
  for (const file of reported) if (file.messages.length > 0) reports.set(file.path, { messages: toPortableMessages(file.messages), withText: file.value !== undefined })
  return { key, config, readAt: read.at, stamps: read.stamps, hashes: read.hashes, ...(read.folders ? { folders: read.folders } : {}), media, checkedFiles: reported.length, reports }
}

/**
 * The entries a recorded run read that are, by their stamps, unchanged since: their content hash as then
 * (see KnownEntries). Stamps are trusted as sameEntries trusts them.
 */
export function knownEntries(run: Pick<RecordedRun, 'readAt' | 'stamps' | 'hashes'> | undefined): ((path: string, stamp: Stamp) => string | undefined) | undefined {
  const hashes = run?.hashes
  if (!run || !hashes) return undefined
  return (relative, stamp) => {
    const then = run.stamps.get(relative)
    return then && trustworthy(then, run.readAt) && sameStamp(then, stamp) ? hashes.get(relative) : undefined
  }
}

/**
 * A stamp is trusted only when an edit after the read must have changed it. On a file system that keeps
 * fractions of a second, any later write moves the times; on one that keeps whole seconds (or two, FAT), a
 * write in the same second as the read would not, so the file must be older than the read by more than that.
 */
function trustworthy(stamp: Stamp, readAt: number): boolean {
  return stamp[1] % 1000 !== 0 || stamp[1] < readAt - 2000
}

/** A listing of the entries taken from a recorded run, with the folder stamps that vouch for it. */
export interface RecordedListing {
  files: DiscoveredFile[]
  folders: Map<string, Stamp>
}

/**
 * The entries the recorded run read, as discovery would find them now, when every folder it listed still has
 * the stamp it had (see FolderTrace): no file was added, removed or renamed since. Undefined otherwise, or
 * when the run's folders do not tell; discovery then lists them again.
 */
export function listedAsRecorded(recorded: RecordedRun | undefined, root: string): RecordedListing | undefined {
  if (!recorded?.folders) return undefined
  for (const [relative, stamp] of recorded.folders) {
    const now = lstatSync(path.join(root, relative), { throwIfNoEntry: false })
    if (!now?.isDirectory() || !unchangedSince(stamp, now, recorded.readAt)) return undefined
  }
  return { files: [...recorded.stamps.keys()].map((relative) => ({ path: relative, absolute: path.join(root, relative) })), folders: recorded.folders }
}

/**
 * What a look for an unchanged run took before it found a change: the listing and the entries' stamps, which
 * the build that follows takes as its own instead of listing and stating every entry again. A stamp taken
 * before the entry is read is all the build needs of it (see readAll).
 */
export interface LookedAt {
  listed?: RecordedListing
  stamps: Map<string, Stamp>
}

/**
 * Whether the entries discovered now are the ones the recorded run read, each with the stamp it had then:
 * every path the same, nothing added, nothing removed, nothing that discovery could not read. Each stamp
 * taken goes into `looked`.
 */
export function sameEntries(recorded: RecordedRun, discovered: readonly DiscoveredFile[], root = '', looked?: LookedAt): boolean {
  if (discovered.length !== recorded.stamps.size) return false
  for (const found of discovered) {
    const stamp = recorded.stamps.get(found.path)
    if (found.problem || !stamp) return false
    const now = statSync(found.absolute, { throwIfNoEntry: false })
    if (!now?.isFile()) return false
    looked?.stamps.set(found.path, stampOf(now))
    if (!unchangedSince(stamp, now, recorded.readAt)) return false
  }
  // The images too: each as it was, and a file that was absent (a locale's override) still absent.
  for (const [relative, stamp] of recorded.media ?? []) {
    const now = statSync(path.join(root, relative), { throwIfNoEntry: false })
    if (!stamp) {
      if (now) return false
      continue
    }
    if (!now?.isFile() || !unchangedSince(stamp, now, recorded.readAt)) return false
  }
  return true
}

/** Whether a file or folder, by a trustworthy stamp, is the one the recorded stamp was taken of, unchanged. */
function unchangedSince(stamp: Stamp, now: Stats, readAt: number): boolean {
  return trustworthy(stamp, readAt) && sameStamp(stamp, stampOf(now))
}

/**
 * The recorded check report on files of their own, each holding its text for code frames: the config file's
 * text as given, an entry's read again (only files with something to say are read).
 */
export function replayRun(recorded: RecordedRun, root: string, configText: string | undefined): VFile[] {
  return [...recorded.reports].map(([relative, { messages, withText }]) => {
    const file = new VFile({ path: relative })
    if (!withText) {
      // As reported: without a code frame.
    } else if (relative === configFileName) {
      if (configText !== undefined) file.value = configText
    } else {
      try {
        file.value = entryText(readFileSync(path.join(root, relative)))
      } catch {
        // Gone since the stat: the report stands, without a code frame.
      }
    }
    restoreMessages(file, messages)
    return file
  })
}

/** Findings of the output scan as recorded, back on files of their own (`dist/<path>`, with their text for code frames). */
export function replayFindings(findings: Record<string, PortableMessage[]>, textOf: (relative: string) => string | undefined): VFile[] {
  return Object.entries(findings).map(([relative, messages]) => {
    const text = textOf(relative)
    const file = new VFile({ path: `dist/${relative}`, ...(text === undefined ? {} : { value: text }) })
    restoreMessages(file, messages)
    return file
  })
}

export function readTextOrNothing(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}
