import { lineIndex } from '../../diagnostics/line-index.js'
import type { Point } from 'unist'

/** One record of an output file: its text, and where it starts in the file. */
export interface OutputRecord {
  text: string
  start: Point
}

/** A file's records (see recordStarts): the whole text, placed at its start, for a file that is one record. */
export function outputRecords(relative: string, text: string): OutputRecord[] {
  const starts = recordStarts(relative, text)
  if (starts.length === 1) return [{ text, start: { line: 1, column: 1, offset: 0 } }]
  const pointAt = lineIndex(text)
  return starts.map((start, index) => ({ text: text.slice(start, starts[index + 1] ?? text.length), start: pointAt(start) }))
}

/**
 * Where the output scan cuts a file into records it scans, and remembers, one by one: a feed's items, a
 * sitemap's URLs, the lines of a JSON Lines file, the entries of llms.txt and of a search shard's stored
 * fields. A record holds one entry's text and the structure around it, so no rule's match can run from one
 * record into the next one; a match that did
 * would join the end of one entry to the start of another, which no reader sees as one text. A rebuild after
 * one entry changed scans that entry's records again, not the whole 10 MB feed.
 *
 * Returns the offsets where records start, the first always 0. Other files, and files of one entry, are one record.
 */
export function recordStarts(relative: string, text: string): number[] {
  const cut = cutBefore(relative)
  if (!cut) return [0]
  const starts = [0]
  for (const match of text.matchAll(cut.pattern)) {
    const start = match.index + cut.skip
    if (start > (starts.at(-1) ?? 0) && start < text.length) starts.push(start)
  }
  return starts
}

function cutBefore(relative: string): { pattern: RegExp; skip: number } | undefined {
  // A file of one entry (its API record, its Zendesk payload) is one record: cutting serves files that hold
  // many entries, and hashing the parts of 18,000 small files cost more than scanning them again.
  if (/^api\/entries\/|^feeds\/zendesk\/(?!manifest\.json$)/.test(relative)) return undefined
  // A search shard's stored fields: one object per entry, `"<id>":{...}`, each after `},` (a string holds no
  // bare `"`, so `},"` is always between two entries).
  if (/(?:^|\/)search-index\/documents-\d+\.json$/.test(relative)) return { pattern: /\},"/g, skip: 2 }
  // JSON Lines: every line is a record (strings never hold a raw line break).
  if (relative.endsWith('.jsonl')) return { pattern: /\n/g, skip: 1 }
  // Pretty-printed JSON: each object in an array starts on a line of its own, `{` alone.
  if (relative.endsWith('.json')) return { pattern: /\n(?=[ \t]+\{\n)/g, skip: 1 }
  // Atom, RSS and sitemaps: each item element.
  if (relative.endsWith('.xml')) return { pattern: /<(?:entry|item|url)>/g, skip: 0 }
  // llms.txt: each list item and heading.
  if (relative.endsWith('llms.txt')) return { pattern: /\n(?=- |#)/g, skip: 1 }
  return undefined
}
