import { perLocale, type Emitter, type FeedInput } from './feed-input.js'
import { jsonListGroupParts } from '../json-text.js'
import type { FaqFeed } from '../../types/feed-faq.js'
import type { ApiEntry } from '../../types/api-entry.js'

/**
 * Q&A JSON (our schema, dist/api/schemas/faq.schema.json), per locale and overall: a part per entry, made
 * from its pairs when they changed and copied from the last build's file when not.
 */
export const faqJson: Emitter = function* (input) {
  yield ['feeds/faq.json', faqFile(input, null, input.entries)]
  yield* perLocale(input, (locale, entries) => [[`feeds/${locale}/faq.json`, faqFile(input, locale, entries)]])
}

function faqFile(input: FeedInput, locale: string | null, entries: readonly ApiEntry[]) {
  const relative = locale === null ? 'feeds/faq.json' : `feeds/${locale}/faq.json`
  const fields: Omit<FaqFeed, 'pairs'> = { version: 1, locale }
  return input.parts(
    relative,
    jsonListGroupParts(
      fields,
      'pairs',
      entries.map((entry) => ({ inputs: input.pairs.inputs(entry), count: input.pairs.count(entry), values: () => input.pairs.of(entry) }))
    )
  )
}
