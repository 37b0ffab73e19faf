import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import path from 'node:path'
import { sha256Bytes, sha256Of } from '../text/sha256.js'
import type { FilePart, PartsMemo, RenderMemo } from '../compile/render-memo.js'
import type { KeptFile, StreamedPart } from '../compile/output-file.js'
import type { OutputState, RecordedParts } from './output-state.js'

export interface OutputMemo {
  memo: RenderMemo
  parts: PartsMemo
  /** The key of each memoized file's inputs in this build, for the next build's record. */
  inputs: Map<string, string>
  /** Each file made of parts: its parts' keys and lengths in this build, for the next build's record. */
  partsOf: Map<string, RecordedParts>
  /**
   * The file the last build wrote at `relative`, kept without a look at its inputs, which the caller knows
   * are unchanged (see build/site-patch.ts): its recorded keys carry over. Undefined when that build wrote
   * no such file or it changed since.
   */
  keep: (relative: string) => KeptFile | undefined
}

/** Characters of a file's inputs (as JSON) up to which their key is remembered for other files with the same. */
const rememberedInputsAtMost = 1024

/**
 * The compile step's memo over the current output: a file whose inputs have the key they had in the last
 * build, and which is still the file that build wrote (not in `changed`, see startOutputCheck), is kept:
 * neither rendered nor read. A file made of parts (see PartsMemo) copies from that file the parts whose
 * inputs have their recorded key. `baseKey` covers kb itself and the config, which every rendering depends on.
 */
export function outputMemo(previous: OutputState | undefined, baseKey: string, changed: ReadonlySet<string>): OutputMemo {
  const inputs = new Map<string, string>()
  const partsOf = new Map<string, RecordedParts>()
  // An entry's record is the inputs of four files or more (its page, API record, export, feed payload): its
  // key is made once. Long inputs (a listing page's hundred entries, the sitemap's pages) are one file's
  // own: remembered, they would stay in memory for the whole build.
  const keyOf = new Map<string, string>()
  const memo: RenderMemo = (relative, given, render) => {
    const text = JSON.stringify(given)
    const shared = text.length <= rememberedInputsAtMost
    let key = shared ? keyOf.get(text) : undefined
    if (key === undefined) {
      key = sha256Of(`${baseKey}\0${text}`)
      if (shared) keyOf.set(text, key)
    }
    inputs.set(relative, key)
    const recorded = previous?.files[relative]
    if (previous && recorded && previous.inputs[relative] === key && !changed.has(relative)) {
      return { kept: recorded }
    }
    return render()
  }
  const parts: PartsMemo = (relative, list) => ({ parts: partsInTurn(relative, list) })
  function* partsInTurn(relative: string, list: readonly FilePart[]): Generator<StreamedPart> {
    const old = previous && !changed.has(relative) ? recordedParts(previous, relative) : undefined
    const keys = Buffer.alloc(list.length * 32)
    const lengths = new Uint32Array(list.length)
    try {
      for (const [index, part] of list.entries()) {
        // The file's path is in the key: the output scan knows a part it scanned before by its key, and one
        // entry's record is the inputs of a part of several files (llms.txt, chunks.jsonl) with other texts.
        const key = sha256Bytes(`${baseKey}\0${relative}\0${JSON.stringify(part.inputs)}`)
        key.copy(keys, index * 32)
        const place = old?.places.get(key.toString('latin1'))
        const copied = old && place ? old.read(place) : undefined
        const text = copied ?? part.render()
        lengths[index] = copied !== undefined && place ? place.length : Buffer.byteLength(text)
        yield { text, key }
      }
    } finally {
      old?.close()
    }
    partsOf.set(relative, { keys, lengths })
  }
  const keep = (relative: string): KeptFile | undefined => {
    const recorded = previous?.files[relative]
    if (!previous || !recorded || changed.has(relative)) return undefined
    const key = previous.inputs[relative]
    if (key !== undefined) inputs.set(relative, key)
    const recordedParts = previous.parts?.[relative]
    if (recordedParts) partsOf.set(relative, recordedParts)
    return { kept: recorded }
  }
  return { memo, parts, inputs, partsOf, keep }
}

/** Bytes of the last build's file read at a time: copied parts mostly follow one another, in order. */
const readWindow = 1 << 20

/**
 * The file the last build wrote at `relative`, open, with where each of its parts is, by key; undefined when
 * that build recorded no parts for it or the file is not what they add up to. Its parts are read as they are
 * asked for, a window at a time: the file may be hundreds of megabytes.
 */
function recordedParts(previous: OutputState, relative: string): { places: Map<string, Place>; read: (place: Place) => string | undefined; close: () => void } | undefined {
  const recorded = previous.parts?.[relative]
  const file = previous.files[relative]
  if (!recorded || !file || recorded.keys.length !== recorded.lengths.length * 32) return undefined
  const places = new Map<string, Place>()
  let start = 0
  recorded.lengths.forEach((length, index) => {
    places.set(Buffer.from(recorded.keys.buffer, recorded.keys.byteOffset + index * 32, 32).toString('latin1'), { start, length })
    start += length
  })
  let descriptor: number
  try {
    descriptor = openSync(path.join(previous.target, relative), 'r')
    if (start !== file.size || fstatSync(descriptor).size !== file.size) {
      closeSync(descriptor)
      return undefined
    }
  } catch {
    return undefined
  }
  let window = Buffer.alloc(0)
  let windowStart = 0
  const read = (place: Place): string | undefined => {
    if (place.start < windowStart || place.start + place.length > windowStart + window.length) {
      window = Buffer.alloc(Math.max(readWindow, place.length))
      windowStart = place.start
      try {
        window = window.subarray(0, readSync(descriptor, window, 0, window.length, place.start))
      } catch {
        window = Buffer.alloc(0)
      }
      // Cut short since it was opened (something else at work in the output): the part is rendered instead.
      if (window.length < place.length) return undefined
    }
    return window.toString('utf8', place.start - windowStart, place.start - windowStart + place.length)
  }
  return { places, read, close: () => closeSync(descriptor) }
}

interface Place {
  start: number
  length: number
}
