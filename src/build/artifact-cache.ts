import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deserialize, serialize } from 'node:v8'
import type { EntryArtifact } from './entry-artifact.js'
import type { KbConfig } from '../types/config.js'

/** The cache folder, beside content/ in the KB root. It ignores itself for git (a `.gitignore` of `*`). */
export const cacheFolderName = '.kb-cache'
const magic = Buffer.from('KBC1')
const headerLength = magic.length + 32

/**
 * Per-entry artifacts on disk, keyed by the entry's path and bytes under a fingerprint of everything else
 * they depend on: kb's own code and version, the schemas and the config. A file that is truncated, corrupt or
 * not what its name promises is never trusted: it is reported as a note, processed again and rewritten.
 */
export interface ArtifactCache {
  get(relativePath: string, contentHash: string): Promise<EntryArtifact | undefined>
  set(relativePath: string, contentHash: string, artifact: EntryArtifact): Promise<void>
  /** Removes artifacts this run did not use: entries deleted or changed since, or an older kb or config. */
  prune(): Promise<void>
  /** What went wrong with the cache, one line each, for stderr: never a reason to fail the run. */
  notes: string[]
}

export function openArtifactCache(root: string, config: KbConfig): ArtifactCache {
  const folder = path.join(root, cacheFolderName, 'entries')
  const fingerprint = createHash('sha256').update(kbFingerprint()).update('\0').update(JSON.stringify(config)).digest('hex')
  const used = new Set<string>()
  const notes: string[] = []
  let writable = true
  const fileOf = (key: string) => path.join(folder, key.slice(0, 2), key)
  const keyOf = (relativePath: string, contentHash: string) => createHash('sha256').update(fingerprint).update('\0').update(relativePath).update('\0').update(contentHash).digest('hex')

  return {
    notes,
    async get(relativePath, contentHash) {
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      const file = fileOf(key)
      const bytes = await readFile(file).catch(() => undefined)
      if (!bytes) return undefined
      const artifact = decode(bytes)
      if (artifact && artifact.path === relativePath && artifact.contentHash === contentHash) return artifact
      notes.push(`ignored a damaged cache file for ${relativePath} (${path.relative(root, file)}); the entry was checked again`)
      return undefined
    },
    async set(relativePath, contentHash, artifact) {
      if (!writable) return
      const key = keyOf(relativePath, contentHash)
      used.add(key)
      const file = fileOf(key)
      // Written aside and renamed: a reader (another kb run) sees the whole file or none.
      const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
      try {
        await mkdir(path.dirname(file), { recursive: true })
        await ensureSelfIgnoring(path.dirname(folder))
        await writeFile(temporary, encode(artifact))
        await rename(temporary, file)
      } catch (error) {
        writable = false
        await rm(temporary, { force: true }).catch(() => undefined)
        notes.push(`could not write the cache in ${path.join(root, cacheFolderName)} (${error instanceof Error ? error.message : String(error)}); running without it, which is slower but gives the same result`)
      }
    },
    async prune() {
      if (!writable) return
      const shards = await readdir(folder).catch(() => [] as string[])
      for (const shard of shards) {
        const names = await readdir(path.join(folder, shard)).catch(() => [] as string[])
        for (const name of names) if (!used.has(name)) await rm(path.join(folder, shard, name), { force: true }).catch(() => undefined)
      }
    }
  }
}

function encode(artifact: EntryArtifact): Buffer {
  const payload = serialize(artifact)
  return Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload])
}

function decode(bytes: Buffer): EntryArtifact | undefined {
  if (bytes.length < headerLength || !bytes.subarray(0, magic.length).equals(magic)) return undefined
  const payload = bytes.subarray(headerLength)
  if (!createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, headerLength))) return undefined
  try {
    const artifact = deserialize(payload) as EntryArtifact | null
    return typeof artifact === 'object' && artifact !== null && Array.isArray(artifact.messages) ? artifact : undefined
  } catch {
    return undefined
  }
}

const ignoredFolders = new Set<string>()
async function ensureSelfIgnoring(folder: string): Promise<void> {
  if (ignoredFolders.has(folder)) return
  ignoredFolders.add(folder)
  await writeFile(path.join(folder, '.gitignore'), '# kb build cache: safe to delete, never commit\n*\n', { flag: 'wx' }).catch(() => undefined)
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
