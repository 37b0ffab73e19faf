import type { Browser, Page } from 'playwright-core'
import type { SearchQuery } from './queries.js'

/** What one search engine returned for one query: entry ids, best first. */
export interface QueryOutcome extends SearchQuery {
  results: string[]
  /** 1-based rank of the expected entry, or undefined when it is not among the results. */
  rank: number | undefined
}

export interface SearchQuality {
  outcomes: QueryOutcome[]
  /** Share of queries whose first result is the expected entry. */
  top1: number
  /** Mean of 1/rank (0 when the entry is missing). */
  mrr: number
  /** Median number of results shown for a query. */
  medianResults: number
}

/** A search engine as the reader meets it: a query on a locale's page in, entry ids out (best first). */
export type SearchEngine = (locale: SearchQuery['locale'], query: string) => Promise<string[]>

export async function measureSearch(engine: SearchEngine, queries: readonly SearchQuery[]): Promise<SearchQuality> {
  const outcomes: QueryOutcome[] = []
  for (const query of queries) {
    const results = await engine(query.locale, query.query)
    const index = results.indexOf(query.expected)
    outcomes.push({ ...query, results, rank: index === -1 ? undefined : index + 1 })
  }
  const counts = outcomes.map((outcome) => outcome.results.length).sort((a, b) => a - b)
  const middle = counts.length / 2
  return {
    outcomes,
    top1: outcomes.filter((outcome) => outcome.rank === 1).length / outcomes.length,
    mrr: outcomes.reduce((sum, outcome) => sum + (outcome.rank ? 1 / outcome.rank : 0), 0) / outcomes.length,
    medianResults: counts.length % 2 === 1 ? (counts[Math.floor(middle)] as number) : ((counts[middle - 1] as number) + (counts[middle] as number)) / 2
  }
}

/** The entry id a result links to: the page's file name (`<category>/<id>.html`). */
export function entryIdOf(href: string): string {
  return decodeURIComponent(href.split(/[?#]/)[0]?.split('/').pop()?.replace(/\.html$/, '') ?? href)
}

/** kb's own search page, in Chromium: the ids of the results it lists, in order. One tab, a page load per query. */
export function kbSearch(browser: Browser, origin: string): SearchEngine {
  let tab: Promise<Page> | undefined
  return async (locale, query) => {
    const page = await (tab ??= browser.newPage())
    await page.goto(`${origin}/${locale}/search.html?q=${encodeURIComponent(query)}`)
    await page.waitForFunction("document.getElementById('search-results')?.dataset.done === 'true'")
    const hrefs = await page.locator('#search-results li > a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    return hrefs.map(entryIdOf)
  }
}

/** The table of one engine's figures, for the test's output and the README. */
export function formatQuality(name: string, quality: SearchQuality): string {
  const misses = quality.outcomes.filter((outcome) => outcome.rank !== 1)
  const lines = [`${name}: top-1 ${(quality.top1 * 100).toFixed(1)}% (${quality.outcomes.length - misses.length}/${quality.outcomes.length}), MRR ${quality.mrr.toFixed(3)}, median results ${quality.medianResults}`]
  for (const miss of misses) lines.push(`  ${miss.locale} ${JSON.stringify(miss.query)} (${miss.kind}): expected ${miss.expected} at ${miss.rank ?? 'none'}; got ${miss.results.slice(0, 5).join(', ') || 'nothing'}`)
  return lines.join('\n')
}
