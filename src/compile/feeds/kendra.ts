import { perLocale, type Emitter, type PairLimits } from './feed-input.js'
import { json } from '../json-text.js'
import { inParts } from '../in-parts.js'
import type { ApiEntry } from '../../types/api-entry.js'

/**
 * Amazon Kendra FAQ, JSON format (SchemaVersion 1): question, answer and the page as `_source_uri`. One FAQ
 * may hold at most 5 MB (a fixed quota): past it, the locale's pairs go to `kendra-faq-1.json`,
 * `kendra-faq-2.json` … each under the limit, one `CreateFaq` per file.
 */
export const kendraFaq: Emitter = (input) =>
  perLocale(input, (locale, entries) => {
    const documentsOf = (entry: ApiEntry) =>
      input.pairs.of(entry).map((pair) => ({
        Question: pair.question,
        Answer: pair.answerText,
        Attributes: { _source_uri: pair.url, _language_code: kendraLanguageCode(locale), _category: pair.category }
      }))
    // Measured first, a document at a time and none kept: the whole file's size, and each document's with
    // the indentation it gets inside the file.
    const sizes: number[] = []
    const entryOf: number[] = []
    let wholeBytes = 0
    entries.forEach((entry, index) => {
      for (const document of documentsOf(entry)) {
        const text = json(document)
        const lines = text.split('\n').length
        sizes.push(Buffer.byteLength(text) + 4 * lines)
        entryOf.push(index)
        // In the file: indented by four, without the last line break, after a comma and line break but the first.
        wholeBytes += Buffer.byteLength(text) - 1 + 4 * (lines - 1) + (sizes.length > 1 ? 2 : 0)
      }
    })
    wholeBytes += Buffer.byteLength(faqFile(sizes.length > 0 ? [null] : [])) - (sizes.length > 0 ? '    null'.length : 0)
    // The documents numbered `from` to `to` (excluded), made again from their entries.
    const documents = (from: number, to: number) => {
      if (from >= to) return []
      const first = entryOf[from] as number
      const made = entries.slice(first, (entryOf[to - 1] as number) + 1).flatMap(documentsOf)
      const skipped = entryOf.indexOf(first)
      return made.slice(from - skipped, to - skipped)
    }
    if (wholeBytes <= kendraFaqBytes) return [[`feeds/${locale}/kendra-faq.json`, faqFile(documents(0, sizes.length))]]
    const numbers = sizes.map((_, index) => index)
    return inParts(numbers, (index) => sizes[index] as number, { maxBytes: kendraFaqBytes - 1024 }).map((part, index) => [`feeds/${locale}/kendra-faq-${index + 1}.json`, faqFile(documents(part[0] as number, (part.at(-1) as number) + 1))])
  })

/** Kendra's quota for one FAQ file (https://docs.aws.amazon.com/kendra/latest/dg/quotas.html). */
export const kendraFaqBytes = 5 * 1024 * 1024

const faqFile = (documents: readonly (object | null)[]) => json({ SchemaVersion: 1, FaqDocuments: documents })

/**
 * Kendra's code for a locale (https://docs.aws.amazon.com/kendra/latest/dg/in-adding-languages.html): the
 * language alone (`zh` for simplified and traditional Chinese, `fr` for French in Canada too), except
 * Brazilian Portuguese, which Kendra indexes as `pt-BR`.
 */
export function kendraLanguageCode(locale: string): string {
  if (/^pt-br$/i.test(locale)) return 'pt-BR'
  return (locale.split('-')[0] ?? locale).toLowerCase()
}

/** Kendra's FAQ quotas, which cannot be raised (https://docs.aws.amazon.com/kendra/latest/dg/quotas.html, FAQ quotas). */
export const kendraLimits: PairLimits = {
  consumer: 'Amazon Kendra FAQ (feeds/<locale>/kendra-faq.json)',
  documentation: 'https://docs.aws.amazon.com/kendra/latest/dg/quotas.html',
  question: 300,
  answer: 2000
}
