import { perLocale, type Emitter, type PairLimits } from './feed-input.js'
import { spreadsheetSafe } from './spreadsheet.js'

/**
 * Azure AI Language custom question answering: the TSV import file (header Question, Answer, Source,
 * Metadata, SuggestedQuestions, IsContextOnly, Prompts, QnaId, SourceDisplayName). Tabs and line breaks
 * inside a field are written as `\t` and `\n`, backslashes as `\\`, as the import expects; a field a
 * spreadsheet would run as a formula, or read as quoted, starts with `'` (see spreadsheetSafe).
 */
export const azureQuestionAnswering: Emitter = (input) =>
  perLocale(input, (locale, pairs) => {
    const ids = new Map(pairs.map((pair, index) => [pair.id, index + 1]))
    const entries = new Map(input.entries.filter((item) => item.locale === locale).map((item) => [item.id, item]))
    const rows = pairs.map((pair) => {
      const entry = entries.get(pair.entryId)
      const related = (entry?.related ?? []).flatMap((relatedEntry, index) => {
        const target = ids.get(`${relatedEntry.id}.summary`)
        return target === undefined ? [] : [{ displayOrder: index + 1, qnaId: target, displayText: relatedEntry.title.slice(0, 200) }]
      })
      // Metadata is a dictionary, one value per name: a second `tag` would replace the first, so tags are numbered.
      const metadata = [{ name: 'category', value: metadataValue(pair.category) }, ...pair.tags.map((tag, index) => ({ name: `tag${index + 1}`, value: metadataValue(tag) }))]
      return [pair.question, pair.answerText, pair.url, JSON.stringify(metadata), '[]', 'False', JSON.stringify(pair.id.endsWith('.summary') ? related : []), String(ids.get(pair.id)), `${input.config.brand} ${pair.entryId}`]
    })
    const header = ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName']
    return [[`feeds/${locale}/azure-question-answering.tsv`, [header, ...rows].map((row) => row.map(tsvField).join('\t')).join('\n') + '\n']]
  })

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
