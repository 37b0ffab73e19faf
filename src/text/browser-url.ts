/**
 * A link as a browser reads it (WHATWG URL): spaces and control characters around it dropped, tabs and
 * newlines inside it dropped, and `\` read as `/` before the query in web URLs and scheme-relative ones.
 * `/\evil.example` looks like a path on this site but takes the reader to `evil.example`: every rule judges
 * the link the reader will actually follow.
 */
export function asBrowserReads(raw: string): string {
  const url = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase()
  if (scheme !== undefined && !webSchemes.has(scheme)) return url
  const end = url.search(/[?#]/)
  const head = end === -1 ? url : url.slice(0, end)
  return head.replace(/\\/g, '/') + (end === -1 ? '' : url.slice(end))
}

const webSchemes = new Set(['http', 'https', 'ftp', 'ws', 'wss'])

/** Whether a backslash in `raw` changes where the link goes (see asBrowserReads). */
export function hasMisleadingBackslash(raw: string): boolean {
  const end = raw.search(/[?#]/)
  return (end === -1 ? raw : raw.slice(0, end)).includes('\\') && asBrowserReads(raw) !== raw.trim()
}
