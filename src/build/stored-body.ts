import { closeSync, openSync, readSync } from 'node:fs'

/**
 * A cache pack this run reads compiled bodies from, open until the run releases it: the file may be removed
 * meanwhile (this run's clean-up, or another run's), and the open file keeps its bytes. Packs are never
 * changed once written, so the bytes read later are the ones checked when the record was read.
 */
export interface OpenPack {
  name: string
  read(offset: number, length: number): Buffer
  close(): void
}

export function openPack(file: string, name: string): OpenPack {
  const fd = openSync(file, 'r')
  let open = true
  return {
    name,
    read(offset, length) {
      // A closed descriptor's number may belong to another file by now: reading it could return anything.
      if (!open) throw new Error(`kb read a body from the cache file ${name} after closing it`)
      const bytes = Buffer.allocUnsafe(length)
      const read = readSync(fd, bytes, 0, length, offset)
      if (read !== length) throw new Error(`could not read the cache file ${name}: ${read} of ${length} bytes at ${offset}; run the build again, or with --no-cache`)
      return bytes
    },
    close() {
      if (!open) return
      open = false
      closeSync(fd)
    }
  }
}

interface Place {
  pack: OpenPack
  offset: number
}

/**
 * A compiled entry's serialized body (see heldBody), in memory until the cache has stored it, then read back
 * from its pack when an output needs it: the build's memory does not hold every entry's rendered HTML (about
 * 60 MB for 9,000 entries, 1 GB for 100,000).
 */
export class StoredBody {
  readonly byteLength: number
  #bytes: Uint8Array | undefined
  #place: Place | undefined

  constructor(bytes: Uint8Array | { pack: OpenPack; offset: number; length: number }) {
    if (bytes instanceof Uint8Array) {
      this.#bytes = bytes
      this.byteLength = bytes.byteLength
    } else {
      this.#place = { pack: bytes.pack, offset: bytes.offset }
      this.byteLength = bytes.length
    }
  }

  /** Its bytes are at `offset` in `pack` now: memory lets them go. */
  storedAt(pack: OpenPack, offset: number): void {
    this.#place = { pack, offset }
    this.#bytes = undefined
  }

  read(): Uint8Array {
    if (this.#bytes) return this.#bytes
    const place = this.#place as Place
    return place.pack.read(place.offset, this.byteLength)
  }
}

/** The bytes of a body as a worker sent them or as the cache holds them. */
export function bodyBytes(body: Uint8Array | StoredBody): Uint8Array {
  return body instanceof StoredBody ? body.read() : body
}
