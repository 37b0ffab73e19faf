/* Generated from schemas/api/entry.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/api/entries/<locale>/<id>.json: one compiled entry.
 */
export interface ApiEntry {
  id: string
  locale: string
  type: 'troubleshooting' | 'howto' | 'faq'
  title: string
  summary: string
  category: ApiCategoryRef
  tags: string[]
  status: 'draft' | 'review' | 'published' | 'archived'
  updated: string
  reviewed?: string
  platforms: string[]
  keywords: string[]
  /**
   * The entry's HTML page, relative to the site root (absolute when baseUrl is set).
   */
  url: string
  /**
   * Path of the Markdown source, relative to the KB root.
   */
  source: string
  contentHash: string
  /**
   * The entry's images, in order, as published: each at the size its fallback file has (the site also serves WebP and narrower widths beside it). `src` is absolute under baseUrl, else relative to the site root.
   */
  images: ApiImage[]
  /**
   * True for a translation whose source entry changed since it was translated (or, without a recorded source version, was updated after it).
   */
  outdated: boolean
  translations: ApiTranslationRef[]
  related: ApiEntryRef[]
  sections: ApiSections
  /**
   * The whole body as sanitized HTML.
   */
  html: string
  /**
   * The whole body as plain text, for search.
   */
  text: string
}
export interface ApiCategoryRef {
  id: string
  name: string
}
export interface ApiImage {
  src: string
  width: number
  height: number
  alt: string
  type: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'
}
export interface ApiTranslationRef {
  locale: string
  title: string
  url: string
  api: string
  /**
   * When that entry was last updated: an outdated translation's page tells its readers how far behind its source it is.
   */
  updated: string
  /**
   * True when that translation is older than the source-locale entry.
   */
  outdated: boolean
}
export interface ApiEntryRef {
  id: string
  title: string
  url: string
  api: string
}
export interface ApiSections {
  introduction?: ApiSection
  symptoms?: ApiSection
  checklist?: ApiSection
  causes?: ApiSection
  steps?: ApiSection
  contactSupport?: ApiSection
  warnings?: ApiSection
  faq?: ApiSection
}
export interface ApiSection {
  /**
   * The heading as written; empty for the introduction.
   */
  heading: string
  /**
   * The heading's id in the page; empty for the introduction.
   */
  anchor: string
  /**
   * Sanitized HTML of the section without its heading (for causes and FAQ: the text before the first item).
   */
  html: string
  text: string
  /**
   * Checklist items, steps, list items of warnings/symptoms, causes (title = cause) or FAQ pairs (title = question).
   */
  items: ApiSectionItem[]
  /**
   * Literal messages (inline code) quoted in the symptoms.
   */
  errorMessages?: string[]
}
export interface ApiSectionItem {
  title?: string
  anchor?: string
  html: string
  text: string
}
