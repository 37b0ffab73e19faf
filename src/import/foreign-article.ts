import type { Root } from 'mdast'

/** The source shapes `kb import` reads; `auto` picks one per file (see detectShape). */
export type ImportShape = 'seed' | 'markdown' | 'zendesk-json'

/**
 * One article as another tool left it, read but not yet mapped: its metadata as data (no code ever runs),
 * its title where the source gives one, and its body as a Markdown tree.
 */
export interface ForeignArticle {
  /** The file it came from, and for a file of many articles (a Zendesk export), which one. */
  origin: string
  shape: Exclude<ImportShape, 'auto'>
  /** Frontmatter or export fields, every key as read (mapped ones included). */
  metadata: Record<string, unknown>
  title: string | undefined
  /** A summary the source states as such (a description, the quote under an exported title). */
  summary: string | undefined
  body: Root
  /** What reading it already set aside, with the text, so the report keeps every word. */
  notes: ImportNote[]
}

/** Something the import changed, kept out or could not map, with the source text it concerns. */
export interface ImportNote {
  kind: 'dropped' | 'moved' | 'converted' | 'unmapped' | 'frontmatter'
  what: string
  /** The same in Chinese, for a report read in zh-CN. */
  whatZh: string
  /** The source text concerned, as written: the report carries it, so no sentence is lost. */
  text?: string
  line?: number
}
