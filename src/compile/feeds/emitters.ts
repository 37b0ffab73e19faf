import { createHash } from 'node:crypto'
import { x } from 'xastscript'
import { wellFormedXml } from '../well-formed-xml.js'
import { byNewest } from '../api/indexes.js'
import { entryPagePath, siteUrl } from '../site-paths.js'
import { qaPairs } from './qa-pairs.js'
import { llmsTxt } from './llms-txt.js'
import { zendesk } from './zendesk.js'
import { absoluteLinks } from './absolute-links.js'
import { scanText } from '../../validate/safety/scan-text.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { OutputFile } from '../output-file.js'
import type { FaqFeed, QaPair } from '../../types/feed-faq.js'

/** What every emitter gets: the published entries (already compiled) and the config. Pure, deterministic. */
export interface FeedInput {
  entries: readonly ApiEntry[]
  pairs: readonly QaPair[]
  config: KbConfig
  /** Entry id and locale → its Markdown export, for llms.txt. */
  markdown: ReadonlyMap<string, string>
}

export type Emitter = (input: FeedInput) => [path: string, content: string][]

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n'
const perLocale = (input: FeedInput, emit: (locale: string, pairs: readonly QaPair[], entries: readonly ApiEntry[]) => [string, string][]) =>
  input.config.locales.flatMap((locale) =>
    emit(
      locale,
      input.pairs.filter((pair) => pair.locale === locale),
      input.entries.filter((entry) => entry.locale === locale)
    )
  )

/** Q&A JSON (our schema, dist/api/schemas/faq.schema.json), per locale and overall. */
export const faqJson: Emitter = (input) => [
  ['feeds/faq.json', json({ version: 1, locale: null, pairs: [...input.pairs] } satisfies FaqFeed)],
  ...perLocale(input, (locale, pairs) => [[`feeds/${locale}/faq.json`, json({ version: 1, locale, pairs: [...pairs] } satisfies FaqFeed)]])
]

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
      const metadata = [{ name: 'category', value: metadataValue(pair.category) }, ...pair.tags.map((tag) => ({ name: 'tag', value: metadataValue(tag) }))]
      return [pair.question, pair.answerText, pair.url, JSON.stringify(metadata), '[]', 'False', JSON.stringify(pair.id.endsWith('.summary') ? related : []), String(ids.get(pair.id)), `${input.config.brand} ${pair.entryId}`]
    })
    const header = ['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName']
    return [[`feeds/${locale}/azure-question-answering.tsv`, [header, ...rows].map((row) => row.map(tsvField).join('\t')).join('\n') + '\n']]
  })

function tsvField(value: string): string {
  // A leading `"` would make a quote-aware reader (Excel, most TSV libraries) join this field with the next ones.
  const safe = value.startsWith('"') ? `'${value}` : spreadsheetSafe(value)
  return safe.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r?\n/g, '\\n')
}

/**
 * A cell that a spreadsheet would evaluate as a formula when someone opens the file to review it (`=`, `+`,
 * `-`, `@`, tab or carriage return first) starts with `'` instead, as OWASP recommends against CSV injection:
 * the text stays readable, and nothing runs.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** Metadata values may not hold `:` or `|`; everything else (Chinese included) is kept. */
function metadataValue(value: string): string {
  return value.replace(/[:|]/g, ' ').trim()
}

/** Amazon Kendra FAQ, JSON format (SchemaVersion 1): question, answer and the page as `_source_uri`. */
export const kendraFaq: Emitter = (input) =>
  perLocale(input, (locale, pairs) => [
    [
      `feeds/${locale}/kendra-faq.json`,
      json({
        SchemaVersion: 1,
        FaqDocuments: pairs.map((pair) => ({
          Question: pair.question,
          Answer: pair.answerText,
          Attributes: { _source_uri: pair.url, _language_code: kendraLanguageCode(locale), _category: pair.category }
        }))
      })
    ]
  ])

/**
 * Kendra's code for a locale (https://docs.aws.amazon.com/kendra/latest/dg/in-adding-languages.html): the
 * language alone (`zh` for simplified and traditional Chinese, `fr` for French in Canada too), except
 * Brazilian Portuguese, which Kendra indexes as `pt-BR`.
 */
export function kendraLanguageCode(locale: string): string {
  if (/^pt-br$/i.test(locale)) return 'pt-BR'
  return (locale.split('-')[0] ?? locale).toLowerCase()
}

/**
 * Dialogflow knowledge connector FAQ: CSV of two columns, question and answer, no header (RFC 4180 quoting;
 * a cell a spreadsheet would run as a formula starts with `'`, see spreadsheetSafe).
 */
export const dialogflowFaq: Emitter = (input) =>
  perLocale(input, (locale, pairs) => [[`feeds/${locale}/dialogflow-faq.csv`, pairs.map((pair) => [pair.question, pair.answerText].map(csvField).join(',')).join('\r\n') + '\r\n']])

function csvField(value: string): string {
  return `"${spreadsheetSafe(value).replace(/"/g, '""')}"`
}

/** Retrieval chunks: one record per section part, with its heading path, anchor URL and a content hash. */
export const chunks: Emitter = (input) => {
  const lines: string[] = []
  for (const entry of input.entries) {
    const page = entryPagePath(entry.locale, entry.category.id, entry.id)
    const push = (part: string, headingPath: string[], anchor: string, text: string) => {
      for (const [index, piece] of splitText(text, maxChunkChars).entries()) {
        lines.push(
          JSON.stringify({
            id: `${entry.locale}/${entry.id}#${part}${index > 0 ? `-${index + 1}` : ''}`,
            entryId: entry.id,
            locale: entry.locale,
            headingPath,
            text: piece,
            url: siteUrl(input.config, anchor ? `${page}#${anchor}` : page),
            contentHash: hash(piece),
            chars: [...piece].length
          })
        )
      }
    }
    push('summary', [entry.title], '', `${entry.title}\n${entry.summary}`)
    const sections = entry.sections
    if (sections.symptoms) push('symptoms', [entry.title, sections.symptoms.heading], sections.symptoms.anchor, sections.symptoms.text)
    sections.causes?.items.forEach((item, index) => push(`cause-${index + 1}`, [entry.title, sections.causes?.heading ?? '', item.title ?? ''], item.anchor ?? '', item.text))
    if (sections.steps) push('steps', [entry.title, sections.steps.heading], sections.steps.anchor, sections.steps.text)
    if (sections.contactSupport) push('contact-support', [entry.title, sections.contactSupport.heading], sections.contactSupport.anchor, sections.contactSupport.text)
    sections.faq?.items.forEach((item, index) => push(`faq-${index + 1}`, [entry.title, sections.faq?.heading ?? '', item.title ?? ''], item.anchor ?? '', `${item.title ?? ''}\n${item.text}`))
  }
  return [['feeds/chunks.jsonl', lines.join('\n') + '\n']]
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

/** JSON Feed 1.1 per locale, newest updated first, ids stable per entry and locale. */
export const jsonFeed: Emitter = (input) =>
  perLocale(input, (locale, _pairs, entries) => [
    [
      `feeds/${locale}/feed.json`,
      json({
        version: 'https://jsonfeed.org/version/1.1',
        title: input.config.title[locale] ?? input.config.brand,
        home_page_url: siteUrl(input.config, `${locale}/index.html`),
        feed_url: siteUrl(input.config, `feeds/${locale}/feed.json`),
        language: locale,
        items: [...entries].sort(byNewest).map((entry) => ({
          id: `kb:${entry.locale}/${entry.id}`,
          url: entry.url,
          title: entry.title,
          content_html: absoluteLinks(entry.html, entry.url),
          summary: entry.summary,
          date_modified: `${entry.updated}T00:00:00Z`,
          tags: entry.tags,
          language: entry.locale
        }))
      })
    ]
  ])

/** Atom 1.0 per locale, the same items as the JSON Feed. */
export const atomFeed: Emitter = (input) =>
  perLocale(input, (locale, _pairs, entries) => {
    const sorted = [...entries].sort(byNewest)
    const title = input.config.title[locale] ?? input.config.brand
    const tree = x('feed', { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': locale }, [
      x('id', `urn:kb:${encodeURIComponent(input.config.brand)}:${locale}`),
      x('title', title),
      x('updated', `${sorted[0]?.updated ?? '1970-01-01'}T00:00:00Z`),
      x('link', { rel: 'self', href: siteUrl(input.config, `feeds/${locale}/atom.xml`) }),
      x('link', { rel: 'alternate', href: siteUrl(input.config, `${locale}/index.html`) }),
      x('author', [x('name', input.config.brand)]),
      ...sorted.map((entry) =>
        x('entry', [
          x('id', `urn:kb:${encodeURIComponent(input.config.brand)}:${entry.locale}:${entry.id}`),
          x('title', entry.title),
          x('link', { rel: 'alternate', href: entry.url }),
          x('updated', `${entry.updated}T00:00:00Z`),
          x('summary', entry.summary),
          x('content', { type: 'html' }, absoluteLinks(entry.html, entry.url)),
          ...entry.tags.map((tag) => x('category', { term: tag }))
        ])
      )
    ])
    return [[`feeds/${locale}/atom.xml`, wellFormedXml(tree)]]
  })

function hash(value: string): string {
  return 'sha256-' + createHash('sha256').update(value).digest('hex')
}

/** Every emitter: adding a format means adding one function here, nothing else changes. */
export const emitters: readonly Emitter[] = [faqJson, azureQuestionAnswering, kendraFaq, dialogflowFaq, zendesk, chunks, llmsTxt, jsonFeed, atomFeed]

/** Every feed file, one format at a time: only one format's files are held at once. */
export function* compileFeeds(entries: readonly ApiEntry[], config: KbConfig, markdown: ReadonlyMap<string, string>): Generator<OutputFile> {
  const published = entries.filter((entry) => entry.status === 'published')
  const input: FeedInput = { entries: published, pairs: qaPairs(published, config), config, markdown }
  for (const emit of emitters) yield* emit(input)
}
