import { perLocale, type Emitter, type PairLimits } from './feed-input.js'
import type { ApiEntry } from '../../types/api-entry.js'
import { spreadsheetSafe } from './spreadsheet.js'

/**
 * Azure AI Language custom question answering: the TSV import file (header Question, Answer, Source,
 * Metadata, SuggestedQuestions, IsContextOnly, Prompts, QnaId, SourceDisplayName). Tabs and line breaks
 * inside a field are written as `\t` and `\n`, backslashes as `\\`, as the import expects; a field a
 * spreadsheet would run as a formula, or read as quoted, starts with `'` (see spreadsheetSafe).
 */
export const azureQuestionAnswering: Emitter = (input) =>
  perLocale(input, (locale, entries) => {
    // QnA ids number the locale's pairs in order, counted without making them; a related entry's prompt
    // points at its summary pair's id.
    const firstId = new Map<ApiEntry, number>()
    const summaryIds = new Map<string, number>()
    let next = 1
    for (const entry of entries) {
      firstId.set(entry, next)
      if (entry.type === 'troubleshooting') summaryIds.set(entry.id, next)
      next += input.pairs.count(entry)
    }
    const rows = (entry: ApiEntry) =>
      input.pairs
        .of(entry)
        .map((pair, index) => {
          const related = (entry.related ?? []).flatMap((relatedEntry, order) => {
            const target = summaryIds.get(relatedEntry.id)
            return target === undefined ? [] : [{ displayOrder: order + 1, qnaId: target, displayText: relatedEntry.title.slice(0, 200) }]
          })
          // Metadata is a dictionary, one value per name: a second `tag` would replace the first, so tags are numbered.
          const metadata = [{ name: 'category', value: metadataValue(pair.category) }, ...pair.tags.map((tag, order) => ({ name: `tag${order + 1}`, value: metadataValue(tag) }))]
          return tsvRow([pair.question, pair.answerText, pair.url, JSON.stringify(metadata), '[]', 'False', JSON.stringify(pair.id.endsWith('.summary') ? related : []), String((firstId.get(entry) ?? 0) + index), `${input.config.brand} ${pair.entryId}`])
        })
        .join('')
    const header = tsvRow(['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName'])
    const relative = `feeds/${locale}/azure-question-answering.tsv`
    // A part per entry: its rows, a function of its pairs, its first id and the ids its prompts point at.
    const parts = entries
      .filter((entry) => input.pairs.count(entry) > 0)
      .map((entry) => ({ inputs: [input.pairs.inputs(entry), firstId.get(entry), (entry.related ?? []).map((relatedEntry) => summaryIds.get(relatedEntry.id) ?? null)], render: () => rows(entry) }))
    return [[relative, input.parts(relative, [{ inputs: header, render: () => header }, ...parts])]]
  })

/** One row, its line ended. */
function tsvRow(fields: readonly string[]): string {
  return fields.map(tsvField).join('\t') + '\n'
}

/** The limits of a question-and-answer pair (https://learn.microsoft.com/azure/ai-services/language-service/question-answering/concepts/limits). */
export const azureLimits: PairLimits = {
  consumer: 'Azure question answering (feeds/<locale>/azure-question-answering.tsv)',
  documentation: 'https://learn.microsoft.com/azure/ai-services/language-service/question-answering/concepts/limits',
  question: 1000,
  answer: 25_000
}

function tsvField(value: string): string {
  // A leading `"` would make a quote-aware reader (Excel, most TSV libraries) join this field with the next ones.
  const safe = value.startsWith('"') ? `'${value}` : spreadsheetSafe(value)
  return safe.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r?\n/g, '\\n')
}

/** Metadata values may not hold `:` or `|`; everything else (Chinese included) is kept. */
function metadataValue(value: string): string {
  return value.replace(/[:|]/g, ' ').trim()
}
