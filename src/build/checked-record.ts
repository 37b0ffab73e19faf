import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'

/**
 * A small record of the cache folder (the config as validated, what the last check read): `magic`, the
 * sha256 of the payload, the payload (v8-serialized). Undefined when it is missing, another kind of record or
 * does not read back whole: the caller then does the work, never trusts it.
 */
export function readCheckedRecord(file: string, magic: Buffer): unknown {
  try {
    const bytes = readFileSync(file)
    const payload = bytes.subarray(magic.length + 32)
    if (!bytes.subarray(0, magic.length).equals(magic) || !createHash('sha256').update(payload).digest().equals(bytes.subarray(magic.length, magic.length + 32))) return undefined
    return deserialize(payload) as unknown
  } catch {
    return undefined
  }
}

/**
 * Writes such a record whole (beside it, then renamed over it), only into a cache folder that exists: the
 * artifact cache makes it, with its .gitignore. Not written (a read-only folder, a file in its place) costs
 * the next run the work, nothing worse.
 */
export function writeCheckedRecord(file: string, magic: Buffer, value: unknown): void {
  if (!statSync(path.dirname(file), { throwIfNoEntry: false })?.isDirectory()) return
  const payload = serialize(value)
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  try {
    writeFileSync(temporary, Buffer.concat([magic, createHash('sha256').update(payload).digest(), payload]))
    renameSync(temporary, file)
  } catch {
    try {
      rmSync(temporary, { force: true })
    } catch {
      // Nothing was made to remove.
    }
  }
}
