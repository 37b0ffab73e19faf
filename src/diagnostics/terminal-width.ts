/** Columns a text takes in a terminal: what a code frame's carets are lined up by. */
export type WidthOf = (text: string) => number

let loaded: Promise<WidthOf> | undefined

/**
 * The terminal width of texts, by string-width, loaded on first use: its module set-up (Unicode property
 * regular expressions, a segmenter) takes about 40 ms, an eighth of a clean `kb check` on a small KB, which
 * draws no code frame at all. Plain ASCII is counted directly: string-width is slow per call.
 */
export function loadTerminalWidth(): Promise<WidthOf> {
  loaded ??= import('string-width').then(({ default: stringWidth }): WidthOf => (text) => (/^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text)))
  return loaded
}
