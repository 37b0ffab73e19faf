import { createHash } from 'node:crypto'
import { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import { lineIndex } from '../diagnostics/line-index.js'

/** Larger files are refused: no help entry is this long, and it bounds the time one file can take. */
export const maxEntryBytes = 2 * 1024 * 1024

export interface EntryFile {
  file: VFile
  /** The decoded text without a byte-order mark, or undefined when the bytes cannot be an entry. */
  text: string | undefined
  /** sha256 of the bytes: the key for caching and for change detection downstream. */
  contentHash: string
}

/** The entry's content hash as the API publishes it (`contentHash`), and the cache's key for its bytes. */
export function hashEntryBytes(bytes: Uint8Array): string {
  return 'sha256-' + createHash('sha256').update(bytes).digest('hex')
}

/** The text a file with a readable text was given (for code frames), from the same bytes, without the reports. */
export function entryText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)
  return text.startsWith('\uFEFF') ? text.slice(1) : text
}

/** Decodes an entry's bytes, reporting anything that stops them from being Markdown text. */
export function readEntryFile(relativePath: string, bytes: Uint8Array): EntryFile {
  const file = new VFile({ path: relativePath })
  const contentHash = hashEntryBytes(bytes)
  const result = { file, text: undefined as string | undefined, contentHash }
  if (bytes.length > maxEntryBytes) {
    report(file, 'file-too-large', `Unexpected file of ${bytes.length} bytes, expected at most ${maxEntryBytes}`, { line: 1, column: 1 }, undefined, `文件有 ${bytes.length} 字节，最多只能有 ${maxEntryBytes} 字节`)
    return result
  }
  if (bytes.length === 0) {
    report(file, 'file-empty', 'Unexpected empty file, expected frontmatter and a body', { line: 1, column: 1 }, undefined, '文件是空的，应该有文件头和正文')
    return result
  }
  // ignoreBOM keeps a byte-order mark in the text, so it can be reported.
  const decoded = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)
  const nul = decoded.indexOf('\u0000')
  if (nul !== -1) {
    report(file, 'file-binary', 'Unexpected binary content (a NUL byte), expected Markdown text', lineIndex(decoded)(nul), undefined, '文件里有二进制内容（一个 NUL 字节），应该是 Markdown 文本')
    return result
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    report(file, 'file-encoding', 'Unexpected bytes that are not UTF-8, expected a UTF-8 file', lineIndex(decoded)(decoded.indexOf('\uFFFD')), undefined, '这里有不是 UTF-8 编码的字节，文件应存为 UTF-8 编码')
    return result
  }
  let text = decoded
  if (text.startsWith('\uFEFF')) {
    report(file, 'file-bom', 'Unexpected byte-order mark at the start of the file, expected UTF-8 without BOM', { line: 1, column: 1 }, undefined, '文件开头有字节顺序标记（BOM），文件应存为不带 BOM 的 UTF-8')
    text = text.slice(1)
  }
  if (!text.trim()) {
    report(file, 'file-empty', 'Unexpected file with only white space, expected frontmatter and a body', { line: 1, column: 1 }, undefined, '文件里只有空白，应该有文件头和正文')
    return result
  }
  const nfc = text.normalize('NFC')
  if (nfc !== text) {
    let index = 0
    while (index < text.length && text[index] === nfc[index]) index++
    report(file, 'unicode-normalization', 'Unexpected decomposed (NFD) characters, expected composed (NFC) text', lineIndex(text)(index), undefined, '这里有分解形式（NFD）的字符，应该用组合形式（NFC）的文字')
  }
  file.value = text
  result.text = text
  return result
}
