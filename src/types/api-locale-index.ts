/* Generated from schemas/api/locale-index.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/api/locales/<locale>.json: the entries of one locale, newest updated first.
 */
export interface ApiLocaleIndex {
  locale: string
  title: string
  entries: ApiLocaleIndexEntry[]
}
export interface ApiLocaleIndexEntry {
  id: string
  type: 'troubleshooting' | 'howto' | 'faq'
  title: string
  summary: string
  category: string
  tags: string[]
  updated: string
  url: string
  api: string
}
