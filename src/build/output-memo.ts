import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sha256Bytes, sha256Of } from '../text/sha256.js'
import type { PartsMemo, RenderMemo } from '../compile/render-memo.js'
import type { OutputState, RecordedParts } from './output-state.js'

export interface OutputMemo {
  memo: RenderMemo
  parts: PartsMemo
  /** The key of each memoized file's inputs in this build, for the next build's record. */
  inputs: Map<string, string>
  /** Each file made of parts: its parts' keys and lengths in this build, for the next build's record. */
  partsOf: Map<string, RecordedParts>
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
  const parts: PartsMemo = (relative, list) => {
    const old = previous && !changed.has(relative) ? recordedParts(previous, relative) : undefined
    const keys = Buffer.alloc(list.length * 32)
    const lengths = new Uint32Array(list.length)
    const texts = list.map((part, index) => {
      const key = sha256Bytes(`${baseKey}\0${JSON.stringify(part.inputs)}`)
      key.copy(keys, index * 32)
      const place = old?.places.get(key.toString('latin1'))
      const text = old && place ? old.bytes.toString('utf8', place.start, place.start + place.length) : part.render()
      lengths[index] = place ? place.length : Buffer.byteLength(text)
      return text
    })
    partsOf.set(relative, { keys, lengths })
    return texts.join('')
  }
  return { memo, parts, inputs, partsOf }
}

/**
 * The file the last build wrote at `relative` with where each of its parts is, by key; undefined when that
 * build recorded no parts for it or the file is not what they add up to.
 */
function recordedParts(previous: OutputState, relative: string): { bytes: Buffer; places: Map<string, { start: number; length: number }> } | undefined {
  const recorded = previous.parts?.[relative]
  const file = previous.files[relative]
  if (!recorded || !file || recorded.keys.length !== recorded.lengths.length * 32) return undefined
  let bytes: Buffer
  try {
    bytes = readFileSync(path.join(previous.target, relative))
  } catch {
    return undefined
  }
  const places = new Map<string, { start: number; length: number }>()
  let start = 0
  recorded.lengths.forEach((length, index) => {
    places.set(Buffer.from(recorded.keys.buffer, recorded.keys.byteOffset + index * 32, 32).toString('latin1'), { start, length })
    start += length
  })
  return start === bytes.length && bytes.length === file.size ? { bytes, places } : undefined
}
