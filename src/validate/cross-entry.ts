import type { ImageReference } from '../parse/entry.js'
import path from 'node:path'
import { report } from '../diagnostics/report.js'
import { reportInternalError } from '../diagnostics/internal-error.js'
import { decodeUri } from '../text/decode-uri.js'
import { isOutdated } from './source-version.js'
import { didYouMeanZh, suggest } from '../text/suggest.js'
import type { VFile } from 'vfile'
import type { Position } from 'unist'
import type { EntryPath } from '../parse/entry.js'
import type { ExternalLink } from './safety/check-entry-safety.js'
import type { KbConfig } from '../types/config.js'
import type { Frontmatter } from '../types/entry-source.js'

/**
 * What the rules across entries, the compile step and `kb links` need of one checked entry: small, plain data
 * (the build engine caches it per entry), with the entry's file to report on.
 */
export interface EntryFacts {
  file: VFile
  contentHash: string
  /** Locale, category and name from the file's path, when it has the expected shape. */
  location: EntryPath | undefined
  /** Set only when the frontmatter passed the schema. */
  frontmatter: Frontmatter | undefined
  /** Places of `id`, `category`, `updated` and `related.<n>` in the frontmatter. */
  frontmatterPlaces: Record<string, Position>
  /** Relative links found in the body. */
  links: { url: string; position: Position | undefined }[]
  /** Images in the body, as written (see media-files.ts for the files they point at). */
  images: ImageReference[]
  /** Heading and item anchors of the body. */
  anchors: ReadonlySet<string>
  /** External links and bare URLs with the safety rules' verdicts. */
  externalLinks: ExternalLink[]
  /** For a valid entry, the version its translations record (see source-version.ts). */
  sourceVersion: string | undefined
  /**
   * `related` as written when the frontmatter has other errors (a list of strings): its ids are still
   * checked, so every problem shows in one run instead of after the schema errors are fixed.
   */
  relatedAsWritten?: string[]
}

/** An entry whose frontmatter passed the schema and whose file sits where it should. */
export type ValidEntry = EntryFacts & { frontmatter: Frontmatter; location: EntryPath }

export function isValidEntry<T extends EntryFacts>(entry: T): entry is T & ValidEntry {
  return entry.frontmatter !== undefined && entry.location !== undefined
}

export interface EntryLookup {
  byLocaleAndId: ReadonlyMap<string, ValidEntry>
  byPath: ReadonlyMap<string, ValidEntry>
}

export function entryKey(locale: string, id: string): string {
  return `${locale}\u0000${id}`
}

/** Rules that need more than one entry: ids, related entries, links between entries and translations. */
export function checkCrossEntry(entries: readonly EntryFacts[], config: KbConfig): EntryLookup {
  const byLocaleAndId = new Map<string, ValidEntry>()
  const byPath = new Map<string, ValidEntry>()
  const valid = entries.filter(isValidEntry)
  for (const entry of valid) {
    const key = entryKey(entry.location.locale, entry.frontmatter.id)
    const first = byLocaleAndId.get(key)
    if (first) {
      const message = report(
        entry.file,
        'duplicate-id',
        `Unexpected id \`${entry.frontmatter.id}\` already used by \`${first.file.path}\`, expected a unique id per locale`,
        entry.frontmatterPlaces['id'],
        undefined,
        `id \`${entry.frontmatter.id}\` 已经被 \`${first.file.path}\` 用过了；同一语言下，每篇文章的 id 都不能重复`
      )
      message.cause = `first used in ${first.file.path}`
    } else {
      byLocaleAndId.set(key, entry)
    }
    byPath.set(entry.file.path.normalize('NFC'), entry)
  }
  const lookup = { byLocaleAndId, byPath }
  const failing = failingEntries(entries)
  const isolated = (entry: EntryFacts, check: () => void) => {
    try {
      check()
    } catch (error) {
      reportInternalError(entry.file, error)
    }
  }
  const pathsByName = entryPathsByName(lookup)
  for (const entry of entries) isolated(entry, () => checkLinks(entry, lookup, failing, pathsByName))
  for (const entry of entries) {
    if (isValidEntry(entry) || !entry.location || !entry.relatedAsWritten) continue
    const { location, relatedAsWritten } = entry
    isolated(entry, () => checkRelatedIds(entry, location, relatedAsWritten, lookup, failing, config))
  }
  for (const entry of valid) {
    isolated(entry, () => {
      checkRelated(entry, lookup, failing, config)
      if (entry.location.locale !== config.defaultLocale) checkTranslation(entry, lookup, config, failing)
    })
  }
  return lookup
}

/**
 * Entries that exist but failed their own checks (frontmatter or place), by path and by the id their file
 * name claims. A link or related id pointing at one is not reported as missing: the target's own errors
 * say what to fix, and a schema error in one entry must not read as a missing entry in every entry that links to it.
 */
interface FailingEntries {
  paths: ReadonlySet<string>
  ids: ReadonlySet<string>
}

function failingEntries(entries: readonly EntryFacts[]): FailingEntries {
  const paths = new Set<string>()
  const ids = new Set<string>()
  for (const entry of entries) {
    if (isValidEntry(entry)) continue
    paths.add(entry.file.path.normalize('NFC'))
    if (entry.location) ids.add(entryKey(entry.location.locale, entry.location.name))
  }
  return { paths, ids }
}

function isPublished(entry: ValidEntry): boolean {
  return entry.frontmatter.status === 'published'
}

function checkRelated(entry: ValidEntry, lookup: EntryLookup, failing: FailingEntries, config: KbConfig): void {
  checkRelatedIds(entry, entry.location, entry.frontmatter.related ?? [], lookup, failing, config, entry)
}

/** The related ids of an entry, valid or not (`published` is known only for a valid one). */
function checkRelatedIds(entry: EntryFacts, location: EntryPath, related: readonly string[], lookup: EntryLookup, failing: FailingEntries, config: KbConfig, valid?: ValidEntry): void {
  // Places are read only for a problem to report: an entry read back from the cache decodes them on demand.
  const { file } = entry
  related.forEach((id, index) => {
    // An id the schema refuses is reported there, once.
    if (!valid && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return
    const place = () => entry.frontmatterPlaces[`related.${index}`]
    if (id === (valid?.frontmatter.id ?? location.name)) {
      report(file, 'related-self', `Unexpected own id \`${id}\` in \`related\`, expected other entries`, place(), undefined, `\`related\` 里写了这篇文章自己的 id \`${id}\`，这里只应列出其他文章`)
      return
    }
    const key = entryKey(location.locale, id)
    const target = lookup.byLocaleAndId.get(key)
    if (!target) {
      if (failing.ids.has(key)) return
      // A translation may relate to an entry not translated yet: its page links the source locale's entry.
      const source = location.locale === config.defaultLocale ? undefined : lookup.byLocaleAndId.get(entryKey(config.defaultLocale, id))
      if (source) {
        report(file, 'related-untranslated', `Related entry \`${id}\` has no ${location.locale} translation yet, so the page links the ${config.defaultLocale} entry \`${source.file.path}\``, place(), undefined, `相关文章 \`${id}\` 还没有 ${location.locale} 译文，页面会链接到 ${config.defaultLocale} 文章 \`${source.file.path}\``)
        return
      }
      const close = suggest(id, [...lookup.byLocaleAndId.values()].filter((other) => other.location.locale === location.locale).map((other) => other.frontmatter.id))
      report(file, 'related-missing', `Unexpected related id \`${id}\`${close ? `, did you mean \`${close}\`?` : ','} expected an existing ${location.locale} entry`, place(), undefined, `没有 id 为 \`${id}\` 的 ${location.locale} 文章${didYouMeanZh(close)}`)
    } else if (valid && isPublished(valid) && !isPublished(target)) {
      report(file, 'link-unpublished', `Unexpected related entry \`${id}\` with status \`${target.frontmatter.status}\`, expected a published entry`, place(), undefined, `相关文章 \`${id}\` 的状态是 \`${target.frontmatter.status}\`，还没有发布；这里应写已发布的文章`)
    }
  })
}

function checkLinks(entry: EntryFacts, lookup: EntryLookup, failing: FailingEntries, pathsByName: () => ReadonlyMap<string, readonly string[]>): void {
  for (const link of entry.links) {
    const internal = internalTarget(entry.file.path, link.url)
    if (!internal) continue
    const target: EntryFacts | undefined = internal.path === undefined ? entry : lookup.byPath.get(internal.path)
    if (!target) {
      if (internal.path?.endsWith('.md') && !failing.paths.has(internal.path)) {
        const close = closestEntryPath(internal.path, pathsByName())
        // In the editor's own style: only the file name changed when the folder is the same.
        const sameFolder = close !== undefined && path.posix.dirname(close) === path.posix.dirname(internal.path)
        const written = close === undefined ? undefined : sameFolder ? link.url.replace(path.posix.basename(internal.path), path.posix.basename(close)) : path.posix.relative(path.posix.dirname(entry.file.path), close)
        report(entry.file, 'link-missing-entry', `Unexpected link to \`${link.url}\`: no entry at \`${internal.path}\`${written ? `, did you mean \`${written}\`?` : ','} expected an existing entry file`, link.position, undefined, `链接 \`${link.url}\` 指向的 \`${internal.path}\` 不存在${didYouMeanZh(written)}`)
      }
      continue
    }
    if (internal.anchor !== undefined && !target.anchors.has(internal.anchor)) {
      const shown = [...target.anchors].slice(0, 12).map((anchor) => `#${anchor}`)
      const known = shown.join(', ')
      const close = suggest(internal.anchor, [...target.anchors])
      report(entry.file, 'link-missing-anchor', `Unexpected anchor \`#${internal.anchor}\` in \`${link.url}\`${close ? `, did you mean \`#${close}\`?` : ','} expected one of: ${known || 'no headings'}`, link.position, undefined, `\`${link.url}\` 里的锚点 \`#${internal.anchor}\` 不存在${didYouMeanZh(close && `#${close}`)}可用的有：${shown.map((anchor) => `\`${anchor}\``).join('、') || '（没有标题）'}`)
    }
    if (target !== entry && isValidEntry(entry) && isValidEntry(target) && isPublished(entry) && !isPublished(target)) {
      report(entry.file, 'link-unpublished', `Unexpected link to \`${target.file.path}\` with status \`${target.frontmatter.status}\`, expected a published entry`, link.position, undefined, `链接指向的 \`${target.file.path}\` 状态是 \`${target.frontmatter.status}\`，还没有发布；这里应链接已发布的文章`)
    }
  }
}

/** The entry a mistyped link most likely meant: a close file name, in the same folder if there is one. */
function closestEntryPath(wanted: string, pathsByName: ReadonlyMap<string, readonly string[]>): string | undefined {
  const close = suggest(path.posix.basename(wanted, '.md'), [...pathsByName.keys()])
  const matching = close === undefined ? [] : (pathsByName.get(close) ?? [])
  const folder = path.posix.dirname(wanted)
  const locale = wanted.split('/')[1]
  return matching.find((candidate) => path.posix.dirname(candidate) === folder) ?? matching.find((candidate) => candidate.split('/')[1] === locale)
}

/** Entry paths by file name, made once per run and only when some link is broken. */
function entryPathsByName(lookup: EntryLookup): () => ReadonlyMap<string, readonly string[]> {
  let byName: Map<string, string[]> | undefined
  return () => {
    if (byName) return byName
    byName = new Map()
    for (const candidate of lookup.byPath.keys()) {
      const name = path.posix.basename(candidate, '.md')
      byName.set(name, [...(byName.get(name) ?? []), candidate])
    }
    return byName
  }
}

/** A URL without a scheme, not from the site root: the only kind of link that can lead to another entry (see internalTarget). */
export function isRelativeUrl(url: string): boolean {
  return !(/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/'))
}

/**
 * For a link written in an entry, the KB-relative path and anchor it points at, or undefined for external
 * and site-absolute links. A link of only `#anchor` has no path.
 */
export function internalTarget(fromPath: string, url: string): { path: string | undefined; anchor: string | undefined } | undefined {
  if (!isRelativeUrl(url)) return undefined
  const hashIndex = url.indexOf('#')
  const rawPath = hashIndex === -1 ? url : url.slice(0, hashIndex)
  const rawAnchor = hashIndex === -1 ? undefined : url.slice(hashIndex + 1)
  const pathPart = rawPath.split('?')[0] ?? ''
  const resolved = pathPart === '' ? undefined : path.posix.normalize(path.posix.join(path.posix.dirname(fromPath), decodeUri(pathPart))).normalize('NFC')
  return { path: resolved, anchor: rawAnchor === undefined || rawAnchor === '' ? undefined : decodeUri(rawAnchor).normalize('NFC') }
}

function checkTranslation(entry: ValidEntry, lookup: EntryLookup, config: KbConfig, failing: FailingEntries): void {
  const { frontmatter, file } = entry
  const key = entryKey(config.defaultLocale, frontmatter.id)
  const source = lookup.byLocaleAndId.get(key)
  if (!source) {
    if (failing.ids.has(key)) return
    const expected = `content/${config.defaultLocale}/${frontmatter.category}/${frontmatter.id}.md`
    report(file, 'translation-orphan', `Unexpected translation \`${frontmatter.id}\` without a ${config.defaultLocale} source entry, expected \`${expected}\``, entry.frontmatterPlaces['id'], undefined, `译文 \`${frontmatter.id}\` 没有 ${config.defaultLocale} 原文；原文应在 \`${expected}\``)
    return
  }
  if (source.frontmatter.category !== frontmatter.category) {
    report(file, 'translation-category', `Unexpected category \`${frontmatter.category}\`, expected \`${source.frontmatter.category}\` as in \`${source.file.path}\``, entry.frontmatterPlaces['category'], undefined, `分类写的是 \`${frontmatter.category}\`，应与原文 \`${source.file.path}\` 一样写 \`${source.frontmatter.category}\``)
  }
  if (!isOutdated(entry, source)) return
  if (frontmatter.sourceHash !== undefined && source.sourceVersion !== undefined) {
    const diff = `kb translate ${frontmatter.id} --to ${entry.location.locale} --diff`
    report(file, 'translation-outdated', `Outdated translation: its source \`${source.file.path}\` changed since it was translated; \`${diff}\` shows what changed`, entry.frontmatterPlaces['sourceHash'], undefined, `译文已过时：原文 \`${source.file.path}\` 在翻译之后改过了；运行 \`${diff}\` 可以看到改了什么`)
  } else {
    report(file, 'translation-outdated', `Outdated translation: updated ${frontmatter.updated}, but its source \`${source.file.path}\` was updated ${source.frontmatter.updated}`, entry.frontmatterPlaces['updated'], undefined, `译文已过时：译文的更新日期是 ${frontmatter.updated}，而原文 \`${source.file.path}\` 在 ${source.frontmatter.updated} 更新过`)
  }
}
