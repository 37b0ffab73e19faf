import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import type { Position } from 'unist'
import { report } from '../diagnostics/report.js'
import { reportInternalError } from '../diagnostics/internal-error.js'
import { readEntryFile } from '../load/read-entry-file.js'
import { validatorFor } from '../validate/schemas.js'
import { reportSchemaErrors } from '../validate/schema-errors.js'
import { checkEntryPlacement } from '../validate/entry-rules.js'
import { maskForeignFrontmatter, maxFrontmatterLength, readFrontmatter } from './frontmatter.js'
import { parseMarkdown } from './markdown.js'
import { findLimitBreach, findTooDeepNode, markdownLimits } from './markdown-limits.js'
import { readSections, type ParsedBody } from './sections.js'
import { placeOfPath, type YamlSource } from './yaml.js'
import type { SectionKey, SectionModel } from './section-model.js'
import { checkEntrySafety, type AllowedUrl, type ExternalLink } from '../validate/safety/check-entry-safety.js'
import type { SafetyPolicy } from '../validate/safety/policy.js'
import type { Frontmatter } from '../types/entry-source.js'
import type { KbConfig } from '../types/config.js'

export interface EntryPath {
  locale: string
  category: string
  /** File name without extension. */
  name: string
}

export interface ParsedEntry {
  file: VFile
  contentHash: string
  /** Locale, category and name from the file's path, when it has the expected shape. */
  location: EntryPath | undefined
  yaml: YamlSource | undefined
  /** Set only when the frontmatter passed the schema. */
  frontmatter: Frontmatter | undefined
  tree: Root | undefined
  body: ParsedBody | undefined
  /** Relative links found in the body, for the cross-entry rules. */
  links: { url: string; position: Position | undefined }[]
  /** External links and bare URLs with the safety rules' verdicts, for `kb links`. */
  externalLinks: ExternalLink[]
  /**
   * Places of the frontmatter values the cross-entry rules report on (`id`, `category`, `updated`,
   * `related.<n>`), kept as plain data so a parsed entry can cross a worker boundary.
   */
  frontmatterPlaces: Record<string, Position>
}

export interface EntryContext {
  config: KbConfig
  model: SectionModel
  policy: SafetyPolicy
}

/**
 * Everything about one entry that depends only on its own bytes, the config and the schemas. Being pure,
 * it can be cached by content hash and run in parallel.
 */
export function parseEntry(relativePath: string, bytes: Uint8Array, context: EntryContext): ParsedEntry {
  const { file, text, contentHash } = readEntryFile(relativePath, bytes)
  const location = checkEntryPlacement(file, relativePath, context.config)
  const entry: ParsedEntry = { file, contentHash, location, yaml: undefined, frontmatter: undefined, tree: undefined, body: undefined, links: [], externalLinks: [], frontmatterPlaces: {} }
  if (text === undefined) return entry
  try {
    readEntryText(entry, text, context)
  } catch (error) {
    // Whatever one entry does, it fails alone: its own diagnostic, and the rest of the KB is still checked.
    Object.assign(entry, { yaml: undefined, frontmatter: undefined, tree: undefined, body: undefined, links: [], externalLinks: [], frontmatterPlaces: {} })
    reportInternalError(file, error)
  }
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
    report(file, 'frontmatter-too-large', `Unexpected frontmatter of ${frontmatter.text.length} characters, expected at most ${maxFrontmatterLength}: long text belongs in the body`, { line: 1, column: 1 })
    return { tree: undefined, bodyRefused: true }
  }
  const breach = findLimitBreach(masked, frontmatter.lines)
  if (!breach) {
    try {
      const tree = parseMarkdown(masked)
      const deep = findTooDeepNode(tree)
      if (!deep) return { tree, bodyRefused: false }
      report(file, 'markdown-too-deep', deep.message, deep.place)
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      report(file, 'markdown-too-deep', `Unexpected Markdown nested too deep to parse (${error.message}), expected at most ${markdownLimits.treeDepth} levels`, { line: 1, column: 1 })
    }
  } else {
    report(file, breach.kind === 'too-deep' ? 'markdown-too-deep' : 'markdown-too-complex', breach.message, breach.place)
  }
  return { tree: parseMarkdown(frontmatter.text), bodyRefused: true }
}

/** The frontmatter lines alone (places in them stay those of the file), and how many lines they are. */
function frontmatterOnly(text: string): { text: string; lines: number } {
  const lines = text.split('\n')
  const close = /^---[ \t]*\r?$/.test(lines[0] ?? '') ? lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)[ \t]*\r?$/.test(line)) : -1
  return { text: lines.slice(0, close + 1).join('\n') + '\n', lines: close + 1 }
}

function readEntryText(entry: ParsedEntry, text: string, context: EntryContext): void {
  const { file, location } = entry
  const { tree, bodyRefused } = parseBody(file, text)
  if (!tree) return
  entry.tree = tree
  entry.yaml = readFrontmatter(file, tree, text)
  if (bodyRefused) {
    entry.tree = undefined
    if (entry.yaml) entry.externalLinks = checkEntrySafety(file, text, tree, entry.yaml, [], context.policy)
    return
  }
  const locale = location?.locale ?? context.config.defaultLocale
  entry.body = readSections(file, tree, locale, context.model)
  entry.links = collectLinks(tree)

  const data = entry.yaml?.data
  if (entry.yaml && data !== undefined) {
    const validate = validatorFor('entry.schema.json')
    const source = { frontmatter: data, sections: entry.body.source }
    if (validate(source)) {
      entry.frontmatter = data as Frontmatter
    } else {
      const frontmatterType = (data as { type?: unknown }).type
      reportSchemaErrors(file, validate.errors ?? [], {
        yaml: entry.yaml,
        yamlPrefix: '/frontmatter',
        places: entry.body.places,
        noun: 'frontmatter',
        fallback: placeOfPath(entry.yaml, []),
        describeSection: (key) => describeMissingSection(key, String(frontmatterType), locale, context.model),
        sectionHeading: (key) => entry.body?.sections[key as SectionKey]?.heading,
        skip: (error) => error.keyword === 'minItems' && [...(entry.body?.misshapen ?? [])].some((key) => error.instancePath === `/sections/${key}/items`)
      })
      // Later rules still need what can be trusted of the frontmatter.
      const errorsInFrontmatter = (validate.errors ?? []).some((error) => error.keyword !== 'if' && !error.instancePath.startsWith('/sections'))
      if (!errorsInFrontmatter) entry.frontmatter = data as Frontmatter
    }
    if (location) checkFrontmatterAgainstPath(file, entry.yaml, data, location, context.config)
  }
  entry.externalLinks = checkEntrySafety(file, text, tree, entry.yaml, allowedUrls(data), context.policy)
  if (entry.yaml) entry.frontmatterPlaces = frontmatterPlaces(entry.yaml, data)
}

function frontmatterPlaces(yaml: YamlSource, data: unknown): Record<string, Position> {
  const places: Record<string, Position> = {}
  const set = (key: string, path: (string | number)[]) => {
    const place = placeOfPath(yaml, path)
    if (place) places[key] = place
  }
  for (const key of ['id', 'category', 'updated']) set(key, [key])
  const related = (data as { related?: unknown } | null | undefined)?.related
  if (Array.isArray(related)) related.forEach((_id, index) => set(`related.${index}`, ['related', index]))
  return places
}

/** The entry's `allow` list as far as it is well formed (the schema reports the rest). */
function allowedUrls(data: unknown): AllowedUrl[] {
  const allow = (data as { allow?: unknown } | null | undefined)?.allow
  if (!Array.isArray(allow)) return []
  return allow.filter((item): item is AllowedUrl => typeof item?.url === 'string' && typeof item?.reason === 'string')
}

function describeMissingSection(key: string, type: string, locale: string, model: SectionModel): string {
  const heading = model.knownHeadings(locale).find((item) => item.key === key)?.heading ?? key
  return `section \`## ${heading}\` (${key}), required in ${type} entries`
}

/**
 * Checks frontmatter values against the file's place. Runs on the raw data, each check only when its
 * value has the right type, so these problems show in the same run as schema errors.
 */
function checkFrontmatterAgainstPath(file: VFile, yaml: YamlSource, data: unknown, location: EntryPath, config: KbConfig): void {
  if (typeof data !== 'object' || data === null) return
  const raw = data as Record<string, unknown>
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? raw[key] : undefined)
  const frontmatter = { id: text('id'), locale: text('locale'), category: text('category'), reviewed: text('reviewed'), updated: text('updated') }
  if (frontmatter.id !== undefined && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(frontmatter.id) && frontmatter.id !== location.name) {
    report(file, 'entry-id-mismatch', `Unexpected id \`${frontmatter.id}\` in \`${location.name}.md\`, expected \`${location.name}\``, placeOfPath(yaml, ['id']))
  }
  if (frontmatter.locale !== undefined && frontmatter.locale !== location.locale) {
    report(file, 'entry-locale-mismatch', `Unexpected locale \`${frontmatter.locale}\` in the \`${location.locale}\` folder, expected \`${location.locale}\``, placeOfPath(yaml, ['locale']))
  }
  if (frontmatter.category === undefined) {
    // Reported by the schema.
  } else if (!config.categories.some((category) => category.id === frontmatter.category)) {
    report(file, 'entry-category-unknown', `Unexpected category \`${frontmatter.category}\`, expected one of ${config.categories.map((category) => `\`${category.id}\``).join(', ')}`, placeOfPath(yaml, ['category']))
  } else if (frontmatter.category !== location.category) {
    report(file, 'entry-category-mismatch', `Unexpected category \`${frontmatter.category}\` in the \`${location.category}\` folder, expected \`${location.category}\``, placeOfPath(yaml, ['category']))
  }
  if (frontmatter.reviewed !== undefined && frontmatter.updated !== undefined && frontmatter.reviewed > frontmatter.updated) {
    report(file, 'entry-reviewed-after-updated', `Unexpected \`reviewed\` ${frontmatter.reviewed} after \`updated\` ${frontmatter.updated}, expected a review of the current text`, placeOfPath(yaml, ['reviewed']))
  }
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
