import type { Root } from 'mdast'
import { recoverUnspacedHeadings } from './unspaced-headings.js'
import type { VFile } from 'vfile'
import type { Position } from 'unist'
import { report } from '../diagnostics/report.js'
import type { EntryFile } from '../load/read-entry-file.js'
import { maskForeignFrontmatter, maxFrontmatterLength, readFrontmatter } from './frontmatter.js'
import { parseMarkdown } from './markdown.js'
import { findLimitBreach, findTooDeepNode, markdownLimits } from './markdown-limits.js'
import { readSections, type ParsedBody } from './sections.js'
import { placeOfPath, type YamlSource } from './yaml.js'
import type { SectionModel } from './section-model.js'

export interface EntryPath {
  locale: string
  category: string
  /** File name without extension. */
  name: string
}

/** One entry's file read as Markdown: frontmatter, tree and sections. Nothing here judges the content. */
export interface ParsedEntry {
  file: VFile
  contentHash: string
  /** The decoded text, or undefined when the bytes could not be an entry (reported on the file). */
  text: string | undefined
  yaml: YamlSource | undefined
  /** The Markdown tree; undefined when the body was refused by the Markdown limits (see bodyRefused). */
  tree: Root | undefined
  /** Frontmatter only, when the body was refused: the frontmatter is still checked. */
  frontmatterTree: Root | undefined
  body: ParsedBody | undefined
  /** Relative links found in the body, for the cross-entry rules. */
  links: { url: string; position: Position | undefined }[]
  /** Images in the body (`![alt](url)`, and `![alt][ref]` through its definition). */
  images: ImageReference[]
  /**
   * Places of the frontmatter values the cross-entry rules report on (`id`, `category`, `updated`,
   * `related.<n>`), kept as plain data so they can cross a worker boundary and sit in the cache.
   */
  frontmatterPlaces: Record<string, Position>
}

/** Parses a decoded entry file; the locale picks the section headings. */
/** An image as written: its address, its alt text and where it is. */
export interface ImageReference {
  url: string
  alt: string
  position: Position | undefined
}

export function parseEntry(entryFile: EntryFile, locale: string, model: SectionModel): ParsedEntry {
  const { file, text, contentHash } = entryFile
  const entry: ParsedEntry = { file, contentHash, text, yaml: undefined, tree: undefined, frontmatterTree: undefined, body: undefined, links: [], images: [], frontmatterPlaces: {} }
  if (text === undefined) return entry
  const { tree, bodyRefused } = parseBody(file, text)
  if (!tree) return entry
  entry.yaml = readFrontmatter(file, tree, text)
  if (entry.yaml) entry.frontmatterPlaces = frontmatterPlaces(entry.yaml, entry.yaml.data)
  if (bodyRefused) {
    entry.frontmatterTree = tree
    return entry
  }
  entry.tree = tree
  recoverUnspacedHeadings(file, tree)
  entry.body = readSections(file, tree, locale, model)
  entry.links = collectLinks(tree)
  entry.images = collectImages(tree)
  return entry
}

/**
 * The body, when Markdown limits refuse it, stays unparsed: only the frontmatter is read and reported on.
 * Frontmatter too large to read leaves no tree at all.
 */
function parseBody(file: VFile, text: string): { tree: Root | undefined; bodyRefused: boolean } {
  const masked = maskForeignFrontmatter(file, text)
  const frontmatter = frontmatterOnly(masked)
  if (frontmatter.text.length > maxFrontmatterLength) {
    // Not even the Markdown parser sees it: megabytes of YAML cost seconds before any rule runs.
    report(file, 'frontmatter-too-large', `Unexpected frontmatter of ${frontmatter.text.length} characters, expected at most ${maxFrontmatterLength}: long text belongs in the body`, { line: 1, column: 1 }, undefined, `文件头有 ${frontmatter.text.length} 个字符，最多只能有 ${maxFrontmatterLength} 个：长的文字应写在正文里`)
    return { tree: undefined, bodyRefused: true }
  }
  const breach = findLimitBreach(masked, frontmatter.lines)
  if (!breach) {
    try {
      const tree = parseMarkdown(masked)
      const deep = findTooDeepNode(tree)
      if (!deep) return { tree, bodyRefused: false }
      report(file, 'markdown-too-deep', deep.message, deep.place, undefined, deep.messageZh)
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      report(file, 'markdown-too-deep', `Unexpected Markdown nested too deep to parse (${error.message}), expected at most ${markdownLimits.treeDepth} levels`, { line: 1, column: 1 }, undefined, `Markdown 嵌套太深，无法解析（${error.message}），最多只能嵌套 ${markdownLimits.treeDepth} 层`)
    }
  } else {
    report(file, breach.kind === 'too-deep' ? 'markdown-too-deep' : 'markdown-too-complex', breach.message, breach.place, undefined, breach.messageZh)
  }
  return { tree: parseMarkdown(frontmatter.text), bodyRefused: true }
}

/** The frontmatter lines alone (places in them stay those of the file), and how many lines they are. */
function frontmatterOnly(text: string): { text: string; lines: number } {
  const lines = text.split('\n')
  const close = /^---[ \t]*\r?$/.test(lines[0] ?? '') ? lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*\r?$/.test(line)) : -1
  return { text: lines.slice(0, close + 1).join('\n') + '\n', lines: close + 1 }
}

function frontmatterPlaces(yaml: YamlSource, data: unknown): Record<string, Position> {
  const places: Record<string, Position> = {}
  const set = (key: string, path: (string | number)[]) => {
    const place = placeOfPath(yaml, path)
    if (place) places[key] = place
  }
  for (const key of ['id', 'category', 'updated', 'sourceHash']) set(key, [key])
  const related = (data as { related?: unknown } | null | undefined)?.related
  if (Array.isArray(related)) related.forEach((_id, index) => set(`related.${index}`, ['related', index]))
  return places
}

function collectImages(tree: Root): ImageReference[] {
  const definitions = new Map<string, string>()
  const images: ImageReference[] = []
  type Node = { type: string; url?: string; alt?: string | null; identifier?: string; position?: Position; children?: unknown[] }
  const visit = (node: Node, act: (node: Node) => void): void => {
    act(node)
    if (Array.isArray(node.children)) for (const child of node.children) visit(child as Node, act)
  }
  visit(tree, (node) => {
    if (node.type === 'definition' && node.identifier !== undefined && node.url !== undefined && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url)
  })
  visit(tree, (node) => {
    const url = node.type === 'image' ? node.url : node.type === 'imageReference' && node.identifier !== undefined ? definitions.get(node.identifier) : undefined
    if (url !== undefined) images.push({ url, alt: node.alt ?? '', position: node.position })
  })
  return images
}

function collectLinks(tree: Root): ParsedEntry['links'] {
  const links: ParsedEntry['links'] = []
  const visit = (node: { type: string; url?: string; position?: Position; children?: unknown[] }): void => {
    if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string') links.push({ url: node.url, position: node.position })
    if (Array.isArray(node.children)) for (const child of node.children) visit(child as typeof node)
  }
  visit(tree)
  return links
}
