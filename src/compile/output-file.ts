import type { RecordedFile } from '../write/recorded-file.js'

/**
 * A file of the current output that a build keeps as it is: its inputs are those it was rendered from, and it
 * is, untouched, the file the last build recorded (see build/output-memo.ts). It is linked, never read.
 */
export interface KeptFile {
  kept: RecordedFile
}

/** One output file as the compiler makes it: its path under dist/ and its text (bytes for an image), or the current file kept. */
export type OutputFile = readonly [path: string, text: string | Uint8Array | KeptFile]
