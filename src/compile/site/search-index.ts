import MiniSearch from 'minisearch'
import { tokenize } from './tokenize.js'
import { entryPagePath } from '../site-paths.js'
import type { ApiEntry } from '../../types/api-entry.js'

/** Shared by the build and assets/search.js: which fields are searched, how much each weighs. */
export const searchFields = ['title', 'symptoms', 'keywords', 'tags', 'text'] as const
export const storedFields = ['title', 'url', 'category', 'summary', 'text'] as const
export const searchBoost = { title: 4, symptoms: 3, keywords: 3, tags: 2, text: 1 }
/** Stored text per entry, for snippets: enough for a match in the first sections, small enough to ship. */
const snippetSourceLength = 1200

export interface SearchDocument {
  id: string
  title: string
  symptoms: string
  keywords: string
  tags: string
  text: string
  url: string
  category: string
  summary: string
}

/** The prebuilt index of one locale, as JSON the browser loads with `MiniSearch.loadJSON`. */
export function buildSearchIndex(entries: readonly ApiEntry[], locale: string): string {
  const index = new MiniSearch<SearchDocument>({ fields: [...searchFields], storeFields: [...storedFields], tokenize, processTerm: (term) => term })
  index.addAll(
    entries
      .filter((entry) => entry.locale === locale)
      .map((entry) => ({
        id: entry.id,
        title: entry.title,
        symptoms: [entry.sections.symptoms?.text ?? '', ...(entry.sections.symptoms?.errorMessages ?? [])].join('\n'),
        keywords: entry.keywords.join(' '),
        tags: entry.tags.join(' '),
        text: [entry.summary, entry.text].join('\n').slice(0, snippetSourceLength),
        // Relative to the locale folder, where the search page and the index live.
        url: entryPagePath(entry.locale, entry.category.id, entry.id).slice(locale.length + 1),
        category: entry.category.name,
        summary: entry.summary
      }))
  )
  return JSON.stringify(index)
}
