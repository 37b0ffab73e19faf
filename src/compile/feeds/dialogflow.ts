import { perLocale, type Emitter } from './feed-input.js'
import { spreadsheetSafe } from './spreadsheet.js'

/**
 * Dialogflow knowledge connector FAQ: CSV of two columns, question and answer, no header (RFC 4180 quoting;
 * a cell a spreadsheet would run as a formula starts with `'`, see spreadsheetSafe).
 */
export const dialogflowFaq: Emitter = (input) =>
  perLocale(input, (locale, pairs) => [[`feeds/${locale}/dialogflow-faq.csv`, pairs.map((pair) => [pair.question, pair.answerText].map(csvField).join(',')).join('\r\n') + '\r\n']])

function csvField(value: string): string {
  return `"${spreadsheetSafe(value).replace(/"/g, '""')}"`
}
