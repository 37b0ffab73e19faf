import { isLocalImage, formatOfPath } from '../../validate/images.js'
import { imageReferencePath } from '../../validate/media-files.js'
import { fallbackPath, mediaPlaceholder, mediaPlaceholderPrefix, mimeTypes, placeImagesInHtml, type ImageLookup, type PublishedImage } from '../media-urls.js'
import type { Code, Definition, InlineCode, RootContent } from 'mdast'
import type { Root } from 'mdast'
import { renderNodes } from '../render-html.js'
import { markdownExport } from '../markdown-export.js'
import { entryApiPath, entryPagePath, siteUrl } from '../site-paths.js'
import { entryKey, internalTarget, type EntryLookup, type ValidEntry } from '../../validate/cross-entry.js'
import { isOutdated } from '../../validate/source-version.js'
import type { ParsedBody, Section } from '../../parse/sections.js'
import type { SectionKey } from '../../parse/section-model.js'
import type { ApiEntry, ApiSection, ApiSections } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'

/**
 * What compiling one entry gives without looking at any other entry: a pure function of the entry and the
 * config, so the build engine caches it by content hash and computes it in worker threads.
 */
export interface CompiledEntry {
  /** The API record without `translations`, `related` and `outdated`, which depend on other entries (see linkEntry). */
  api: Omit<ApiEntry, 'translations' | 'related' | 'outdated'>
  /** The entry as Markdown, titled, for llms.txt: what its HTML shows (see markdownExport). */
  markdown: string
}

/** What listings, indexes and links to the entry read: the compiled record less its rendered body. */
export type CompiledHead = Omit<CompiledEntry['api'], 'sections' | 'html' | 'text'>

/** The rendered body: most of a compiled entry's bytes, read only by the outputs that carry the entry whole. */
export interface CompiledBody {
  sections: ApiSections
  html: string
  text: string
  markdown: string
}

/**
 * A compiled entry as the build holds it: the head at hand, the body fetched when an output needs it (kept
 * serialized meanwhile, so memory does not grow with every entry's rendered HTML).
 */
export interface HeldCompiled {
  head: CompiledHead
  body: () => CompiledBody
  /** How many FAQ items the body holds: the Q&A feeds fetch the body only of an entry that has some. */
  faqItems: number
}

export function splitCompiled(compiled: CompiledEntry): { head: CompiledHead; body: CompiledBody; faqItems: number } {
  const { sections, html, text, ...head } = compiled.api
  return { head, body: { sections, html, text, markdown: compiled.markdown }, faqItems: sections.faq?.items.length ?? 0 }
}

const faqItemCounts = new WeakMap<object, number>()

/** How many FAQ items an entry's record holds, read from its held body only when linkEntry did not say. */
export function faqItemCount(entry: Pick<ApiEntry, 'sections'>): number {
  return faqItemCounts.get(entry) ?? entry.sections.faq?.items.length ?? 0
}

export interface CompileContext {
  config: KbConfig
  lookup: EntryLookup
  /** `entryKey(locale, id)` of every entry this build publishes. */
  built: ReadonlySet<string>
  /** The published image an entry of `locale` shows at a KB-relative path (see build/media.ts). */
  media?: (locale: string, reference: string) => PublishedImage | undefined
}

/** One parsed, valid entry → its API record (less the links to other entries) and its Markdown export. */
export function compileEntry(entry: ValidEntry, tree: Root | undefined, body: ParsedBody | undefined, config: KbConfig): CompiledEntry {
  const { frontmatter, location } = entry
  const images = tree ? placeholdImages(entry, tree) : []
  const linksRewritten = (tree ? rewriteEntryLinks(entry, tree.children) : false) || images.length > 0
  const whole = renderNodes(tree ? tree.children.filter((node) => node.type !== 'yaml') : [])
  const sections: ApiSections = {}
  // A reference link (`[text][ref]`) may be defined anywhere in the file, often at its end: each section
  // is rendered with every definition, which renders as nothing, so its links resolve as in the whole page.
  const definitions = tree ? definitionsIn(tree.children) : []
  for (const [key, section] of Object.entries(body?.sections ?? {}) as [SectionKey, Section][]) sections[key] = compileSection(section, definitions)
  const category = config.categories.find((item) => item.id === frontmatter.category)
  const api: CompiledEntry['api'] = {
    id: frontmatter.id,
    locale: location.locale,
    type: frontmatter.type,
    title: frontmatter.title,
    summary: frontmatter.summary,
    category: { id: frontmatter.category, name: category?.name[location.locale] ?? category?.name[config.defaultLocale] ?? frontmatter.category },
    tags: frontmatter.tags ?? [],
    status: frontmatter.status,
    updated: frontmatter.updated,
    ...(frontmatter.reviewed === undefined ? {} : { reviewed: frontmatter.reviewed }),
    platforms: frontmatter.platforms ?? [],
    keywords: frontmatter.keywords ?? [],
    url: siteUrl(config, entryPagePath(location.locale, frontmatter.category, frontmatter.id)),
    source: entry.file.path,
    contentHash: entry.contentHash,
    // Placeholders until the build knows the published files (see linkEntry).
    images: images.map(({ src, alt }) => ({ src, alt, width: 1, height: 1, type: 'image/png' as const })),
    sections,
    html: whole.html,
    text: whole.text
  }
  // The source can be the export's body only where the tree still says what the file says.
  const source = !linksRewritten && typeof entry.file.value === 'string' ? entry.file.value : undefined
  return { api, markdown: markdownExport(frontmatter.title, frontmatter.summary, tree?.children ?? [], source) }
}

/**
 * The compiled entry with its translations and related entries, as far as this build publishes them. Its
 * `sections`, `html` and `text` are read from the held body when used (JSON.stringify and spreading read
 * them like plain properties, in the same key order), so a record costs little until an output needs it.
 */
export function linkEntry(entry: ValidEntry, compiled: HeldCompiled, context: CompileContext): ApiEntry {
  const { frontmatter, location } = entry
  const { config, lookup } = context
  const translations = config.locales
    .filter((locale) => locale !== location.locale && context.built.has(entryKey(locale, frontmatter.id)))
    .flatMap((locale) => {
      const other = lookup.byLocaleAndId.get(entryKey(locale, frontmatter.id))
      if (!other) return []
      const source = lookup.byLocaleAndId.get(entryKey(config.defaultLocale, frontmatter.id))
      return [
        {
          locale,
          title: other.frontmatter.title,
          url: siteUrl(config, entryPagePath(locale, other.frontmatter.category, other.frontmatter.id)),
          api: entryApiPath(locale, other.frontmatter.id),
          updated: other.frontmatter.updated,
          outdated: locale !== config.defaultLocale && source !== undefined && isOutdated(other, source)
        }
      ]
    })
  const related = (frontmatter.related ?? []).flatMap((id) => {
    // Not translated yet: the source locale's entry (reported as related-untranslated).
    const inLocale = [location.locale, config.defaultLocale].find((candidate) => lookup.byLocaleAndId.has(entryKey(candidate, id)) && context.built.has(entryKey(candidate, id)))
    const target = inLocale === undefined ? undefined : lookup.byLocaleAndId.get(entryKey(inLocale, id))
    if (!target || inLocale === undefined) return []
    return [{ id, title: target.frontmatter.title, url: siteUrl(config, entryPagePath(inLocale, target.frontmatter.category, id)), api: entryApiPath(inLocale, id) }]
  })
  const source = location.locale === config.defaultLocale ? undefined : lookup.byLocaleAndId.get(entryKey(config.defaultLocale, frontmatter.id))
  const outdated = source !== undefined && isOutdated(entry, source)
  // Key order is the published order: the links to other entries sit before the sections. Copied with
  // Object.assign, not spread: once the body getters were added, V8 gave every spread copy after the first
  // few a shape of its own (the head's keys are kb's own, never a `__proto__` from content).
  const record = Object.assign({}, compiled.head, { outdated, translations, related }) as ApiEntry
  faqItemCounts.set(record, compiled.faqItems)
  let place: ((html: string) => string) | undefined
  if (compiled.head.images.length > 0) {
    // Images: the published files in place of the placeholders, relative to the entry's page.
    const pagePath = entryPagePath(location.locale, frontmatter.category, frontmatter.id)
    const find: ImageLookup = (reference) => context.media?.(location.locale, reference)
    place = (html: string) => placeImagesInHtml(html, pagePath, find)
    record.images = compiled.head.images.flatMap((image) => {
      const published = find(decodeURIComponent(image.src.slice(mediaPlaceholderPrefix.length)))
      return published ? [{ src: siteUrl(config, fallbackPath(published)), width: published.width, height: published.height, alt: image.alt, type: mimeTypes[published.fallback] }] : []
    })
  }
  Object.defineProperty(record, bodySourceKey, { value: { body: compiled.body, place } satisfies BodySource })
  for (const [key, get] of bodyFields) Object.defineProperty(record, key, { enumerable: true, configurable: true, get })
  return record
}

/** Where a linked record's body fields are read from: its held body, and how its images' files are placed in HTML. */
interface BodySource {
  body: () => CompiledBody
  place: ((html: string) => string) | undefined
}

/** Hidden from JSON, spreading and Object.keys: a non-enumerable property under a symbol. */
const bodySourceKey = Symbol('body source')

function bodySourceOf(record: unknown): BodySource {
  return (record as { [bodySourceKey]: BodySource })[bodySourceKey]
}

/**
 * The body fields' getters, one function each for every record: V8 gives records whose accessors are the same
 * functions one shape. With closures of their own, every record after the first few became a dictionary (a
 * hash table of its own, slower to read), each with three closures and their contexts: 9,000 of them on the
 * tldr KB, alive through the compile step.
 */
const bodyFields = [
  [
    'sections',
    function sections(this: unknown): ApiSections {
      const { body, place } = bodySourceOf(this)
      if (!place) return body().sections
      const placed: ApiSections = {}
      for (const [key, section] of Object.entries(body().sections) as [keyof ApiSections, ApiSection][]) placed[key] = { ...section, html: place(section.html), items: section.items.map((item) => ({ ...item, html: place(item.html) })) }
      return placed
    }
  ],
  [
    'html',
    function html(this: unknown): string {
      const { body, place } = bodySourceOf(this)
      return place ? place(body().html) : body().html
    }
  ],
  [
    'text',
    function text(this: unknown): string {
      return bodySourceOf(this).body().text
    }
  ]
] as const

function compileSection(section: Section, definitions: readonly Definition[]): ApiSection {
  const rendered = renderNodes([...section.nodes, ...definitions])
  const items = section.items.map((item) => ({ item, content: renderNodes([...item.nodes, ...definitions]) }))
  const compiled: ApiSection = {
    heading: section.heading,
    anchor: section.anchor,
    html: rendered.html,
    text: rendered.text,
    items: items.map(({ item, content }) => ({
      ...(item.title === undefined ? {} : { title: item.title }),
      ...(item.anchor === undefined ? {} : { anchor: item.anchor }),
      html: content.html,
      text: content.text
    }))
  }
  if (section.key === 'symptoms') compiled.errorMessages = literalMessages(section.nodes)
  return compiled
}

function definitionsIn(nodes: readonly RootContent[]): Definition[] {
  const found: Definition[] = []
  const visit = (node: RootContent): void => {
    if (node.type === 'definition') found.push(node)
    else if ('children' in node) for (const child of node.children) visit(child as RootContent)
  }
  for (const node of nodes) visit(node)
  return found
}

/** Error messages readers see, as the editor quoted them in inline code or code blocks. */
function literalMessages(nodes: readonly RootContent[]): string[] {
  const found: string[] = []
  const visit = (node: RootContent | InlineCode | Code): void => {
    if ((node.type === 'inlineCode' || node.type === 'code') && node.value.trim() && !found.includes(node.value.trim())) found.push(node.value.trim())
    if ('children' in node) for (const child of node.children) visit(child as RootContent)
  }
  for (const node of nodes) visit(node)
  return found
}

/**
 * Each image of the KB becomes a placeholder naming the file it resolves to (see media-urls.ts), in the tree
 * the HTML and the Markdown export are made from; a definition an image uses by reference too. Images kb
 * check refuses (other sites, other formats) stay as written: the build does not run with them.
 */
function placeholdImages(entry: ValidEntry, tree: Root): { src: string; alt: string }[] {
  const found: { src: string; alt: string }[] = []
  const byReference = new Set<string>()
  type Node = { type: string; url?: string; alt?: string | null; identifier?: string; children?: unknown[] }
  const visit = (node: Node, act: (node: Node) => void): void => {
    act(node)
    if (Array.isArray(node.children)) for (const child of node.children) visit(child as Node, act)
  }
  const placeholder = (url: string) => (isLocalImage(url) && formatOfPath(url) ? mediaPlaceholder(imageReferencePath(entry.file.path, url)) : undefined)
  visit(tree as Node, (node) => {
    if (node.type === 'imageReference' && node.identifier !== undefined) byReference.add(node.identifier)
  })
  visit(tree as Node, (node) => {
    if (node.type === 'definition' && node.identifier !== undefined && byReference.has(node.identifier) && node.url !== undefined) node.url = placeholder(node.url) ?? node.url
  })
  const definitions = new Map<string, string>()
  visit(tree as Node, (node) => {
    if (node.type === 'definition' && node.identifier !== undefined && node.url !== undefined && !definitions.has(node.identifier)) definitions.set(node.identifier, node.url)
  })
  visit(tree as Node, (node) => {
    if (node.type === 'image' && node.url !== undefined) {
      node.url = placeholder(node.url) ?? node.url
      if (node.url.startsWith(mediaPlaceholderPrefix)) found.push({ src: node.url, alt: node.alt ?? '' })
    } else if (node.type === 'imageReference' && node.identifier !== undefined) {
      const url = definitions.get(node.identifier)
      if (url?.startsWith(mediaPlaceholderPrefix)) found.push({ src: url, alt: node.alt ?? '' })
    }
  })
  return found
}

/** Links to other entries' Markdown files become links to their pages (the same relative path, `.html`); whether any did. */
function rewriteEntryLinks(entry: ValidEntry, nodes: readonly RootContent[]): boolean {
  let rewritten = false
  const visit = (node: RootContent): void => {
    if ((node.type === 'link' || node.type === 'definition') && internalTarget(entry.file.path, node.url)?.path?.endsWith('.md')) {
      node.url = node.url.replace(/\.md(?=$|[#?])/, '.html')
      rewritten = true
    }
    if ('children' in node) for (const child of node.children) visit(child as RootContent)
  }
  for (const node of nodes) visit(node)
  return rewritten
}
