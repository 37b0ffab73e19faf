/** A value as the text of a JSON output file: two-space indented, ending with a line break. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
