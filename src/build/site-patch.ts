import { isDeepStrictEqual } from 'node:util'
import { includedEntries, linkContext, type CompilableKb, type CompileOptions } from '../compile/compile-kb.js'
import { linkEntry, type HeldCompiled } from '../compile/api/entry.js'
import { siteFilesShowingBodies } from '../compile/site/compile-site.js'
import { renderAlways } from '../compile/render-memo.js'
import { entryKey, isValidEntry, type ValidEntry } from '../validate/cross-entry.js'
import { isOutdated } from '../validate/source-version.js'
import { manifestName } from '../write/kb-manifest.js'
import type { OutputFile } from '../compile/output-file.js'
import type { ApiEntry } from '../types/api-entry.js'
import type { KbConfig } from '../types/config.js'
import type { SearchTermsMemory } from '../compile/site/search-index.js'
import type { CheckedEntry } from './entry-artifact.js'
import type { OutputMemo } from './output-memo.js'
import type { OutputState } from './output-state.js'

/**
 * What kb dev's last build of its preview compiled, kept in memory for the next one: a save that changes
 * entries' bodies and nothing else recompiles only the files that show those bodies (see
 * siteFilesShowingBodies) and keeps every other file as that build wrote it, without visiting it.
 */
export interface ResidentSite {
  last: SiteBuilt | undefined
}

export interface SiteBuilt {
  /** The output state that build recorded: the next build patches only an output with this record. */
  inputKey: string
  scanKey: string
  /** The build's options and the images as it found them: the next build patches only with the same. */
  context: string
  /** Every entry in the KB's order, with its linked record when the site shows it. */
  entries: BuiltEntry[]
}

interface BuiltEntry {
  path: string
  contentHash: string
  facts: HeadFacts
  /** The version its translations record (see source-version.ts): it follows the body. */
  sourceVersion: string | undefined
  api: ApiEntry | undefined
}

/**
 * What the rest of the site reads of an entry: its frontmatter (titles, dates, status, tags, links), where it
 * is, its images and its compiled head (the record less its body). Equal facts with other bytes: only the
 * body changed, and with it maybe the source version, which the translations' records read (see
 * translationsAsBefore).
 */
interface HeadFacts {
  frontmatter: unknown
  location: unknown
  images: unknown
  head: unknown
}

/** More changed entries than this are compiled the usual way: the patch pays for itself on a save, not on a checkout. */
const patchedAtMost = 64

/** What the build just written linked, and the facts of its entries, for the next build to patch. */
export function siteBuilt(entries: readonly CheckedEntry[], linked: readonly ApiEntry[], keys: { inputKey: string; scanKey: string }, context: string): SiteBuilt {
  const apiOf = new Map(linked.map((api) => [api.source, api]))
  return { inputKey: keys.inputKey, scanKey: keys.scanKey, context, entries: entries.map((entry) => ({ path: entry.file.path, contentHash: entry.contentHash, facts: headFacts(entry), sourceVersion: entry.sourceVersion, api: apiOf.get(entry.file.path) })) }
}

export interface SitePatch {
  /** Entries whose body alone changed. */
  entries: number
  /** Every output file: the recompiled ones and the others kept, in the order the last build wrote them. */
  files: () => Generator<OutputFile>
  /** The facts of this build once written with `keys`, for the next one. */
  built: (keys: { inputKey: string; scanKey: string }) => SiteBuilt
}

/**
 * The site of this build as a patch of the last one, when only entries' bodies changed since it and its
 * output is as it recorded; undefined otherwise (the build compiles everything, through its memo). The
 * changed entries' files are compiled here, before anything is written, so a file the last build did not
 * write stops the patch in time.
 */
export function planSitePatch(
  last: SiteBuilt | undefined,
  now: { kb: CompilableKb & { entries: readonly CheckedEntry[] }; options: CompileOptions; previous: OutputState | undefined; keys: { scanKey: string }; context: string; changedOutput: ReadonlySet<string>; memo: OutputMemo }
): SitePatch | undefined {
  const { kb, options, previous, memo } = now
  if (!last || !previous || options.outputs !== 'site' || now.changedOutput.size > 0) return undefined
  if (previous.inputKey !== last.inputKey || previous.scanKey !== last.scanKey || now.keys.scanKey !== last.scanKey || now.context !== last.context) return undefined
  if (kb.entries.length !== last.entries.length) return undefined
  const changed: { index: number; entry: CheckedEntry & ValidEntry; compiled: HeldCompiled }[] = []
  for (const [index, entry] of kb.entries.entries()) {
    const before = last.entries[index] as BuiltEntry
    if (before.path !== entry.file.path) return undefined
    if (before.contentHash === entry.contentHash) continue
    if (changed.length === patchedAtMost || !before.api || !isValidEntry(entry) || !entry.compiled || !isDeepStrictEqual(before.facts, headFacts(entry))) return undefined
    if (before.sourceVersion !== entry.sourceVersion && !translationsAsBefore(entry, before.sourceVersion, kb)) return undefined
    changed.push({ index, entry, compiled: entry.compiled })
  }
  if (changed.length === 0) return undefined
  const context = linkContext(kb, includedEntries(kb, options))
  const apiByIndex = last.entries.map((entry) => entry.api)
  const relinked = new Set<ApiEntry>()
  for (const { index, entry, compiled } of changed) {
    let api: ApiEntry
    try {
      api = linkEntry(entry, compiled, context)
    } catch {
      // The usual compile reports it at the entry.
      return undefined
    }
    apiByIndex[index] = api
    relinked.add(api)
  }
  const linked = apiByIndex.filter((api): api is ApiEntry => api !== undefined)
  const rendered = new Map(siteFilesShowingBodies(linked, kb.config, relinked, memo.memo, kb.media?.images ?? [], options.searchTerms))
  if ([...rendered.keys()].some((relative) => previous.files[relative] === undefined)) return undefined
  return {
    entries: changed.length,
    *files() {
      for (const relative of Object.keys(previous.files)) {
        if (relative === manifestName) continue
        const file = rendered.get(relative) ?? memo.keep(relative)
        // Checked above: the output is as recorded, so every recorded file is there to keep.
        if (file === undefined) throw new Error(`The site patch found no recorded file at ${relative}`)
        yield [relative, file]
      }
    },
    built: (keys) => ({
      ...last,
      inputKey: keys.inputKey,
      scanKey: keys.scanKey,
      entries: last.entries.map((entry, index) => {
        if (apiByIndex[index] === entry.api) return entry
        const now = kb.entries[index] as CheckedEntry
        return { ...entry, contentHash: now.contentHash, sourceVersion: now.sourceVersion, api: apiByIndex[index] }
      })
    })
  }
}

/**
 * Runs what a patched save runs (an entry's page and its search shard, rendered and thrown away), so the first
 * save after a start finds that code compiled and optimized, not interpreted: on the tldr KB that save's
 * compile took 0.43 s against 0.26 s for the saves after it.
 */
export function warmSitePatch(last: SiteBuilt, config: KbConfig, searchTerms?: SearchTermsMemory): void {
  const linked = last.entries.flatMap((entry) => (entry.api ? [entry.api] : []))
  const some = linked.find((api) => api.status === 'published')
  if (some) for (const file of siteFilesShowingBodies(linked, config, new Set([some]), renderAlways, [], searchTerms)) void file
}

function headFacts(entry: CheckedEntry): HeadFacts {
  const head = entry.compiled ? { ...entry.compiled.head, contentHash: undefined } : undefined
  // The images' addresses, not where they stand in the file: the published images depend on those alone.
  return { frontmatter: entry.frontmatter, location: entry.location, images: entry.images.map((image) => [image.url, image.alt]), head }
}

/**
 * Whether each translation of `source` is as outdated, or as current, as it was with the source's version
 * before: the records that show the translations (theirs and each other's) read that and nothing else of it.
 */
function translationsAsBefore(source: ValidEntry, versionBefore: string | undefined, kb: CompilableKb): boolean {
  for (const locale of kb.config.locales) {
    if (locale === source.location.locale) continue
    const translation = kb.lookup.byLocaleAndId.get(entryKey(locale, source.frontmatter.id))
    if (translation && isOutdated(translation, source) !== isOutdated(translation, { frontmatter: source.frontmatter, sourceVersion: versionBefore })) return false
  }
  return true
}
