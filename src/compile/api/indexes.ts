import { compareStrings } from '../../diagnostics/report.js'
import { entryApiPath, localeIndexApiPath } from '../site-paths.js'
import { groupBy } from '../group-by.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { ApiIndex, ApiIndexEntry } from '../../types/api-index.js'
import type { ApiLocaleIndex } from '../../types/api-locale-index.js'
import type { ApiCategories } from '../../types/api-categories.js'
import type { ApiTags, ApiTag } from '../../types/api-tags.js'
import type { KbConfig } from '../../types/config.js'
import { jsonListParts } from '../json-text.js'
import { recordKey, type FilePart } from '../render-memo.js'

/** Newest first, then by id: the order every listing uses. */
export function byNewest(a: Pick<ApiEntry, 'updated' | 'id'>, b: Pick<ApiEntry, 'updated' | 'id'>): number {
  return compareStrings(b.updated, a.updated) || compareStrings(a.id, b.id)
}

/**
 * The first `count` entries in byNewest's order, without sorting them all: a home page or a news feed shows
 * the few most recent of thousands.
 */
export function newestOf<T extends Pick<ApiEntry, 'updated' | 'id'>>(entries: readonly T[], count: number): T[] {
  const newest: T[] = []
  if (count <= 0) return newest
  for (const entry of entries) {
    const last = newest[newest.length - 1]
    if (newest.length === count && last !== undefined && byNewest(entry, last) >= 0) continue
    let at = newest.length
    while (at > 0 && byNewest(entry, newest[at - 1] as T) < 0) at--
    newest.splice(at, 0, entry)
    if (newest.length > count) newest.pop()
  }
  return newest
}

/**
 * api/index.json as parts (see jsonListParts): one per entry id, a function of that id's records, so a build
 * copies every id whose entries did not change from the last build's file.
 */
export function indexParts(entries: readonly ApiEntry[], config: KbConfig, generatedAt: string | undefined): FilePart[] {
  const byId = groupBy([...entries].sort((a, b) => compareStrings(a.id, b.id)), (entry) => entry.id)
  const fields: Omit<ApiIndex, 'entries'> = {
    brand: config.brand,
    ...(generatedAt === undefined ? {} : { generatedAt }),
    defaultLocale: config.defaultLocale,
    locales: config.locales.map((locale) => ({
      locale,
      title: config.title[locale] ?? config.brand,
      entries: entries.filter((entry) => entry.locale === locale).length,
      api: localeIndexApiPath(locale)
    }))
  }
  return jsonListParts(fields, 'entries', [...byId.values()].map((same) => ({ inputs: same.map(recordKey), value: () => indexEntry(same, config) })))
}

/** One id's line of the index: its type and category, and each locale's version in configured order. */
function indexEntry(same: readonly ApiEntry[], config: KbConfig): ApiIndexEntry {
  const first = same[0] as ApiEntry
  const record: ApiIndexEntry = { id: first.id, type: first.type, category: first.category.id, locales: {} }
  for (const entry of same) {
    // The source locale decides type and category; translations only add their locale.
    if (entry.locale === config.defaultLocale) Object.assign(record, { type: entry.type, category: entry.category.id })
    record.locales[entry.locale] = { title: entry.title, summary: entry.summary, updated: entry.updated, url: entry.url, api: entryApiPath(entry.locale, entry.id) }
  }
  // Locales in configured order, not in the order entries happened to be read.
  record.locales = Object.fromEntries(config.locales.flatMap((locale) => (record.locales[locale] ? [[locale, record.locales[locale]]] : [])))
  return record
}

/** api/locales/<locale>.json as parts: one per entry, newest first, each a function of the entry's record. */
export function localeIndexParts(locale: string, entries: readonly ApiEntry[], config: KbConfig): FilePart[] {
  const fields: Omit<ApiLocaleIndex, 'entries'> = { locale, title: config.title[locale] ?? config.brand }
  const own = entries.filter((entry) => entry.locale === locale).sort(byNewest)
  const item = (entry: ApiEntry): ApiLocaleIndex['entries'][number] => ({
    id: entry.id,
    type: entry.type,
    title: entry.title,
    summary: entry.summary,
    category: entry.category.id,
    tags: entry.tags,
    updated: entry.updated,
    url: entry.url,
    api: entryApiPath(locale, entry.id)
  })
  return jsonListParts(fields, 'entries', own.map((entry) => ({ inputs: recordKey(entry), value: () => item(entry) })))
}

export function buildCategories(entries: readonly ApiEntry[], config: KbConfig): ApiCategories {
  // Grouped in one pass: a filter per category and locale would read every entry each time.
  const grouped = groupBy(entries, (entry) => `${entry.locale}\0${entry.category.id}`)
  return {
    categories: config.categories.map((category) => ({
      id: category.id,
      name: category.name,
      ...(category.description ? { description: category.description } : {}),
      entries: Object.fromEntries(config.locales.map((locale) => [locale, (grouped.get(`${locale}\0${category.id}`) ?? []).map((entry) => entry.id).sort(compareStrings)]))
    }))
  }
}

export function buildTags(entries: readonly ApiEntry[], config: KbConfig): ApiTags {
  const locales: Record<string, ApiTag[]> = {}
  for (const locale of config.locales) {
    const tags = new Map<string, string[]>()
    for (const entry of entries) {
      if (entry.locale !== locale) continue
      for (const tag of entry.tags) {
        const ids = tags.get(tag)
        if (ids) ids.push(entry.id)
        else tags.set(tag, [entry.id])
      }
    }
    locales[locale] = [...tags]
      .map(([tag, ids]) => ({ tag, count: ids.length, entries: ids.sort(compareStrings) }))
      .sort((a, b) => b.count - a.count || compareStrings(a.tag, b.tag))
  }
  return { locales }
}
