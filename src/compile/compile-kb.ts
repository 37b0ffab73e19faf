import { readdirSync, readFileSync } from 'node:fs'
import { linkEntry, type CompileContext, type HeldCompiled } from './api/entry.js'
import { compileSite } from './site/compile-site.js'
import type { SearchTermsMemory } from './site/search-index.js'
import { partsAlways, recordKey, renderAlways, type PartsMemo, type RenderMemo } from './render-memo.js'
import { compileFeeds } from './feeds/emitters.js'
import { buildCategories, buildTags, indexParts, localeIndexParts } from './api/indexes.js'
import { entryApiPath, entryPagePath, localeIndexApiPath } from './site-paths.js'
import { placeImagesInMarkdown, type PublishedImage } from './media-urls.js'
import { entryKey, isValidEntry, type EntryFacts, type EntryLookup, type ValidEntry } from '../validate/cross-entry.js'
import { schemasDirectory } from '../load/package-files.js'
import { reportInternalError } from '../diagnostics/internal-error.js'
import type { ApiEntry } from '../types/api-entry.js'
import type { KbConfig } from '../types/config.js'
import { isStreamed, streamedText, type OutputFile } from './output-file.js'
import { json } from './json-text.js'

export interface CompileOptions {
  /** Also build `draft` and `review` entries (never `archived`). */
  drafts: boolean
  /** From SOURCE_DATE_EPOCH; output carries no time otherwise, so builds are byte-identical. */
  generatedAt: string | undefined
  /**
   * `site`: the help center only (pages, search, sitemap, assets), for the preview of `kb dev`, which serves
   * nothing else; the JSON API and the feeds are left out. Default `all`.
   */
  outputs?: 'all' | 'site'
  /** Entries' search terms kept between builds (kb dev; see SearchTermsMemory). */
  searchTerms?: SearchTermsMemory
}

/** The build's published images (see build/media.ts): how entries find them, and their files. */
export interface CompileMedia {
  lookup: (locale: string, reference: string) => PublishedImage | undefined
  images: readonly PublishedImage[]
  files: readonly { path: string; inputs: unknown; bytes: () => Uint8Array }[]
}

/** A checked entry and what compiling it alone gave (missing when it is not valid or compiling failed). */
export type CompilableEntry = EntryFacts & { compiled: HeldCompiled | undefined }

/**
 * Output files by path under dist/, as text, each yielded as soon as it is made, so the build streams them
 * to disk and nothing holds the whole output. A pure function of the checked KB and the options: the same
 * files in the same order.
 */
export function* compileFiles(kb: CompilableKb, options: CompileOptions, memo: RenderMemo = renderAlways, parts: PartsMemo = partsAlways, onLinked?: (entries: readonly ApiEntry[]) => void): Generator<OutputFile> {
  const media = kb.media
  // The images first: every page that shows one names its file.
  for (const file of media?.files ?? []) yield [file.path, memo(file.path, file.inputs, file.bytes)]
  const linked = linkEntries(kb, options)
  const apiEntries: ApiEntry[] = linked.map((entry) => entry.api)
  onLinked?.(apiEntries)
  const siteOnly = options.outputs === 'site'
  if (!siteOnly) {
    for (const entry of apiEntries) {
      const apiPath = entryApiPath(entry.locale, entry.id)
      yield [apiPath, memo(apiPath, recordKey(entry), () => json(entry))]
    }
    // Made of one part per entry: a change re-renders its entry's part, not the whole index.
    yield ['api/index.json', parts('api/index.json', indexParts(apiEntries, kb.config, options.generatedAt))]
    for (const locale of kb.config.locales) yield [localeIndexApiPath(locale), parts(localeIndexApiPath(locale), localeIndexParts(locale, apiEntries, kb.config))]
    yield ['api/categories.json', json(buildCategories(apiEntries, kb.config))]
    yield ['api/tags.json', json(buildTags(apiEntries, kb.config))]
    for (const [name, text] of apiSchemaFiles()) yield [`api/schemas/${name}`, text]
  }
  yield* compileSite(apiEntries, kb.config, memo, media?.images ?? [], options.searchTerms)
  if (siteOnly) return
  const markdownExports = new Map(linked.map((entry) => [`${entry.api.locale}/${entry.api.id}`, entry.markdown]))
  yield* compileFeeds(apiEntries, kb.config, markdownExports, memo, parts)
}

export interface CompilableKb {
  config: KbConfig
  lookup: EntryLookup
  entries: readonly CompilableEntry[]
  media?: CompileMedia
}

/** The entries a build with these options publishes, in the KB's order. */
export function includedEntries(kb: CompilableKb, options: CompileOptions): (CompilableEntry & ValidEntry)[] {
  return kb.entries.filter(isValidEntry).filter((entry) => isBuilt(entry, options))
}

/** What linking an entry reads besides the entry itself (see linkEntry). */
export function linkContext(kb: CompilableKb, included: readonly ValidEntry[]): CompileContext {
  const built = new Set(included.map((entry) => entryKey(entry.location.locale, entry.frontmatter.id)))
  return { config: kb.config, lookup: kb.lookup, built, ...(kb.media ? { media: kb.media.lookup } : {}) }
}

/**
 * Every entry the build publishes, linked to the others (see linkEntry), with its Markdown export. An entry
 * that fails is left out, with a diagnostic that stops the build; every other entry is still linked.
 */
export function linkEntries(kb: CompilableKb, options: CompileOptions): { api: ApiEntry; markdown: () => string }[] {
  const included = includedEntries(kb, options)
  const context = linkContext(kb, included)
  return included.flatMap((entry) => {
    const compiled = entry.compiled
    if (!compiled) return []
    try {
      const exportPath = entryPagePath(entry.location.locale, entry.frontmatter.category, entry.frontmatter.id).replace(/\.html$/, '.md')
      const lookup = (reference: string) => kb.media?.lookup(entry.location.locale, reference)
      return [{ api: linkEntry(entry, compiled, context), markdown: () => placeImagesInMarkdown(compiled.body().markdown, exportPath, lookup) }]
    } catch (error) {
      reportInternalError(entry.file, error)
      return []
    }
  })
}

/** The whole output in memory, by path: for tests and tools on small KBs. */
export function compileToMap(kb: Parameters<typeof compileFiles>[0], options: CompileOptions): Map<string, string> {
  // Without a memo every file is rendered: none is kept.
  return new Map([...compileFiles(kb, options)].map(([relative, text]) => [relative, typeof text === 'string' ? text : text instanceof Uint8Array ? Buffer.from(text).toString('latin1') : isStreamed(text) ? streamedText(text) : '']))
}

function isBuilt(entry: ValidEntry, options: CompileOptions): boolean {
  const status = entry.frontmatter.status
  return status === 'published' || (options.drafts && (status === 'draft' || status === 'review'))
}

/** The schemas of everything under dist/api/ and of the manifest, for consumers to validate against. */
function apiSchemaFiles(): [string, string][] {
  const apiDirectory = new URL('api/', schemasDirectory)
  const files: [string, string][] = readdirSync(apiDirectory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, readFileSync(new URL(name, apiDirectory), 'utf8')])
  files.push(['manifest.schema.json', readFileSync(new URL('manifest.schema.json', schemasDirectory), 'utf8')])
  return files
}
