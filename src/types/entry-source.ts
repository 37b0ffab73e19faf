/* Generated from schemas/entry.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * What an editor writes: the frontmatter of content/<locale>/<category>/<id>.md and the sections found in its body. `x-kb-headings` lists, per locale, the `##` headings that name each section; `x-kb-shape` says how its Markdown is read.
 */
export type EntrySource = {
  frontmatter: Frontmatter
  sections: SourceSections
}
export type IsoDate = string
export type Id = string

export interface Frontmatter {
  /**
   * Stable id, the same in every translation and equal to the file name.
   */
  id: string
  type: 'troubleshooting' | 'howto' | 'faq'
  title: string
  /**
   * One or two plain sentences: used for search results, meta descriptions and feeds.
   */
  summary: string
  /**
   * A category id from kb.config.yaml, equal to the folder name.
   */
  category: string
  /**
   * @maxItems 12
   */
  tags?: string[]
  status: 'draft' | 'review' | 'published' | 'archived'
  updated: IsoDate
  reviewed?: IsoDate
  /**
   * @maxItems 12
   */
  related?: Id[]
  platforms?: ('web' | 'ios' | 'android' | 'desktop' | 'api')[]
  /**
   * Optional; when present it must equal the locale folder.
   */
  locale?: string
  /**
   * Extra search terms readers use (error codes, slang) that the text does not contain.
   */
  keywords?: string[]
  /**
   * Team or person who keeps the entry correct.
   */
  owner?: string
  /**
   * In a translation: the version of the source entry it translates, written by kb translate. The translation is outdated exactly when the source's title, summary or body changed since.
   */
  sourceHash?: string
  /**
   * URLs this entry may link to although a link-safety rule flags them, each with the reason (shown by `kb links`).
   */
  allow?: AllowedUrl[]
}
export interface AllowedUrl {
  url: string
  reason: string
}
export interface SourceSections {
  introduction?: Prose
  symptoms?: Prose1
  checklist?: List
  causes?: Subsections
  steps?: List1
  contactSupport?: Prose2
  warnings?: Prose3
  faq?: Subsections1
}
export interface Prose {
  heading?: string
  text: string
}
export interface Prose1 {
  heading?: string
  text: string
}
export interface List {
  heading?: string
  text: string
  /**
   * @minItems 1
   */
  items: [
    {
      text: string
    },
    ...{
      text: string
    }[]
  ]
}
export interface Subsections {
  heading?: string
  text?: string
  /**
   * @minItems 1
   */
  items: [
    {
      title: string
      text: string
    },
    ...{
      title: string
      text: string
    }[]
  ]
}
export interface List1 {
  heading?: string
  text: string
  /**
   * @minItems 1
   */
  items: [
    {
      text: string
    },
    ...{
      text: string
    }[]
  ]
}
export interface Prose2 {
  heading?: string
  text: string
}
export interface Prose3 {
  heading?: string
  text: string
}
export interface Subsections1 {
  heading?: string
  text?: string
  /**
   * @minItems 1
   */
  items: [
    {
      title: string
      text: string
    },
    ...{
      title: string
      text: string
    }[]
  ]
}
