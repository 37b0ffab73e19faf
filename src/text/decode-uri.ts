const escapes = /(?:%[0-9a-f]{2})+/gi
const decoder = new TextDecoder('utf-8', { fatal: false })

/**
 * Percent-decodes what can be decoded and never throws: each run of escapes becomes its UTF-8 text, bytes
 * that are not UTF-8 become U+FFFD, and a malformed escape (`%E0%A4%A`, `%zz`) stays as written.
 * `decodeURIComponent` throws on the first bad escape, and decoding nothing instead would let
 * `app.%61pk` hide an installer behind one broken escape elsewhere in the URL.
 */
export function decodeUri(value: string): string {
  if (!value.includes('%')) return value
  return value.replace(escapes, (run) => {
    const bytes = new Uint8Array(run.length / 3)
    for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16)
    return decoder.decode(bytes)
  })
}
