import { parse as parseCsv } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { azureQuestionAnswering } from '../../src/compile/feeds/azure-question-answering.js'
import { dialogflowFaq } from '../../src/compile/feeds/dialogflow.js'
import { kendraFaq, kendraFaqBytes, kendraLanguageCode } from '../../src/compile/feeds/kendra.js'
import { inParts } from '../../src/compile/in-parts.js'
import type { FeedInput } from '../../src/compile/feeds/feed-input.js'
import { isStreamed, streamedText, type OutputFile } from '../../src/compile/output-file.js'
import type { EntryPairs } from '../../src/compile/feeds/qa-pairs.js'
import type { ApiEntry } from '../../src/types/api-entry.js'
import { partsAlways, renderAlways } from '../../src/compile/render-memo.js'
import type { KbConfig } from '../../src/types/config.js'
import type { QaPair } from '../../src/types/feed-faq.js'

const config = { brand: 'OKX', title: { en: 'Help' }, defaultLocale: 'en', locales: ['en'], categories: [{ id: 'account', name: { en: 'Account' } }] } as unknown as KbConfig

/** Texts a spreadsheet would run, or a quote-aware reader would mis-split, each as a question and an answer. */
const hostile = ['=HYPERLINK("https://example.com","click")', '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', '"quoted" at the start, then\ta tab']

function pair(index: number, text: string): QaPair {
  return { id: `x${index}.faq-1`, locale: 'en', question: text, answerText: text, answerHtml: `<p>${text}</p>`, entryId: `x${index}`, url: `en/account/x${index}.html#q`, category: 'account', tags: [], updated: '2026-11-20', translations: [] }
}

/** A feed's input whose entries each have one of `pairs`. */
function inputWith(pairs: readonly QaPair[]): FeedInput {
  const entries = pairs.map((item) => ({ id: item.entryId, locale: item.locale, type: 'howto', related: [] }) as unknown as ApiEntry)
  const pairOf = new Map(entries.map((entry, index) => [entry, pairs[index] as QaPair]))
  const entryPairs: EntryPairs = { of: (entry) => [pairOf.get(entry) as QaPair], count: () => 1, inputs: (entry) => entry.id }
  return { entries, pairs: entryPairs, config, markdown: new Map(), memo: renderAlways, parts: partsAlways }
}

const input = inputWith(hostile.map((text, index) => pair(index, text)))
const textOf = (text: OutputFile[1]) => (isStreamed(text) ? streamedText(text) : String(text))
const fileOf = (files: Iterable<OutputFile>) => textOf([...files][0]?.[1] ?? '')

describe('spreadsheet feeds never carry a formula (OWASP CSV injection)', () => {
  it('starts every Dialogflow CSV cell that a spreadsheet would evaluate with a quote mark, and keeps the text', () => {
    const rows = parseCsv(fileOf(dialogflowFaq(input)), { relaxQuotes: false }) as string[][]
    expect(rows).toEqual(hostile.map((text) => [`'${text}`, `'${text}`].map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell : cell.slice(1)))))
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('writes Azure TSV rows that a quote-aware reader splits into the nine columns, with no cell a formula', () => {
    const tsv = fileOf(azureQuestionAnswering(input))
    // Read as Excel and most TSV libraries read it: `"` opens a quoted field when it comes first, and is a
    // plain character anywhere else.
    const rows = parseCsv(tsv, { delimiter: '\t', relaxQuotes: true }) as string[][]
    expect(rows).toHaveLength(hostile.length + 1)
    for (const row of rows) expect(row).toHaveLength(9)
    const unescape = (value: string) => value.replace(/\\(\\|t|n)/g, (_match, char: string) => (char === 't' ? '\t' : char === 'n' ? '\n' : '\\'))
    expect(rows.slice(1).map((row) => unescape(row[0] ?? ''))).toEqual(hostile.map((text) => `'${text}`))
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r"]/)
  })
})

describe('Kendra FAQ files', () => {
  it('follow the codes Kendra documents: the language alone, but pt-BR', () => {
    expect(['en', 'zh-CN', 'zh-TW', 'pt-BR', 'pt-PT', 'fr-CA', 'ja'].map(kendraLanguageCode)).toEqual(['en', 'zh', 'zh', 'pt-BR', 'pt', 'fr', 'ja'])
  })

  it('stay under the 5 MB Kendra allows one FAQ: past it, numbered parts hold every pair once, in order', () => {
    const answer = '答'.repeat(20_000)
    const manyPairs = Array.from({ length: 200 }, (_, index) => ({ ...pair(index, `question ${index}`), answerText: answer }))
    const many = inputWith(manyPairs)
    const files = [...kendraFaq(many)].map(([name, text]) => [name, textOf(text)] as const)
    expect(files.map(([name]) => name)).toEqual(['feeds/en/kendra-faq-1.json', 'feeds/en/kendra-faq-2.json', 'feeds/en/kendra-faq-3.json'])
    for (const [, text] of files) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(kendraFaqBytes)
    const questions = files.flatMap(([, text]) => (JSON.parse(text) as { FaqDocuments: { Question: string }[] }).FaqDocuments.map((document) => document.Question))
    expect(questions).toEqual(manyPairs.map((item) => item.question))
    expect([...kendraFaq(input)].map(([name]) => name)).toEqual(['feeds/en/kendra-faq.json'])
    // Measured without holding the documents, to the byte: a file of exactly 5 MB is one, a byte more is cut.
    const answered = (lengths: readonly number[]) => inputWith(lengths.map((length, index) => ({ ...pair(index, `q${index}`), answerText: 'a'.repeat(length) })))
    const empty = Buffer.byteLength(fileOf(kendraFaq(answered([0, 0, 0]))))
    const fill = kendraFaqBytes - empty
    expect([...kendraFaq(answered([fill - 1000, 600, 400]))].map(([name]) => name)).toEqual(['feeds/en/kendra-faq.json'])
    expect(Buffer.byteLength(fileOf(kendraFaq(answered([fill - 1000, 600, 400]))))).toBe(kendraFaqBytes)
    expect([...kendraFaq(answered([fill - 1000, 601, 400]))].map(([name]) => name)).toEqual(['feeds/en/kendra-faq-1.json', 'feeds/en/kendra-faq-2.json'])
    expect(inParts([1, 2, 3], () => 6, { maxBytes: 10 })).toEqual([[1], [2], [3]])
    expect(inParts([1, 2, 3], () => 1, { maxBytes: 10, maxItems: 2 })).toEqual([[1, 2], [3]])
    expect(inParts([1, 2, 3], () => 20, { maxBytes: 10 })).toEqual([[1], [2], [3]])
  })
})
