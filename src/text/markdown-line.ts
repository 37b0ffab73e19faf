/**
 * A value from content or config as one line of Markdown text: every run of white space (line breaks,
 * U+2028 and U+2029 included) one space, and the characters that would make a link, an HTML tag, code or
 * emphasis escaped, so `summary: "x\n## Optional\n- [y](…)"` stays the words it is.
 */
export function markdownLine(value: string): string {
  return value
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>]/g, (character) => `\\${character}`)
}
