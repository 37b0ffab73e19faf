import { perLocale, type Emitter, type PairLimits } from './feed-input.js'
import { json } from '../json-text.js'

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

/** Kendra's FAQ quotas, which cannot be raised (https://docs.aws.amazon.com/kendra/latest/dg/quotas.html, FAQ quotas). */
export const kendraLimits: PairLimits = {
  consumer: 'Amazon Kendra FAQ (feeds/<locale>/kendra-faq.json)',
  documentation: 'https://docs.aws.amazon.com/kendra/latest/dg/quotas.html',
  question: 300,
  answer: 2000
}
