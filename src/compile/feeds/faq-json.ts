import { perLocale, type Emitter } from './feed-input.js'
import { json } from '../json-text.js'
import type { FaqFeed } from '../../types/feed-faq.js'

/** Q&A JSON (our schema, dist/api/schemas/faq.schema.json), per locale and overall. */
export const faqJson: Emitter = (input) => [
  ['feeds/faq.json', json({ version: 1, locale: null, pairs: [...input.pairs] } satisfies FaqFeed)],
  ...perLocale(input, (locale, pairs) => [[`feeds/${locale}/faq.json`, json({ version: 1, locale, pairs: [...pairs] } satisfies FaqFeed)]])
]
