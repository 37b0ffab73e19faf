import path from 'node:path'
import { parseDocument } from 'yaml'
import type { Root } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { parseMarkdown } from '../parse/markdown.js'
import { headingsFromBoldLines, listsFromBulletQuotes } from './seed-shape.js'
import { zendeskArticles } from './zendesk-export.js'
import type { ForeignArticle, ImportNote, ImportShape } from './foreign-article.js'

const alertMarker = /^\s*\[!/

/** A file with NUL bytes: an image, an archive, a document, not an article. */
export class BinaryFileError extends Error {
  constructor() {
    super('a binary file, not text: nothing to import')
  }
}

/**
 * One source file as the articles it holds (one, or every article of a Zendesk export), read as data:
 * frontmatter is parsed as YAML (JSON's subset included) and never run, whatever its opening line says.
 */
export function readArticles(origin: string, bytes: Uint8Array, shape: ImportShape | 'auto'): ForeignArticle[] {
  if (bytes.includes(0)) throw new BinaryFileError()
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const chosen = shape === 'auto' ? detectShape(origin, text) : shape
  if (chosen === 'zendesk-json') return zendeskArticles(origin, text)
  return [markdownArticle(origin, text, chosen)]
}

/** `.json` is a Zendesk export; Markdown with frontmatter or headings is Markdown; bold-line posts are the seed shape. */
export function detectShape(origin: string, text: string): Exclude<ImportShape, 'auto'> {
  if (path.extname(origin).toLowerCase() === '.json') return 'zendesk-json'
  if (/^(?:---|\+\+\+)/.test(text)) return 'markdown'
  const headings = text.match(/^#{1,6}\s/gm)?.length ?? 0
  const boldLines = text.match(/^\*\*[^*\n]{1,60}\*\*\s*$/gm)?.length ?? 0
  return boldLines >= 2 && boldLines > headings ? 'seed' : 'markdown'
}

function markdownArticle(origin: string, text: string, shape: 'seed' | 'markdown'): ForeignArticle {
  const notes: ImportNote[] = []
  const { metadata, bodyText } = splitForeignFrontmatter(text, notes)
  const body = parseMarkdown(bodyText)
  let title: string | undefined
  let summary: string | undefined
  if (shape === 'seed') {
    title = headingsFromBoldLines(body).title
  } else {
    const first = body.children.findIndex((node) => node.type === 'heading' && node.depth === 1)
    const heading = body.children[first]
    const beforeIt = body.children.slice(0, Math.max(0, first))
    if (heading && beforeIt.every((node) => node.type === 'html' || node.type === 'definition')) {
      title = toString(heading).trim()
      body.children.splice(first, 1)
      const stated = metadata['title']
      // The page's heading and the frontmatter title often differ (Microsoft Learn): the title wins, the heading is reported.
      if (typeof stated === 'string' && stated.trim() !== '' && stated.trim() !== title) notes.push({ kind: 'frontmatter', what: 'the first heading differs from the frontmatter title, which became the title; the heading was not kept', whatZh: '第一个标题和文件头的 title 不同：用 title 作标题，这个标题没有保留', text: title, line: heading.position?.start.line })
      // kb's own Markdown export: the summary is the quote right under the title (unless the frontmatter states one).
      const next = body.children[first]
      const statesSummary = ['description', 'summary'].some((key) => typeof metadata[key] === 'string' && String(metadata[key]).trim() !== '')
      if (!statesSummary && next?.type === 'blockquote' && next.children.length === 1 && next.children[0]?.type === 'paragraph' && alertMarker.test(toString(next)) === false) {
        summary = toString(next).trim()
        body.children.splice(first, 1)
      }
    }
  }
  listsFromBulletQuotes(body)
  // Later level-1 headings are sections like the others.
  for (const node of body.children) if (node.type === 'heading' && node.depth === 1) node.depth = 2
  return { origin, shape, metadata, title, summary, body: body as Root, notes }
}

/**
 * The frontmatter's data and the body, the body keeping its line numbers (the frontmatter's lines left
 * blank). YAML between `---` lines is read; JavaScript frontmatter (`---js`) is never run, and TOML (`+++`)
 * is read for its simple `key = value` lines; what is not read is reported with its text.
 */
export function splitForeignFrontmatter(text: string, notes: ImportNote[]): { metadata: Record<string, unknown>; bodyText: string } {
  const yamlBlock = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text)
  const otherBlock = /^(---[^\n]+|\+\+\+)[ \t]*\n([\s\S]*?)\n(---|\+\+\+)[ \t]*(?:\n|$)/.exec(text)
  const block = yamlBlock ?? otherBlock
  if (!block) return { metadata: {}, bodyText: text }
  const blank = '\n'.repeat(block[0].split('\n').length - 1)
  const bodyText = blank + text.slice(block[0].length)
  if (yamlBlock) {
    const document = parseDocument(yamlBlock[1] ?? '', { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false })
    let data: unknown
    try {
      data = document.errors.length === 0 ? document.toJS({ maxAliasCount: 100 }) : undefined
    } catch {
      // An alias bomb, for one: the frontmatter is reported with its text, the article still imported.
      data = undefined
    }
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) return { metadata: data as Record<string, unknown>, bodyText }
    notes.push({ kind: 'frontmatter', what: 'frontmatter kb cannot read (not valid YAML, or aliases that expand without end) was not read', whatZh: '文件头无法读取（不是有效的 YAML，或别名无限展开），没有读取', text: yamlBlock[1], line: 2 })
    return { metadata: {}, bodyText }
  }
  if (block[1] === '+++') return { metadata: tomlKeys(block[2] ?? '', notes), bodyText }
  notes.push({ kind: 'frontmatter', what: `frontmatter in \`${(block[1] ?? '').slice(3).trim()}\` (code) was neither run nor read`, whatZh: `\`${(block[1] ?? '').slice(3).trim()}\` 写的文件头（代码）既没有运行也没有读取`, text: block[2], line: 2 })
  return { metadata: {}, bodyText }
}

/** The `key = "string"`, `key = [list]`, `key = number|date|bool` lines of TOML frontmatter. */
function tomlKeys(text: string, notes: ImportNote[]): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    const match = /^\s*([\w.-]+)\s*=\s*(.+?)\s*$/.exec(line)
    const value = match?.[2]
    const parsed = value === undefined ? undefined : tomlValue(value)
    if (match?.[1] && parsed !== undefined) data[match[1]] = parsed
    else notes.push({ kind: 'frontmatter', what: 'a TOML frontmatter line kb does not read', whatZh: 'kb 读不了的一行 TOML 文件头', text: line, line: index + 2 })
  }
  return data
}

function tomlValue(value: string): unknown {
  const quoted = /^"((?:[^"\\]|\\.)*)"$|^'([^']*)'$/.exec(value)
  if (quoted) return quoted[2] ?? JSON.parse(`"${quoted[1] ?? ''}"`)
  if (/^\[.*\]$/.test(value)) {
    const items = [...value.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((item) => item[2] ?? (JSON.parse(`"${item[1] ?? ''}"`) as string))
    return items
  }
  if (/^(true|false)$/.test(value)) return value === 'true'
  if (/^-?\d+(\.\d+)?$/.test(value) || /^\d{4}-\d{2}-\d{2}/.test(value)) return value
  return undefined
}
