/**
 * U+2028 and U+2029 are valid raw in JSON, but a reader that splits text on every line terminator (Python's
 * `splitlines`, many log and JSON Lines tools) cuts a record there: they are written as `\u2028` escapes.
 */
function escapeLineSeparators(text: string): string {
  return text.replace(/[\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16)}`)
}

/** A value as the text of a JSON output file: two-space indented, ending with a line break. */
export function json(value: unknown): string {
  return escapeLineSeparators(JSON.stringify(value, null, 2)) + '\n'
}

/** A value as one line of a JSON Lines file, without the line break. */
export function jsonLine(value: unknown): string {
  return escapeLineSeparators(JSON.stringify(value))
}
