import type { RecordedFile } from '../write/recorded-file.js'

/**
 * A file of the current output that a build keeps as it is: its inputs are those it was rendered from, and it
 * is, untouched, the file the last build recorded (see build/output-memo.ts). It is linked, never read.
 */
export interface KeptFile {
  kept: RecordedFile
}

/**
 * A file that is its parts in order, one per entry or so (a feed, an index), made one part at a time as the
 * build writes it: at 100,000 entries such a file runs to hundreds of megabytes, and no build holds it whole.
 * Iterated once.
 */
export interface StreamedFile {
  parts: Iterable<StreamedPart>
}

export interface StreamedPart {
  text: string
  /** The key of the part's inputs, when a memo made it (see PartsMemo): parts with equal keys have equal text. */
  key?: Uint8Array
}

/** One output file as the compiler makes it: its path under dist/ and its text (bytes for an image), the current file kept, or its parts. */
export type OutputFile = readonly [path: string, text: string | Uint8Array | KeptFile | StreamedFile]

export function isStreamed(text: OutputFile[1]): text is StreamedFile {
  return typeof text === 'object' && 'parts' in text
}

export function isKept(text: OutputFile[1]): text is KeptFile {
  return typeof text === 'object' && 'kept' in text
}

/** A streamed file's whole text, for tests and tools on small KBs. */
export function streamedText(file: StreamedFile): string {
  let text = ''
  for (const part of file.parts) text += part.text
  return text
}
