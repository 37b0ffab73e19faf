import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Position } from 'unist'
import { report } from '../diagnostics/report.js'
import { pairsOverLimits } from '../compile/feeds/emitters.js'
import { qaPairs } from '../compile/feeds/qa-pairs.js'
import { entryText } from '../load/read-entry-file.js'
import type { ApiEntry } from '../types/api-entry.js'
import type { KbConfig } from '../types/config.js'
import type { CheckedEntry } from './entry-artifact.js'

/**
 * A published entry whose question or answer is longer than a feed's consumer accepts gets a warning naming
 * the consumer: otherwise the import rejects or cuts the pair and nobody sees it. Runs on every build, from
 * the compiled entries (cached or not), so the report is the same on a rebuild with nothing changed.
 */
export function reportFeedLimits(root: string, entries: readonly CheckedEntry[], config: KbConfig): void {
  const byKey = new Map<string, CheckedEntry>()
  const published: ApiEntry[] = []
  for (const entry of entries) {
    const api = entry.compiled?.api
    if (!api || api.status !== 'published') continue
    byKey.set(`${api.locale}/${api.id}`, entry)
    published.push({ ...api, translations: [], related: [] })
  }
  for (const { pair, field, length, limits } of pairsOverLimits(qaPairs(published, config), config)) {
    const entry = byKey.get(`${pair.locale}/${pair.entryId}`)
    if (!entry) continue
    const summaryPair = pair.id.endsWith('.summary')
    const place = summaryPair ? entry.frontmatterPlaces[field === 'question' ? 'title' : 'summary'] : headingPlace(root, entry, pair.question)
    const what = summaryPair ? (field === 'question' ? 'title' : 'summary and link') : `FAQ ${field} “${pair.question.slice(0, 60)}${pair.question.length > 60 ? '…' : ''}”`
    report(entry.file, 'feed-limit', `Unexpected ${what} of ${length} characters for ${limits.consumer}, expected at most ${field === 'question' ? limits.question : limits.answer} (${limits.documentation})`, place)
  }
}

/** Where the FAQ item's heading is: the first heading line holding its text (the entry's first line otherwise). */
function headingPlace(root: string, entry: CheckedEntry, title: string): Position['start'] {
  let text = typeof entry.file.value === 'string' ? entry.file.value : undefined
  try {
    text ??= entryText(readFileSync(path.join(root, entry.file.path)))
    entry.file.value = text
  } catch {
    return { line: 1, column: 1 }
  }
  // The title is the heading's text without its Markdown (code spans, emphasis): compare letters and digits only.
  const letters = (value: string) => value.replace(/[^\p{L}\p{N}]+/gu, '')
  const wanted = letters(title)
  const lines = text.split('\n')
  const index = lines.findIndex((line) => /^\s{0,3}#{2,6}\s/.test(line) && letters(line).includes(wanted))
  return index === -1 ? { line: 1, column: 1 } : { line: index + 1, column: 1 }
}
