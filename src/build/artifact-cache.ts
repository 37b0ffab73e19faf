import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { EntryArtifact } from './entry-artifact.js'
import { writeAside } from './write-aside.js'
import { encodePack, packBytes, readPackIndex, recordOffsets, type PackRecord } from './artifact-pack.js'
import { bodyBytes, openPack, StoredBody, type OpenPack } from './stored-body.js'
import { compareStrings } from '../diagnostics/report.js'
import type { KbConfig } from '../types/config.js'
import { kbFingerprint } from './kb-fingerprint.js'
import { coldFactsOf, packColdFacts, withColdFacts, type ColdFacts } from './cold-facts.js'

/** The cache folder, beside content/ in the KB root. It ignores itself for git (a `.gitignore` of `*`). */
export const cacheFolderName = '.kb-cache'
const magic = Buffer.from('KBC5')
/** The magic, the sha256 of the facts (with the two fields after it), the body's sha256, the facts' length. */
const headerLength = magic.length + 32 + 32 + 4
/** Bytes of a record read when only its facts are wanted: most records' facts fit, the rest are read again. */
const factsReadAhead = 8192

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

/** Each resident engine's cache keys by entry path, for the config and kb it last ran with. */
const keysOfResident = new WeakMap<ResidentArtifacts, { fingerprint: string; keys: Map<string, { contentHash: string; key: string }> }>()

/**
 * The cache key of an entry, remembered by a resident engine: each save looks up every entry, and hashing
 * 9,000 keys again cost a kb dev save about 10 ms. Remembered by path (the same strings from one run to the
 * next), with the content hash it was made for; forgotten when the config or kb changes.
 */
function residentKeys(resident: ResidentArtifacts, fingerprint: string, hashKey: (relativePath: string, contentHash: string) => string): (relativePath: string, contentHash: string) => string {
  let known = keysOfResident.get(resident)
  if (known?.fingerprint !== fingerprint) {
    known = { fingerprint, keys: new Map() }
    keysOfResident.set(resident, known)
  }
  const { keys } = known
  return (relativePath, contentHash) => {
    const last = keys.get(relativePath)
    if (last?.contentHash === contentHash) return last.key
    const key = hashKey(relativePath, contentHash)
    keys.set(relativePath, { contentHash, key })
    return key
  }
}

/**
 * `bodies: false` (a check, which compiles nothing): each record's facts are read and checked, its compiled
 * body neither read nor checked, and the artifacts come without one.
 */
export function openArtifactCache(root: string, config: KbConfig, resident?: ResidentArtifacts, options: { bodies: boolean } = { bodies: true }): ArtifactCache {
  // Memory keeps what a resident engine was given for its next builds, which need bodies: it reads them whole.
  const bodies = options.bodies || resident !== undefined
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
  const hashKey = (relativePath: string, contentHash: string) => createHash('sha256').update(fingerprint).update('\0').update(relativePath).update('\0').update(contentHash).digest('hex')
  const keyOf = resident ? residentKeys(resident, fingerprint, hashKey) : hashKey
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
  /** The record under `key`, whole or (without `bodies`) up to the end of its facts. */
  const recordOf = (key: string): { pack: OpenPack; offset: number; bytes: Buffer } | undefined => {
    const place = placesOf().get(key)
    if (!place) return undefined
    const pack = packNamed(place.pack)
    try {
      // A pack removed since its index was read (another run's clean-up): the entry is checked again.
      if (!pack) return undefined
      if (bodies) return { pack, offset: place.offset, bytes: pack.read(place.offset, place.length) }
      const head = pack.read(place.offset, Math.min(place.length, factsReadAhead))
      const end = factsEnd(head)
      // Facts longer than the read ahead are read again whole; a record cut inside them is left to decodeFacts.
      const bytes = end !== undefined && end > head.length && end <= place.length ? pack.read(place.offset, end) : head
      return { pack, offset: place.offset, bytes }
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
      const artifact = bodies ? decode(record.bytes) : decodeFacts(record.bytes)?.artifact
      if (artifact && artifact.path === relativePath && artifact.contentHash === contentHash) {
        if (resident) {
          resident.set(key, deepFreeze(artifact))
          return artifact
        }
        const body = artifact.compiledBody
        // Checked with the rest of the record just now; read again from the open pack when an output needs it.
        // Decoded just now, for this run alone: set, not spread (see decode).
        if (body) artifact.compiledBody = new StoredBody({ pack: record.pack, offset: bodyOffset(record.offset, record.bytes, body), length: body.byteLength })
        return artifact
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
  // Not through accessors: the cold facts stay serialized until read (see cold-facts.ts).
  for (const key of Object.keys(value)) if (Object.getOwnPropertyDescriptor(value, key)?.get === undefined) deepFreeze((value as Record<string, unknown>)[key])
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
 * `KBC5`, the sha256 of the next three fields, the sha256 of the body, the length of the facts, the facts
 * (everything but the compiled entry's body, v8-serialized, with the cold facts serialized apart inside them:
 * see cold-facts.ts), then the body as the artifact holds it (serialized already). The facts carry their own
 * hash and the body's, so a run that needs no compiled bodies (a check) reads and checks a quarter of the
 * bytes, and a build that needs no body (nothing to do) never decodes one; see decodeFacts and decode.
 */
function encode(artifact: EntryArtifact): Buffer {
  const facts: Record<string, unknown> = {}
  // Field by field: reading the cold facts' fields of an artifact read back from the cache would decode them.
  for (const key of Object.keys(artifact)) if (!(storedApart as readonly string[]).includes(key)) facts[key] = (artifact as unknown as Record<string, unknown>)[key]
  const cold = coldFactsOf(artifact) ?? artifact
  facts['cold'] = typeof cold === 'string' ? cold : packColdFacts(cold)
  const factsBytes = serialize(facts)
  const compiledBody = artifact.compiledBody
  const body = compiledBody ? bodyBytes(compiledBody) : Buffer.alloc(0)
  const described = Buffer.alloc(32 + 4)
  createHash('sha256').update(body).digest().copy(described)
  described.writeUInt32BE(factsBytes.length, 32)
  const factsHash = createHash('sha256').update(described).update(factsBytes).digest()
  return Buffer.concat([magic, factsHash, described, factsBytes, body])
}

/** An artifact's facts as stored: without its body and cold facts, which are stored apart. */
type StoredFacts = Omit<EntryArtifact, 'compiledBody' | keyof ColdFacts> & { cold: string }

const storedApart = ['compiledBody', 'externalLinks', 'frontmatterPlaces'] as const

/** Where a record's body lies in its pack, the record being at `recordOffset`: encode puts it last. */
function bodyOffset(recordOffset: number, record: Uint8Array, body: { byteLength: number }): number {
  return recordOffset + record.byteLength - body.byteLength
}

/** Where a record's facts end, from its first bytes; undefined when they are too few to tell. */
function factsEnd(head: Buffer): number | undefined {
  return head.length < headerLength ? undefined : headerLength + head.readUInt32BE(headerLength - 4)
}

/** A record's facts, checked against their hash, and the hash its body must have; undefined when damaged. */
function decodeFacts(bytes: Buffer): { artifact: EntryArtifact; bodyHash: Buffer; bodyStart: number } | undefined {
  const end = factsEnd(bytes)
  if (end === undefined || end > bytes.length || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const hashed = bytes.subarray(magic.length + 32, end)
  if (!createHash('sha256').update(hashed).digest().equals(bytes.subarray(magic.length, magic.length + 32))) return undefined
  try {
    const stored = deserialize(bytes.subarray(headerLength, end)) as StoredFacts | null
    if (typeof stored !== 'object' || stored === null || !Array.isArray(stored.messages) || typeof stored.cold !== 'string') return undefined
    const { cold, ...facts } = stored
    const artifact = withColdFacts(facts, cold)
    return { artifact, bodyHash: bytes.subarray(magic.length + 32, magic.length + 64), bodyStart: end }
  } catch {
    return undefined
  }
}

/** A whole record, facts and body, each checked against its hash. */
function decode(bytes: Buffer): EntryArtifact | undefined {
  const facts = decodeFacts(bytes)
  if (!facts) return undefined
  const compiledBody = bytes.subarray(facts.bodyStart)
  if (!createHash('sha256').update(compiledBody).digest().equals(facts.bodyHash)) return undefined
  // Checked above; decoded only by the outputs that need it (see heldBody).
  // Set, not spread: spreading would decode the cold facts (see cold-facts.ts).
  if (compiledBody.length > 0) facts.artifact.compiledBody = compiledBody
  return facts.artifact
}

function ensureSelfIgnoring(folder: string): void {
  try {
    writeFileSync(path.join(folder, '.gitignore'), '# kb build cache: safe to delete, never commit\n*\n', { flag: 'wx' })
  } catch {
    // Already there (or not writable, which the entry files will say).
  }
}
