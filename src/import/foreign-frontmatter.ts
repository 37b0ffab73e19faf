import type { ImportNote } from './foreign-article.js'

/** kb's frontmatter values an import can take from foreign metadata; the rest of kb's keys it sets itself. */
export interface MappedMetadata {
  title: string | undefined
  summary: string | undefined
  updated: string | undefined
  tags: string[]
  keywords: string[]
}

const titleKeys = ['title', 'name', 'heading']
const summaryKeys = ['description', 'summary', 'excerpt', 'abstract', 'subtitle']
const dateKeys = ['ms.date', 'updated', 'updated_at', 'lastmod', 'last_modified', 'modified', 'date', 'edited_at', 'created_at', 'published']
const tagKeys = ['tags', 'label_names', 'labels', 'categories']
const keywordKeys = ['keywords', 'ms.custom', 'search_keywords']

/**
 * Foreign frontmatter (Docusaurus, Hugo, Microsoft Learn's `ms.*`, a Zendesk article's fields) mapped to
 * kb's keys: the first present of each family wins; every other key is reported with its value, so nothing
 * the source said is lost without a word.
 */
export function mapMetadata(metadata: Record<string, unknown>, notes: ImportNote[]): MappedMetadata {
  const used = new Set<string>()
  const first = (keys: readonly string[]) => {
    for (const key of keys) {
      const value = metadata[key]
      if (value === undefined || value === null || value === '') continue
      used.add(key)
      return value
    }
    return undefined
  }
  const title = text(first(titleKeys))
  const summary = text(first(summaryKeys))
  const dateValue = first(dateKeys)
  const updated = dateValue === undefined ? undefined : isoDate(dateValue)
  if (dateValue !== undefined && updated === undefined) notes.push({ kind: 'frontmatter', what: 'a date kb could not read, so today is used', whatZh: '日期无法识别，`updated` 用了今天', text: String(dateValue) })
  const tags = words(first(tagKeys))
  const keywords = words(first(keywordKeys))
  for (const [key, value] of Object.entries(metadata)) {
    if (used.has(key)) continue
    notes.push({ kind: 'frontmatter', what: `\`${key}\` has no kb equivalent and was not kept`, whatZh: `\`${key}\` 在 kb 里没有对应的键，没有保留`, text: typeof value === 'string' ? value : JSON.stringify(value) })
  }
  return { title, summary, updated, tags, keywords }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || undefined
  if (typeof value === 'number') return String(value)
  return undefined
}

/** A list of words from a YAML list or a comma-separated string, each once. */
function words(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,，;；]/) : []
  return [...new Set(items.filter((item): item is string | number => typeof item === 'string' || typeof item === 'number').map((item) => String(item).trim()).filter(Boolean))]
}

/** `MM/DD/YYYY` (Microsoft's `ms.date`, sometimes unpadded), ISO dates and timestamps, a Date: as YYYY-MM-DD, when it is a real day. */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10)
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  let year: number | undefined
  let month: number | undefined
  let day: number | undefined
  const american = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed)
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(trimmed)
  if (american) [month, day, year] = [Number(american[1]), Number(american[2]), Number(american[3])]
  else if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  if (year === undefined || month === undefined || day === undefined) return undefined
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  return date.toISOString().slice(0, 10)
}
