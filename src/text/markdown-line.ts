/**
 * A value from content or config as one line of Markdown text: every run of white space (line breaks,
 * U+2028 and U+2029 included) one space, and the characters that would make a link, an HTML tag, code or
 * emphasis escaped, so `summary: "x\n## Optional\n- [y](…)"` stays the words it is.
 */
export function markdownLine(value: string): string {
  return value
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&]/g, (character) => `\\${character}`)
}

/**
 * markdownLine for the text of a link: the same, but `]` as the character reference `&#93;`, because
 * link-list readers (the llms.txt reference parser among them) end the text at the first `]`, escaped or not.
 */
export function markdownLinkText(value: string): string {
  return markdownLine(value).replace(/\\\]/g, '&#93;')
}
