import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { entryIdOf, type SearchEngine } from './measure.js'

/**
 * Pagefind (the static search most documentation sites use) over the entry pages of a built help center,
 * set up as a site would: each entry page's article marked `data-pagefind-body`, so the header, navigation
 * and footer are not indexed. The bundle goes to `<dist>/pagefind/`.
 */
export async function indexWithPagefind(dist: string): Promise<number> {
  const pagefind = await import('pagefind')
  const { index, errors } = await pagefind.createIndex({})
  if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`)
  let pages = 0
  for (const relative of entryPages(dist)) {
    const html = readFileSync(path.join(dist, relative), 'utf8').replace('<article ', '<article data-pagefind-body ')
    const added = await index.addHTMLFile({ url: `/${relative}`, content: html })
    if (added.errors.length > 0) throw new Error(`Pagefind refused ${relative}: ${added.errors.join('; ')}`)
    pages++
  }
  const written = await index.writeFiles({ outputPath: path.join(dist, 'pagefind') })
  if (written.errors.length > 0) throw new Error(`Pagefind could not write its bundle: ${written.errors.join('; ')}`)
  await pagefind.close()
  return pages
}

/** `<locale>/<category>/<id>.html`: every page that shows one entry. */
function entryPages(dist: string): string[] {
  return readdirSync(dist, { recursive: true })
    .map((name) => String(name).split(path.sep).join('/'))
    .filter((name) => /^[^/]+\/[^/]+\/[^/]+\.html$/.test(name) && !name.endsWith('/index.html') && !/^[^/]+\/(?:tags|search-index|assets)\//.test(name))
    .sort()
}

/** Pagefind's JavaScript API in Chromium, on a page of the locale (it picks its index by the page's language). */
export function pagefindSearch(browser: Browser, origin: string): SearchEngine {
  const tabs = new Map<string, Promise<Page>>()
  const tabOf = (locale: string) => {
    let tab = tabs.get(locale)
    if (!tab) {
      tab = browser.newPage().then(async (page) => {
        await page.goto(`${origin}/${locale}/search.html`)
        return page
      })
      tabs.set(locale, tab)
    }
    return tab
  }
  return async (locale, query) => {
    const page = await tabOf(locale)
    // A string, not a function: the test runner would rewrite a function's import() for Node.js.
    const urls = (await page.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js')
      const found = await pagefind.search(${JSON.stringify(query)})
      return Promise.all(found.results.map(async (result) => (await result.data()).url))
    })()`)) as string[]
    return urls.map(entryIdOf)
  }
}
