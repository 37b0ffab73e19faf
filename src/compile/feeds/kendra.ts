import { perLocale, type Emitter, type PairLimits } from './feed-input.js'
import { json } from '../json-text.js'
import { inParts } from '../in-parts.js'

/**
 * Amazon Kendra FAQ, JSON format (SchemaVersion 1): question, answer and the page as `_source_uri`. One FAQ
 * may hold at most 5 MB (a fixed quota): past it, the locale's pairs go to `kendra-faq-1.json`,
 * `kendra-faq-2.json` … each under the limit, one `CreateFaq` per file.
 */
export const kendraFaq: Emitter = (input) =>
  perLocale(input, (locale, pairs) => {
    const documents = pairs.map((pair) => ({
      Question: pair.question,
      Answer: pair.answerText,
      Attributes: { _source_uri: pair.url, _language_code: kendraLanguageCode(locale), _category: pair.category }
    }))
    const whole = faqFile(documents)
    if (Buffer.byteLength(whole) <= kendraFaqBytes) return [[`feeds/${locale}/kendra-faq.json`, whole]]
    // Each document's own JSON, plus the indentation it gets inside the file; 1 KiB for the file's wrapping.
    const sizeOf = (document: object) => {
      const text = json(document)
      return Buffer.byteLength(text) + 4 * text.split('\n').length
    }
    return inParts(documents, sizeOf, { maxBytes: kendraFaqBytes - 1024 }).map((part, index) => [`feeds/${locale}/kendra-faq-${index + 1}.json`, faqFile(part)])
  })

/** Kendra's quota for one FAQ file (https://docs.aws.amazon.com/kendra/latest/dg/quotas.html). */
export const kendraFaqBytes = 5 * 1024 * 1024

const faqFile = (documents: readonly object[]) => json({ SchemaVersion: 1, FaqDocuments: documents })

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
