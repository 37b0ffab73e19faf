import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { EntryArtifact } from './entry-artifact.js'
import { writeAside } from './write-aside.js'
import type { KbConfig } from '../types/config.js'

/** The cache folder, beside content/ in the KB root. It ignores itself for git (a `.gitignore` of `*`). */
export const cacheFolderName = '.kb-cache'
const magic = Buffer.from('KBC3')
const headerLength = magic.length + 32

/**
 * Per-entry artifacts on disk, keyed by the entry's path and bytes under a fingerprint of everything else
 * they depend on: kb's own code and version, the schemas and the config. A file that is truncated, corrupt or
 * not what its name promises is never trusted: it is reported as a note, processed again and rewritten.
 */
export interface ArtifactCache {
  get(relativePath: string, contentHash: string): EntryArtifact | undefined
  set(relativePath: string, contentHash: string, artifact: EntryArtifact): void
  /** Removes artifacts this run did not use: entries deleted or changed since, or an older kb or config. */
  prune(): void
  /** What went wrong with the cache, one line each, for stderr: never a reason to fail the run. */
  notes: string[]
}

/**
 * Artifacts kept decoded by a resident engine (`kb dev`) between its runs, by cache key: a run takes an
 * unchanged entry's artifact from memory instead of reading and decoding its file. They are frozen, so no
 * run can change what the next one is given.
 */
export type ResidentArtifacts = Map<string, EntryArtifact>

export function openArtifactCache(root: string, config: KbConfig, resident?: ResidentArtifacts): ArtifactCache {
  const folder = path.join(root, cacheFolderName, 'entries')
  const fingerprint = createHash('sha256').update(kbFingerprint()).update('\0').update(JSON.stringify(config)).digest('hex')
  const used = new Set<string>()
  const notes: string[] = []
  let writable = true
  const madeFolders = new Set<string>()
  const fileOf = (key: string) => path.join(folder, key.slice(0, 2), key)
  const keyOf = (relativePath: string, contentHash: string) => createHash('sha256').update(fingerprint).update('\0').update(relativePath).update('\0').update(contentHash).digest('hex')

  return {
    notes,
    get(relativePath, contentHash) {
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      const kept = resident?.get(key)
      if (kept) return kept
      const file = fileOf(key)
      let bytes: Buffer
      try {
        bytes = readFileSync(file)
      } catch {
        return undefined
      }
      const artifact = decode(bytes)
      if (artifact && artifact.path === relativePath && artifact.contentHash === contentHash) {
        resident?.set(key, deepFreeze(artifact))
        return artifact
      }
      notes.push(`ignored a damaged cache file for ${relativePath} (${path.relative(root, file)}); the entry was checked again`)
      return undefined
    },
    set(relativePath, contentHash, artifact) {
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      resident?.set(key, deepFreeze(artifact))
      if (!writable) return
      const file = fileOf(key)
      try {
        if (!madeFolders.has(path.dirname(file))) {
          mkdirSync(path.dirname(file), { recursive: true })
          madeFolders.add(path.dirname(file))
          ensureSelfIgnoring(path.dirname(folder))
        }
        writeAside(file, encode(artifact))
      } catch (error) {
        writable = false
        notes.push(`could not write the cache in ${path.join(root, cacheFolderName)} (${error instanceof Error ? error.message : String(error)}); running without it, which is slower but gives the same result`)
      }
    },
    prune() {
      // Memory holds this run's entries only: an entry changed or deleted since gives its artifact up.
      if (resident) for (const key of resident.keys()) if (!used.has(key)) resident.delete(key)
      if (!writable) return
      for (const shard of listOrNothing(folder)) {
        for (const name of listOrNothing(path.join(folder, shard))) {
          if (used.has(name) || name.endsWith('.tmp')) continue
          try {
            rmSync(path.join(folder, shard, name), { force: true, recursive: true })
          } catch {
            // Another run may be using the cache: what cannot go now goes next time.
          }
        }
      }
    }
  }
}

/** The value and everything it holds, frozen; typed arrays (a serialized body) cannot be and are left as they are. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value
  Object.freeze(value)
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  return value
}

function listOrNothing(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch {
    return []
  }
}

/**
 * `KBC3`, the sha256 of the rest, the length of the facts, the facts (everything but the compiled entry's
 * body, v8-serialized), then the body as the artifact holds it (serialized already). Two parts, so a run that
 * needs no compiled bodies (a check, a build with nothing to do) never decodes them; see decode.
 */
function encode(artifact: EntryArtifact): Buffer {
  const { compiledBody, ...facts } = artifact
  const factsBytes = serialize(facts)
  const length = Buffer.alloc(4)
  length.writeUInt32BE(factsBytes.length)
  const payload = Buffer.concat([length, factsBytes, compiledBody ?? Buffer.alloc(0)])
  return Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload])
}

function decode(bytes: Buffer): EntryArtifact | undefined {
  if (bytes.length < headerLength + 4 || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(headerLength)
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, headerLength))) return undefined
  const factsLength = payload.readUInt32BE(0)
  if (4 + factsLength > payload.length) return undefined
  try {
    const artifact = deserialize(payload.subarray(4, 4 + factsLength)) as EntryArtifact | null
    if (typeof artifact !== 'object' || artifact === null || !Array.isArray(artifact.messages)) return undefined
    const compiledBody = payload.subarray(4 + factsLength)
    // Checked with the rest above; decoded only by the outputs that need it (see heldBody).
    return compiledBody.length > 0 ? { ...artifact, compiledBody } : artifact
  } catch {
    return undefined
  }
}

function ensureSelfIgnoring(folder: string): void {
  try {
    writeFileSync(path.join(folder, '.gitignore'), '# kb build cache: safe to delete, never commit\n*\n', { flag: 'wx' })
  } catch {
    // Already there (or not writable, which the entry files will say).
  }
}

let fingerprintMemo: string | undefined
/**
 * kb's own code, version and schemas, hashed: a new kb (or, in development, any edit to it) never reuses what
 * an older one cached. Reading about a hundred small files costs a few milliseconds.
 */
export function kbFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo
  const hash = createHash('sha256')
  const codeRoot = new URL('../', import.meta.url)
  const packageRoot = new URL('../../', import.meta.url)
  for (const folder of [codeRoot, new URL('schemas/', packageRoot), new URL('site-assets/', packageRoot)]) {
    const base = fileURLToPath(folder)
    let names: string[] = []
    try {
      names = readdirSync(base, { recursive: true }).map(String).sort()
    } catch {
      continue
    }
    for (const name of names) {
      const file = path.join(base, name)
      if (!statSync(file).isFile()) continue
      hash.update(name).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  // The Chinese word segmentation of the search index comes from Node.js's ICU data.
  hash.update(`icu ${process.versions.icu ?? ''} unicode ${process.versions.unicode ?? ''}\0`)
  for (const name of ['package.json', 'package-lock.json']) {
    try {
      hash.update(readFileSync(new URL(name, packageRoot)))
    } catch {
      // An installed kb has no lock file; its version in package.json is then what changes.
    }
  }
  fingerprintMemo = hash.digest('hex')
  return fingerprintMemo
}
