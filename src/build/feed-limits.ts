import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Point } from 'unist'
import { report } from '../diagnostics/report.js'
import { entryText } from '../load/read-entry-file.js'
import type { CheckedEntry } from './entry-artifact.js'

/**
 * A published entry whose question or answer is longer than a feed's consumer accepts gets a warning naming
 * the consumer: otherwise the import rejects or cuts the pair and nobody sees it. The findings are made with
 * the entry's compiled record (see processEntry) and cached with it, so a build with nothing to do reports
 * them as a full one does, without decoding a single record.
 */
export function reportFeedLimits(root: string, entries: readonly CheckedEntry[]): void {
  for (const entry of entries) {
    for (const finding of entry.overLimits ?? []) {
      const summaryPair = finding.pairId.endsWith('.summary')
      const place = summaryPair ? entry.frontmatterPlaces[finding.field === 'question' ? 'title' : 'summary'] : headingPlace(root, entry, finding.question)
      const shown = finding.question.length > 60 ? `${finding.question.slice(0, 60)}…` : finding.question
      const what = summaryPair ? (finding.field === 'question' ? 'title' : 'summary and link') : `FAQ ${finding.field} “${shown}”`
      const whatZh = summaryPair ? (finding.field === 'question' ? '标题' : '摘要和链接') : `常见问题“${shown}”的${finding.field === 'question' ? '问题' : '回答'}`
      report(
        entry.file,
        'feed-limit',
        `Unexpected ${what} of ${finding.length} characters for ${finding.consumer}, expected at most ${finding.max} (${finding.documentation})`,
        place,
        undefined,
        `${whatZh}有 ${finding.length} 个字符，超过了 ${finding.consumer} 允许的 ${finding.max} 个（${finding.documentation}）`
      )
    }
  }
}

/** Where the FAQ item's heading is: the first heading line holding its text (the entry's first line otherwise). */
function headingPlace(root: string, entry: CheckedEntry, title: string): Point {
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
