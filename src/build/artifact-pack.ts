import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/**
 * Many cached artifacts in one file, so a run reads and writes a handful of files instead of one per entry
 * (creating 9,000 small files cost a cold build of the tldr KB about 7 s of its 45). Layout: `KBP1`, the
 * record count (u32), the sha256 of the index, the index (per record: its 32-byte key, then its offset in
 * the file and its length, u32 each), then the records. A record is an encoded artifact (see
 * artifact-cache.ts), which carries its own sha256: a damaged record is found when it is decoded, a damaged
 * index when the pack is read.
 */
const magic = Buffer.from('KBP1')
const headerLength = magic.length + 4 + 32
const indexEntryLength = 32 + 4 + 4

/**
 * Bytes of records per pack at most (or one record, if larger): a cold build of a large KB writes a pack every
 * so often. The records waiting for their pack are held twice when it is written (as records, then as the
 * pack), with the compiled bodies they carry: at 16 MB a pack, a cold build of the tldr KB left its main
 * thread's allocator 26 MB larger for the rest of the build than at 4 MB.
 */
export const packBytes = 4 * 1024 * 1024

export interface PackRecord {
  /** The cache key, 32 bytes (64 hex digits as a name). */
  key: Buffer
  bytes: Uint8Array
}

/** Where a record lies in its pack. */
export interface PackPlace {
  key: string
  offset: number
  length: number
}

/** Where each record starts in the pack encodePack makes of them. */
export function recordOffsets(records: readonly PackRecord[]): number[] {
  let offset = headerLength + records.length * indexEntryLength
  return records.map((record) => {
    const start = offset
    offset += record.bytes.byteLength
    return start
  })
}

export function encodePack(records: readonly PackRecord[]): Buffer {
  const index = Buffer.alloc(records.length * indexEntryLength)
  const offsets = recordOffsets(records)
  records.forEach((record, at) => {
    const entry = at * indexEntryLength
    record.key.copy(index, entry, 0, 32)
    index.writeUInt32BE(offsets[at] as number, entry + 32)
    index.writeUInt32BE(record.bytes.byteLength, entry + 36)
  })
  const count = Buffer.alloc(4)
  count.writeUInt32BE(records.length)
  return Buffer.concat([magic, count, createHash('sha256').update(index).digest(), index, ...records.map((record) => record.bytes)])
}

/**
 * The places of a pack's records, from its first bytes (at least header and index) and the file's size;
 * undefined when the header or the index is damaged. A place outside the file (a truncated pack) is left
 * out and counted in `lost`.
 */
export function packIndex(head: Buffer, fileSize: number): { places: PackPlace[]; lost: number } | undefined {
  if (head.length < headerLength || !head.subarray(0, magic.length).equals(magic)) return undefined
  const indexEnd = headerLength + head.readUInt32BE(magic.length) * indexEntryLength
  if (indexEnd > head.length) return undefined
  const index = head.subarray(headerLength, indexEnd)
  if (!createHash('sha256').update(index).digest().equals(head.subarray(magic.length + 4, headerLength))) return undefined
  const places: PackPlace[] = []
  let lost = 0
  for (let entry = 0; entry < index.length; entry += indexEntryLength) {
    const offset = index.readUInt32BE(entry + 32)
    const length = index.readUInt32BE(entry + 36)
    if (offset < indexEnd || offset + length > fileSize) lost++
    else places.push({ key: index.toString('hex', entry, entry + 32), offset, length })
  }
  return { places, lost }
}

/** The index of the pack file at `file` without reading its records (see packIndex); undefined when unreadable or damaged. */
export function readPackIndex(file: string): { places: PackPlace[]; lost: number; size: number } | undefined {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const size = fstatSync(fd).size
    const header = Buffer.alloc(Math.min(headerLength, size))
    readSync(fd, header, 0, header.length, 0)
    if (header.length < headerLength) return undefined
    const head = Buffer.alloc(Math.min(size, headerLength + header.readUInt32BE(magic.length) * indexEntryLength))
    readSync(fd, head, 0, head.length, 0)
    const index = packIndex(head, size)
    return index && { ...index, size }
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
