/**
 * A reader's first search, timed in headless Chromium (Debian's `chromium`, driven by playwright-core): serves
 * a built site with `kb serve`, opens the search page of each query in a fresh browser context (nothing
 * cached), and reads what the page measured itself: the time to load and parse the index shards
 * (`data-load-ms`) and the search proper (`data-query-ms`), plus the wall time from navigation to the first
 * result shown. Used by `npm run bench`; `npx tsx scripts/bench-search-browser.ts <dist> <locale> <query>…`.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const chromiumPath = '/usr/bin/chromium'

export interface SearchTiming {
  locale: string
  query: string
  loadMs: number
  queryMs: number
  firstResultMs: number
  results: number
}

export async function measureSearch(distDir: string, queries: readonly [string, string][]): Promise<SearchTiming[] | string> {
  if (!existsSync(chromiumPath)) return `n/a: ${chromiumPath} is missing (apt-get install -y chromium)`
  const server = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), 'serve', '--out', distDir, '--port', '4391'], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let output = ''
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8')
        const found = /http:\/\/127\.0\.0\.1:\d+\//.exec(output)
        if (found) resolve(found[0])
      })
      server.once('exit', (code) => reject(new Error(`kb serve exited ${String(code)}: ${output}`)))
    })
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
    try {
      const timings: SearchTiming[] = []
      for (const [locale, query] of queries) {
        const context = await browser.newContext()
        const page = await context.newPage()
        const started = performance.now()
        await page.goto(`${base}${locale}/search.html?q=${encodeURIComponent(query)}`)
        // Attached, not visible: a query with no results leaves the list hidden.
        await page.waitForSelector('#search-results[data-query-ms]', { state: 'attached', timeout: 60_000 })
        await page.waitForSelector('#search-status:not(:empty)', { timeout: 60_000 })
        const firstResultMs = performance.now() - started
        const list = page.locator('#search-results')
        const loadMs = Number(await list.getAttribute('data-load-ms'))
        const queryMs = Number(await list.getAttribute('data-query-ms'))
        const results = await page.locator('#search-results > li').count()
        timings.push({ locale, query, firstResultMs, loadMs, queryMs, results })
        await context.close()
      }
      return timings
    } finally {
      await browser.close()
    }
  } finally {
    server.kill()
  }
}

async function main(args: readonly string[]): Promise<number> {
  const [dist, locale, ...queries] = args
  if (!dist || !locale || queries.length === 0) {
    console.error('usage: npx tsx scripts/bench-search-browser.ts <dist> <locale> <query>…')
    return 2
  }
  const timings = await measureSearch(dist, queries.map((query) => [locale, query]))
  if (typeof timings === 'string') {
    console.error(timings)
    return 1
  }
  for (const timing of timings) console.log(JSON.stringify(timing))
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2))
