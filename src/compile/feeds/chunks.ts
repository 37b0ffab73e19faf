import { entryPagePath, siteUrl } from '../site-paths.js'
import { scanText } from '../../validate/safety/scan-text.js'
import { contentHash, type Emitter } from './feed-input.js'
import { jsonLine } from '../json-text.js'
import { recordKey } from '../render-memo.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

/** Retrieval chunks: one record per section part, with its heading path, anchor URL and a content hash. */
export const chunks: Emitter = (input) => {
  // A file of no lines is one line break, as JSON Lines readers expect; every entry gives one line or more.
  if (input.entries.length === 0) return [['feeds/chunks.jsonl', '\n']]
  // Each entry's records are a function of its record and the config: one part of the file per entry.
  const text = input.parts(
    'feeds/chunks.jsonl',
    input.entries.map((entry) => ({ inputs: recordKey(entry), render: () => chunkLines(entry, input.config) }))
  )
  return [['feeds/chunks.jsonl', text]]
}

/** An entry's records, each line ended. */
function chunkLines(entry: ApiEntry, config: KbConfig): string {
  const page = entryPagePath(entry.locale, entry.category.id, entry.id)
  let lines = ''
  const push = (part: string, headingPath: string[], anchor: string, text: string) => {
    for (const [index, piece] of splitText(text, maxChunkChars).entries()) {
      lines +=
        jsonLine({
          id: `${entry.locale}/${entry.id}#${part}${index > 0 ? `-${index + 1}` : ''}`,
          entryId: entry.id,
          locale: entry.locale,
          headingPath,
          text: piece,
          url: siteUrl(config, anchor ? `${page}#${anchor}` : page),
          contentHash: contentHash(piece),
          chars: [...piece].length
        }) + '\n'
    }
  }
  push('summary', [entry.title], '', `${entry.title}\n${entry.summary}`)
  const sections = entry.sections
  if (sections.symptoms) push('symptoms', [entry.title, sections.symptoms.heading], sections.symptoms.anchor, sections.symptoms.text)
  sections.causes?.items.forEach((item, index) => push(`cause-${index + 1}`, [entry.title, sections.causes?.heading ?? '', item.title ?? ''], item.anchor ?? '', item.text))
  if (sections.steps) push('steps', [entry.title, sections.steps.heading], sections.steps.anchor, sections.steps.text)
  if (sections.contactSupport) push('contact-support', [entry.title, sections.contactSupport.heading], sections.contactSupport.anchor, sections.contactSupport.text)
  sections.faq?.items.forEach((item, index) => push(`faq-${index + 1}`, [entry.title, sections.faq?.heading ?? '', item.title ?? ''], item.anchor ?? '', `${item.title ?? ''}\n${item.text}`))
  return lines
}

/** Retrieval-friendly size: about 500 tokens of English or 1,000 of Chinese. */
export const maxChunkChars = 1500

/** Splits at paragraph, then sentence boundaries so no piece exceeds `limit` characters. */
export function splitText(text: string, limit: number): string[] {
  if (codePoints(text) <= limit) return [text]
  const pieces: string[] = []
  let current = ''
  let currentLength = 0
  // Sentence ends: CJK marks, or `.!?` followed by white space — never the dots inside a URL or a number.
  for (const unit of text.split(/(?<=\n\n)|(?<=[。！？])|(?<=[.!?]\s)/)) {
    const unitLength = codePoints(unit)
    if (currentLength + unitLength > limit && current) {
      pieces.push(current.trim())
      current = ''
      currentLength = 0
    }
    if (unitLength > limit) {
      pieces.push(...splitLongUnit(unit, limit))
      continue
    }
    current += unit
    currentLength += unitLength
  }
  if (current.trim()) pieces.push(current.trim())
  return pieces.filter((piece) => piece !== '')
}

function isSpace(code: number): boolean {
  return Number.isNaN(code) || code <= 0x20 || code === 0x3000
}

function isAsciiVisible(code: number): boolean {
  return code > 0x20 && code < 0x7f
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function codePoints(text: string): number {
  let count = text.length
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code >= 0xd800 && code <= 0xdbff) count--
  }
  return count
}

/**
 * Cuts a sentence longer than a chunk: at white space when there is some, never inside a URL, address or
 * number the safety rules read, nor inside a run of ASCII letters, digits and punctuation (`okxhelp.com` cut
 * after `okx` reads as `help.com`), nor between the halves of a character. Linear: each search is bounded.
 */
function splitLongUnit(unit: string, limit: number): string[] {
  const insideMatch = new Uint8Array(unit.length + 1)
  for (const match of scanText(unit)) insideMatch.fill(1, match.start + 1, match.end)
  const safe = (at: number) => {
    if (at >= unit.length) return true
    const before = unit.charCodeAt(at - 1)
    const after = unit.charCodeAt(at)
    if (insideMatch[at] === 1 || isHighSurrogate(before)) return false
    return isSpace(before) || isSpace(after) || (!isAsciiVisible(before) && !isAsciiVisible(after))
  }
  const pieces: string[] = []
  for (let start = 0; start < unit.length; ) {
    let cut = Math.min(unit.length, start + limit)
    if (cut < unit.length) {
      // White space in the second half of the piece is the best place; otherwise the nearest safe place back,
      // and only when there is none, the next one forward (that piece is longer than the limit).
      const half = start + Math.floor(limit / 2)
      const space = unit.slice(half, cut).lastIndexOf(' ')
      if (space !== -1 && safe(half + space + 1)) cut = half + space + 1
      else {
        let back = cut
        while (back > start + 1 && !safe(back)) back--
        if (safe(back) && back > start) cut = back
        else while (cut < unit.length && !safe(cut)) cut++
      }
    }
    const piece = unit.slice(start, cut).trim()
    if (piece) pieces.push(piece)
    start = cut
  }
  return pieces
}
