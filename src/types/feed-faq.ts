/* Generated from schemas/api/faq.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/feeds/faq.json and dist/feeds/<locale>/faq.json: every question-and-answer pair of the published KB.
 */
export interface FaqFeed {
  version: 1
  /**
   * The locale of every pair, or null in the overall file.
   */
  locale: string | null
  pairs: QaPair[]
}
export interface QaPair {
  /**
   * Stable across builds and the same in every locale: `<entry id>.faq-<n>` or `<entry id>.summary`.
   */
  id: string
  locale: string
  question: string
  answerText: string
  /**
   * Sanitized HTML.
   */
  answerHtml: string
  entryId: string
  /**
   * The entry page, with the question's anchor.
   */
  url: string
  category: string
  tags: string[]
  updated: string
  /**
   * The same pair in other locales.
   */
  translations: QaPairRef[]
}
export interface QaPairRef {
  locale: string
  id: string
}
