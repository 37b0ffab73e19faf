/* Generated from schemas/api/index.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/api/index.json: every built entry and the locales it exists in.
 */
export interface ApiIndex {
  brand: string
  /**
   * Only present when SOURCE_DATE_EPOCH is set.
   */
  generatedAt?: string
  defaultLocale: string
  locales: ApiLocaleRef[]
  entries: ApiIndexEntry[]
}
export interface ApiLocaleRef {
  locale: string
  title: string
  entries: number
  api: string
}
export interface ApiIndexEntry {
  id: string
  type: 'troubleshooting' | 'howto' | 'faq'
  category: string
  locales: {
    [k: string]: ApiIndexLocaleVersion
  }
}
export interface ApiIndexLocaleVersion {
  title: string
  summary: string
  updated: string
  url: string
  api: string
}
