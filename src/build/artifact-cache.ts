import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { EntryArtifact } from './entry-artifact.js'
import { writeAside } from './write-aside.js'
import { encodePack, packBytes, readPackIndex, recordOffsets, type PackRecord } from './artifact-pack.js'
import { bodyBytes, openPack, StoredBody, type OpenPack } from './stored-body.js'
import { compareStrings } from '../diagnostics/report.js'
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
  /** Stores an artifact; returns it as the run should hold it, its body read back from the cache once stored. */
  set(relativePath: string, contentHash: string, artifact: EntryArtifact): EntryArtifact
  /** Removes artifacts this run did not use: entries deleted or changed since, or an older kb or config. */
  prune(): void
  /** Closes the cache files the artifacts' bodies are read from: once no output needs a body any more. */
  release(): void
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
  /** Keys whose record in the packs this run looked in is no good (damaged, another entry's) or was replaced by this run. */
  const superseded = new Set<string>()
  /** The index of each pack this run looked in: a pack written since, by another run, holds nothing this run superseded. */
  const indexed = new Map<string, NonNullable<ReturnType<typeof readPackIndex>>>()
  const notes: string[] = []
  let writable = true
  let madeFolder = false
  let places: Map<string, { pack: string; offset: number; length: number }> | undefined
  /** Packs this run read a record from or wrote, open while their records' bodies may be read (see StoredBody). */
  const openPacks = new Map<string, OpenPack | undefined>()
  /** Records to write, each with the body that moves to the pack once written. */
  const pending: (PackRecord & { body?: StoredBody })[] = []
  let pendingBytes = 0
  /** Packs this run wrote: all they hold is live. */
  const written = new Set<string>()
  const keyOf = (relativePath: string, contentHash: string) => createHash('sha256').update(fingerprint).update('\0').update(relativePath).update('\0').update(contentHash).digest('hex')
  const shown = (name: string) => path.relative(root, path.join(folder, name))

  /**
   * Where each record is, the newest pack's first when two hold one key: from the packs' indexes, read at the
   * first lookup. Records are read one by one as they are wanted, so a run that finds every entry in memory
   * (kb dev) or none in the cache reads no more than the indexes.
   */
  const placesOf = () => {
    if (places) return places
    places = new Map()
    for (const pack of listPacks(folder)) {
      const index = readPackIndex(path.join(folder, pack.name))
      if (!index) {
        // Removed by another run's clean-up since it was listed, or damaged: its entries are checked again.
        if (existsSync(path.join(folder, pack.name))) notes.push(`ignored a damaged cache file (${shown(pack.name)}); its entries were checked again`)
        continue
      }
      indexed.set(pack.name, index)
      if (index.lost > 0) notes.push(`ignored ${index.lost} records of a truncated cache file (${shown(pack.name)}); their entries were checked again`)
      for (const place of index.places) if (!places.has(place.key)) places.set(place.key, { pack: pack.name, offset: place.offset, length: place.length })
    }
    return places
  }
  const packNamed = (name: string): OpenPack | undefined => {
    if (!openPacks.has(name)) {
      try {
        openPacks.set(name, openPack(path.join(folder, name), shown(name)))
      } catch {
        openPacks.set(name, undefined)
      }
    }
    return openPacks.get(name)
  }
  const recordOf = (key: string): { pack: OpenPack; offset: number; bytes: Buffer } | undefined => {
    const place = placesOf().get(key)
    if (!place) return undefined
    const pack = packNamed(place.pack)
    try {
      // A pack removed since its index was read (another run's clean-up): the entry is checked again.
      return pack && { pack, offset: place.offset, bytes: pack.read(place.offset, place.length) }
    } catch {
      return undefined
    }
  }

  const flush = () => {
    if (pending.length === 0 || !writable) return
    try {
      if (!madeFolder) {
        mkdirSync(folder, { recursive: true })
        ensureSelfIgnoring(path.dirname(folder))
        madeFolder = true
      }
      const name = newPackName()
      writeAside(path.join(folder, name), encodePack(pending))
      written.add(name)
      const pack = packNamed(name)
      // Unreadable at once (another run's clean-up took it): the bodies stay in memory.
      if (pack) {
        const offsets = recordOffsets(pending)
        pending.forEach((record, index) => record.body?.storedAt(pack, bodyOffset(offsets[index] as number, record.bytes, record.body)))
      }
    } catch (error) {
      writable = false
      notes.push(`could not write the cache in ${path.join(root, cacheFolderName)} (${error instanceof Error ? error.message : String(error)}); running without it, which is slower but gives the same result`)
    }
    pending.length = 0
    pendingBytes = 0
  }

  return {
    notes,
    get(relativePath, contentHash) {
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      const kept = resident?.get(key)
      if (kept) return kept
      const record = recordOf(key)
      if (!record) return undefined
      const artifact = decode(record.bytes)
      if (artifact && artifact.path === relativePath && artifact.contentHash === contentHash) {
        if (resident) {
          resident.set(key, deepFreeze(artifact))
          return artifact
        }
        const body = artifact.compiledBody
        // Checked with the rest of the record just now; read again from the open pack when an output needs it.
        return body ? { ...artifact, compiledBody: new StoredBody({ pack: record.pack, offset: bodyOffset(record.offset, record.bytes, body), length: body.byteLength }) } : artifact
      }
      superseded.add(key)
      notes.push(`ignored a damaged cache record for ${relativePath} (in ${record.pack.name}); the entry was checked again`)
      return undefined
    },
    set(relativePath, contentHash, artifact) {
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      superseded.add(key)
      // A resident engine keeps bodies in memory, where it reads them fastest; a run reads them from its packs.
      const body = !resident && writable && artifact.compiledBody ? new StoredBody(bodyBytes(artifact.compiledBody)) : undefined
      const held = body ? { ...artifact, compiledBody: body } : artifact
      resident?.set(key, deepFreeze(held))
      if (!writable) return held
      const bytes = encode(artifact)
      pending.push({ key: Buffer.from(key, 'hex'), bytes, ...(body ? { body } : {}) })
      pendingBytes += bytes.length
      if (pendingBytes >= packBytes) flush()
      return held
    },
    prune() {
      // Memory holds this run's entries only: an entry changed or deleted since gives its artifact up.
      if (resident) for (const key of resident.keys()) if (!used.has(key)) resident.delete(key)
      flush()
      if (!writable) return
      const others = listPacks(folder).filter((pack) => !written.has(pack.name))
      compact(folder, others, { live: (key, pack) => used.has(key) && !(superseded.has(key) && indexed.has(pack)), indexOf: (pack) => indexed.get(pack) ?? readPackIndex(path.join(folder, pack)), write: (records) => writeAside(path.join(folder, newPackName()), encodePack(records)) })
      removeLeftovers(folder)
    },
    release() {
      for (const pack of openPacks.values()) pack?.close()
      openPacks.clear()
    }
  }
}

/** A pack as listed: its name and when it was written (the newest first wins a key both hold). */
interface ListedPack {
  name: string
  modifiedMs: number
}

function listPacks(folder: string): ListedPack[] {
  const packs: ListedPack[] = []
  for (const name of listOrNothing(folder)) {
    if (!name.endsWith(packSuffix)) continue
    try {
      packs.push({ name, modifiedMs: statSync(path.join(folder, name)).mtimeMs })
    } catch {
      // Removed since it was listed.
    }
  }
  return packs.sort((a, b) => b.modifiedMs - a.modifiedMs || compareStrings(a.name, b.name))
}

const packSuffix = '.pack'

function newPackName(): string {
  return `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}${packSuffix}`
}

/** At most this many packs before the small ones are merged: each run that processes an entry adds one. */
const packsAtMost = 8

/**
 * Drops the records no longer wanted from the packs this run did not write (`packs`): a pack with
 * nothing live goes; packs are merged into new ones when their dead records reach a quarter of the cache
 * (any dead record in a cache under a megabyte), or the small ones when there are too many packs. Indexes
 * this run read already are not read again. What fails now (another run removed a pack, a full
 * disk) is left for the next run: the cache is never wrong for it, only larger.
 */
function compact(folder: string, packs: readonly ListedPack[], options: { live: (key: string, pack: string) => boolean; indexOf: (pack: string) => ReturnType<typeof readPackIndex>; write: (records: PackRecord[]) => void }): void {
  const seen = new Set<string>()
  const listed = packs.map((pack) => {
    const index = options.indexOf(pack.name)
    const places = index?.places ?? []
    // Newest first: of two records with one key, the older is dead.
    const live = places.filter((place) => {
      if (seen.has(place.key) || !options.live(place.key, pack.name)) return false
      seen.add(place.key)
      return true
    })
    const liveBytes = live.reduce((total, place) => total + place.length, 0)
    const deadBytes = places.reduce((total, place) => total + place.length, 0) - liveBytes
    // A pack that is damaged, or cut short, goes whatever its size: it would be noted again in every run.
    return { ...pack, size: index?.size ?? 0, live, liveBytes, deadBytes, damaged: !index || index.lost > 0 }
  })
  const total = listed.reduce((sum, pack) => sum + pack.liveBytes + pack.deadBytes, 0)
  const dead = listed.reduce((sum, pack) => sum + pack.deadBytes, 0)
  const merging = listed.filter((pack) => pack.damaged || (dead > total / 4 || (dead > 0 && total < 1024 * 1024) ? pack.deadBytes > 0 : listed.length > packsAtMost && pack.size < packBytes / 2))
  const emptied = listed.filter((pack) => pack.live.length === 0 && !merging.includes(pack))
  try {
    let batch: PackRecord[] = []
    let batchBytes = 0
    for (const pack of merging) {
      if (pack.live.length === 0) continue
      const bytes = readFileSync(path.join(folder, pack.name))
      for (const place of pack.live) {
        batch.push({ key: Buffer.from(place.key, 'hex'), bytes: bytes.subarray(place.offset, place.offset + place.length) })
        batchBytes += place.length
        if (batchBytes >= packBytes) {
          options.write(batch)
          batch = []
          batchBytes = 0
        }
      }
    }
    if (batch.length > 0) options.write(batch)
  } catch {
    return
  }
  // Written first, removed after: a run stopped in between leaves a record twice, never none.
  for (const pack of [...merging, ...emptied]) rmSync(path.join(folder, pack.name), { force: true })
}

/**
 * What is neither a pack nor being written: the per-entry files of kb before packs, and files written aside
 * by a run that was killed (after an hour: another run may be writing one now).
 */
function removeLeftovers(folder: string): void {
  for (const name of listOrNothing(folder)) {
    if (name.endsWith(packSuffix)) continue
    const file = path.join(folder, name)
    try {
      if (name.endsWith('.tmp') && Date.now() - statSync(file).mtimeMs < 3_600_000) continue
      rmSync(file, { force: true, recursive: true })
    } catch {
      // Another run may be using the cache: what cannot go now goes next time.
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
  const payload = Buffer.concat([length, factsBytes, compiledBody ? bodyBytes(compiledBody) : Buffer.alloc(0)])
  return Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload])
}

/** Where a record's body lies in its pack, the record being at `recordOffset`: encode puts it last. */
function bodyOffset(recordOffset: number, record: Uint8Array, body: { byteLength: number }): number {
  return recordOffset + record.byteLength - body.byteLength
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
