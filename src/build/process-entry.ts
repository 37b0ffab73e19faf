import { reportInternalError } from '../diagnostics/internal-error.js'
import { entryText, readEntryFile } from '../load/read-entry-file.js'
import { parseEntry } from '../parse/entry.js'
import { checkEntryPlacement } from '../validate/entry-rules.js'
import { validateEntry, type EntryContext } from '../validate/entry.js'
import { isRelativeUrl, isValidEntry } from '../validate/cross-entry.js'
import { sourceVersion } from '../validate/source-version.js'
import { compileEntry, splitCompiled } from '../compile/api/entry.js'
import { serializeBody } from './held-body.js'
import { pairsOverLimits } from '../compile/feeds/emitters.js'
import { pairsOfEntry } from '../compile/feeds/qa-pairs.js'
import { sectionModel } from '../parse/section-model.js'
import { safetyPolicy } from '../validate/safety/policy.js'
import type { KbConfig } from '../types/config.js'
import type { CompiledHead } from '../compile/api/entry.js'
import { fromArtifact, toArtifact, type CheckedEntry, type EntryArtifact } from './entry-artifact.js'

export type { EntryContext }

/** What every entry of a run is checked against: the config, its section model and its safety policy. */
export function entryContext(config: KbConfig): EntryContext {
  return { config, model: sectionModel(config), policy: safetyPolicy(config) }
}

/**
 * One entry file through every step that needs only itself: read, parse, validate and, for a build,
 * compile. Whatever the entry does, it fails alone: an `internal-error` on its own file, never an exception.
 */
export function processEntry(relativePath: string, bytes: Uint8Array, context: EntryContext, compile: boolean): EntryArtifact {
  const entryFile = readEntryFile(relativePath, bytes)
  const { file, contentHash } = entryFile
  const location = checkEntryPlacement(file, relativePath, context.config)
  const entry: Omit<CheckedEntry, 'compiled'> = { file, contentHash, location, frontmatter: undefined, frontmatterPlaces: {}, links: [], images: [], anchors: new Set(), externalLinks: [], sourceVersion: undefined }
  let compiledParts: { head: CompiledHead; body: Uint8Array; faqItems: number } | undefined
  try {
    const parsed = parseEntry(entryFile, location?.locale ?? context.config.defaultLocale, context.model)
    const verdict = validateEntry(parsed, location, context)
    // Only links that may lead to another entry: every build reads each entry's links back from the cache for
    // the cross-entry rules, and on the tldr KB the others (external, with their places) were a sixth of it.
    Object.assign(entry, { frontmatter: verdict.frontmatter, externalLinks: verdict.externalLinks, frontmatterPlaces: parsed.frontmatterPlaces, links: parsed.links.filter((link) => isRelativeUrl(link.url)), images: parsed.images, anchors: parsed.body?.anchors ?? new Set() })
    if (verdict.frontmatter && parsed.text !== undefined) entry.sourceVersion = sourceVersion(verdict.frontmatter.title, verdict.frontmatter.summary, parsed.text)
    const related = (parsed.yaml?.data as { related?: unknown } | undefined)?.related
    if (!verdict.frontmatter && Array.isArray(related) && related.every((id) => typeof id === 'string')) entry.relatedAsWritten = related
    if (compile && isValidEntry(entry) && parsed.tree) {
      const compiled = compileEntry(entry, parsed.tree, parsed.body, context.config)
      const { head, body, faqItems } = splitCompiled(compiled)
      compiledParts = { head, body: serializeBody(body), faqItems }
      // Only published entries reach the feeds; the findings are reported by the build (see reportFeedLimits).
      if (compiled.api.status === 'published') entry.overLimits = pairsOverLimits(pairsOfEntry(compiled.api, context.config), context.config)
    }
  } catch (error) {
    Object.assign(entry, { frontmatter: undefined, frontmatterPlaces: {}, links: [], images: [], anchors: new Set(), externalLinks: [], sourceVersion: undefined })
    compiledParts = undefined
    delete entry.overLimits
    reportInternalError(file, error)
  }
  return toArtifact(entry, compile, compiledParts)
}

/** processEntry for a caller in the same thread (tests, benchmarks): the checked entry, its file holding its text. */
export function checkEntryHere(relativePath: string, bytes: Uint8Array, context: EntryContext, compile: boolean): CheckedEntry {
  const artifact = processEntry(relativePath, bytes, context, compile)
  const entry = fromArtifact(artifact)
  if (artifact.hasText) entry.file.value = entryText(bytes)
  return entry
}
