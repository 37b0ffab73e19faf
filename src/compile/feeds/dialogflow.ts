import { perLocale, type Emitter } from './feed-input.js'
import { spreadsheetSafe } from './spreadsheet.js'
import type { ApiEntry } from '../../types/api-entry.js'

/**
 * Dialogflow knowledge connector FAQ: CSV of two columns, question and answer, no header (RFC 4180 quoting;
 * a cell a spreadsheet would run as a formula starts with `'`, see spreadsheetSafe).
 */
export const dialogflowFaq: Emitter = (input) =>
  perLocale(input, (locale, entries) => {
    const relative = `feeds/${locale}/dialogflow-faq.csv`
    const withPairs = entries.filter((entry) => input.pairs.count(entry) > 0)
    // No rows: the file is one line break, as before any row.
    if (withPairs.length === 0) return [[relative, '\r\n']]
    // A part per entry, each row ended: copied from the last build's file when the entry's pairs are unchanged.
    const rows = (entry: ApiEntry) => input.pairs.of(entry).map((pair) => [pair.question, pair.answerText].map(csvField).join(',') + '\r\n').join('')
    return [[relative, input.parts(relative, withPairs.map((entry) => ({ inputs: input.pairs.inputs(entry), render: () => rows(entry) })))]]
  })

function csvField(value: string): string {
  return `"${spreadsheetSafe(value).replace(/"/g, '""')}"`
}
