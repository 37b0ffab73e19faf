import { sha256Of } from '../text/sha256.js'
import type { ApiEntry } from '../types/api-entry.js'
import type { KeptFile, StreamedFile, StreamedPart } from './output-file.js'

/**
 * Renders an output file, or keeps the one an earlier build rendered from the same inputs. `inputs` must hold
 * everything the rendering reads besides the config and kb itself (which the build engine keys separately):
 * equal inputs must mean equal bytes. The compile step stays a pure function: a memo changes only its speed.
 */
export type RenderMemo = <T extends string | Uint8Array>(path: string, inputs: unknown, render: () => T) => T | KeptFile

export const renderAlways: RenderMemo = (_path, _inputs, render) => render()

/** One part of a file made of parts, one per entry: its memo inputs (as for RenderMemo) and its text. */
export interface FilePart {
  inputs: unknown
  render: () => string
}

/**
 * Renders a file that is its parts in order, one per entry (a JSON Lines feed), or copies each part whose
 * inputs are as in the last build from the file that build wrote: a change re-renders its entry's part, not
 * the file. As with RenderMemo, equal inputs must mean equal text, and the result is the same either way.
 * The parts come one at a time, as the build writes them (see StreamedFile).
 */
export type PartsMemo = (path: string, parts: readonly FilePart[]) => StreamedFile

export const partsAlways: PartsMemo = (_path, parts) => ({ parts: rendered(parts) })

function* rendered(parts: readonly FilePart[]): Generator<StreamedPart> {
  for (const part of parts) yield { text: part.render() }
}

/**
 * A small stand-in for an entry's whole API record as a memo input: the record is a function of the entry's
 * file (path and bytes), the config and kb, plus whether it is outdated and its links to other entries, all here.
 */
export function recordKey(entry: Pick<ApiEntry, 'source' | 'contentHash' | 'outdated' | 'translations' | 'related' | 'images'>): unknown {
  // Each entry's record is an input of four files or more: its key is made once (records are not changed
  // once linked; see linkEntry).
  let key = recordKeys.get(entry)
  if (key === undefined) {
    // The images as published (their files are named by their bytes' hash): an image changed alone changes them.
    // `outdated` too: a translation falls behind when its source's text changes, its own bytes unchanged.
    key = sha256Of(JSON.stringify([entry.source, entry.contentHash, entry.outdated, entry.translations, entry.related, entry.images]), 'base64')
    recordKeys.set(entry, key)
  }
  return key
}

const recordKeys = new WeakMap<object, string>()
