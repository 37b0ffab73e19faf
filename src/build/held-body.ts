import { deserialize, serialize } from 'node:v8'
import type { CompiledBody } from '../compile/api/entry.js'
import { bodyBytes, type StoredBody } from './stored-body.js'

/**
 * Serialized bodies decoded lately, with their serialized size: the outputs that carry an entry whole read
 * its body several times in a row (a record's sections, then its HTML), and a small KB keeps all of them.
 */
const recent = new Map<Uint8Array | StoredBody, CompiledBody>()
let recentBytes = 0
/**
 * Serialized bytes of the bodies kept decoded at most: enough for the reads of one entry in a row. Each output
 * walks every entry in turn, so a body read again by the next output was decoded a whole KB ago; a set that
 * holds a third of the KB misses it all the same. On the tldr KB 24 MB (about 30 MB of decoded text and HTML
 * in a heap snapshot, kept alive to the end of the build) saved 12,000 of 63,000 decodings, which the build's
 * time did not show; 2 MB keeps what is read in a row, and all of a small KB's bodies.
 */
const keptBytes = 2_000_000

export function serializeBody(body: CompiledBody): Uint8Array {
  return serialize(body)
}

/** A reader of a serialized body (in memory or in the cache): decodes it when called, keeping the most recent ones decoded. */
export function heldBody(bytes: Uint8Array | StoredBody): () => CompiledBody {
  return () => {
    const known = recent.get(bytes)
    if (known) {
      // Most recently used last: the map's order is the eviction order.
      recent.delete(bytes)
      recent.set(bytes, known)
      return known
    }
    const body = deserialize(bodyBytes(bytes)) as CompiledBody
    recent.set(bytes, body)
    recentBytes += bytes.byteLength
    for (const [oldest] of recent) {
      if (recentBytes <= keptBytes || oldest === bytes) break
      recent.delete(oldest)
      recentBytes -= oldest.byteLength
    }
    return body
  }
}
