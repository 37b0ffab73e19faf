import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, runKb } from '../helpers/run-kb.js'
import { launchChromium } from '../helpers/browser.js'

const screenshots = path.join(repoRoot, 'test/artifacts/screenshots')
let scratch: string
let server: ChildProcess
let origin: string
let browser: Browser

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-site-'))
  const out = path.join(scratch, 'dist')
  const build = await runKb(['build', '--out', out])
  expect(build.code, build.stdout + build.stderr).toBe(0)
  server = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), 'serve', '--out', out, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  origin = await new Promise<string>((resolve, reject) => {
    server.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk)
      if (match) resolve(match[0])
    })
    server.on('exit', (code) => reject(new Error(`kb serve exited with ${code}`)))
  })
  browser = await launchChromium()
  await mkdir(screenshots, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  server?.kill('SIGTERM')
  await rm(scratch, { recursive: true, force: true })
})

async function open(url: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } })
  const page = await context.newPage()
  page.on('close', () => void context.close())
  const failures: string[] = []
  // Requests cut short by a navigation (ERR_ABORTED) are not failures of the site.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failures.push(request.url())
  })
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`)
  })
  page.on('pageerror', (error) => failures.push(error.message))
  await page.goto(origin + url)
  ;(page as Page & { failures: string[] }).failures = failures
  return page
}

function failuresOf(page: Page): string[] {
  return (page as Page & { failures: string[] }).failures
}

describe('the help center in headless Chromium', () => {
  it('finds the account-closure entry by searching 注销 from the home page, and opens it', async () => {
    const page = await open('/')
    await page.waitForURL(/\/zh-CN\/index\.html$/)
    await page.fill('#hero-search-q', '注销')
    await page.click('.hero-search button')
    await page.waitForSelector('#search-results li')
    const first = page.locator('#search-results li').first()
    await expect.poll(() => first.locator('a').textContent()).toContain('注销')
    expect(await first.locator('mark').count()).toBeGreaterThan(0)
    expect(await first.locator('.result-category').textContent()).toBe('账户')
    await first.locator('a').click()
    await page.waitForURL(/\/zh-CN\/account\/close-account\.html$/)
    expect(await page.locator('h1').textContent()).toBe('注销账户失败怎么办')
    expect(failuresOf(page)).toEqual([])
    await page.close()
  })

  it('finds an entry by a pasted error message and by an English query with a typo', async () => {
    const pasted = await open(`/zh-CN/search.html?q=${encodeURIComponent('存在未完成的事务')}`)
    await pasted.waitForSelector('#search-results li')
    expect(await pasted.locator('#search-results li a').first().getAttribute('href')).toBe('account/close-account.html')
    await pasted.close()
    const english = await open('/en/search.html?q=withdrawl+pending')
    await english.waitForSelector('#search-results li')
    expect(await english.locator('#search-results li a').first().getAttribute('href')).toBe('deposits-withdrawals/withdrawal-pending.html')
    expect(failuresOf(english)).toEqual([])
    await english.close()
  })

  it('shows one search box on a phone, a table of contents on a long entry, and Chinese punctuation in Chinese', async () => {
    for (const url of ['/zh-CN/index.html', '/zh-CN/search.html?q=注销', '/en/index.html']) {
      const page = await open(url, 375)
      const boxes = await page.locator('input[type=search]').evaluateAll((inputs) => inputs.filter((input) => (input as unknown as { offsetParent: unknown }).offsetParent !== null).length)
      expect(boxes, url).toBe(1)
      await page.close()
    }
    const entry = await open('/zh-CN/account/close-account.html', 375)
    const contents = entry.locator('nav.toc a')
    expect(await contents.allTextContents()).toEqual(['症状', '开始之前', '原因', '解决步骤', '联系客服', '注意事项', '常见问题'])
    const faqTop = () => entry.locator('#常见问题').evaluate((heading) => Math.round(heading.getBoundingClientRect().top))
    expect(await faqTop()).toBeGreaterThan(900)
    await contents.filter({ hasText: '常见问题' }).click()
    await expect.poll(() => entry.evaluate('location.hash')).toBe(`#${encodeURIComponent('常见问题')}`)
    // Scrolled into the 900 px high window from far below it.
    expect(await faqTop()).toBeGreaterThanOrEqual(0)
    expect(await faqTop()).toBeLessThan(900)
    expect(await entry.locator('p.translations').textContent()).toMatch(/^其他语言：/)
    expect(await entry.locator('.contact-support .channels').textContent()).toContain('邮件支持：support@okx.com')
    expect(failuresOf(entry)).toEqual([])
    await entry.close()
    const short = await open('/zh-CN/security/fake-support-scams.html')
    expect(await short.locator('nav.toc').count()).toBe(0)
    await short.close()
  })

  it('remembers a ticked checklist item across a reload, and switches locale', async () => {
    const page = await open('/zh-CN/account/close-account.html')
    const box = page.locator('.checklist input[type=checkbox]').first()
    expect(await box.isChecked()).toBe(false)
    await box.check()
    await page.reload()
    expect(await page.locator('.checklist input[type=checkbox]').first().isChecked()).toBe(true)
    expect(await page.locator('.checklist input[type=checkbox]').nth(1).isChecked()).toBe(false)
    await page.click('.locale-switch a[hreflang="en"]')
    await page.waitForURL(/\/en\/account\/close-account\.html$/)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(failuresOf(page)).toEqual([])
    await page.close()
  })

  it('shows the locale’s 404 page at any missing path, deep or not, with its styles and working links', async () => {
    for (const [url, heading] of [
      ['/zh-CN/account/no/such/page.html', '页面不存在'],
      ['/en/nothing-here.html', 'Page not found'],
      ['/no-locale/deep/path/', '页面不存在']
    ] as const) {
      const page = await open(url)
      expect(await page.locator('main h1').textContent(), url).toBe(heading)
      const styled = await page.evaluate("[...document.styleSheets].some((sheet) => (sheet.href ?? '').endsWith('/assets/site.css') && sheet.cssRules.length > 0)")
      expect(styled, url).toBe(true)
      // Only the missing page itself failed: the stylesheet, favicon and scripts resolved from the site's root.
      expect(failuresOf(page).filter((failure) => !failure.endsWith(encodeURI(url))), url).toEqual([])
      await page.locator('main a').first().click()
      await page.waitForLoadState()
      expect(await page.locator('html').getAttribute('lang'), url).toBe(url.startsWith('/en/') ? 'en' : 'zh-CN')
      expect(failuresOf(page).filter((failure) => !failure.endsWith(encodeURI(url))), url).toEqual([])
      await page.close()
    }
  })

  it.each([
    ['home', '/zh-CN/index.html'],
    ['category', '/zh-CN/account/index.html'],
    ['tag', '/zh-CN/tags/注销.html'],
    ['entry', '/zh-CN/account/close-account.html'],
    ['entry (en)', '/en/account/close-account.html'],
    ['search', `/zh-CN/search.html?q=${encodeURIComponent('注销')}`],
    ['404', '/zh-CN/404.html']
  ])('has no serious or critical accessibility violations: %s', async (_name, url) => {
    // One page, seen in each colour scheme in turn (the styles follow the emulated media at once).
    const page = await open(url)
    if (url.includes('search.html')) await page.waitForSelector('#search-results li')
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      expect(await page.evaluate(`matchMedia('(prefers-color-scheme: ${colorScheme})').matches`)).toBe(true)
      const results = await new AxeBuilder({ page }).analyze()
      const serious = results.violations.filter((violation: { impact?: string | null }) => violation.impact === 'serious' || violation.impact === 'critical')
      expect(serious.map((violation) => `${colorScheme} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([])
    }
    await page.close()
  })

  it('saves screenshots of the home, an entry and the search page at 375 and 1280 px', async () => {
    for (const width of [375, 1280]) {
      for (const [name, url] of [
        ['home', '/zh-CN/index.html'],
        ['entry', '/zh-CN/account/close-account.html'],
        ['search', `/zh-CN/search.html?q=${encodeURIComponent('注销失败')}`]
      ] as const) {
        const page = await open(url, width)
        if (name === 'search') await page.waitForSelector('#search-results li')
        await screenshot(page, { path: path.join(screenshots, `${name}-${width}.png`), fullPage: true })
        expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), `${name} at ${width}px scrolls sideways`).toBe(true)
        await page.close()
      }
    }
  })

  it('fits a 320 px screen without sideways scrolling', async () => {
    for (const url of ['/zh-CN/index.html', '/zh-CN/account/close-account.html', '/en/api/api-key-errors.html', `/zh-CN/search.html?q=${encodeURIComponent('注销')}`]) {
      const page = await open(url, 320)
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth + 1'), url).toBe(true)
      await page.close()
    }
  })

  it('works without JavaScript except search, which says so', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${origin}/zh-CN/search.html?q=x`)
    expect(await page.locator('noscript').count()).toBe(1)
    await page.goto(`${origin}/zh-CN/account/close-account.html`)
    expect(await page.locator('.cause').count()).toBeGreaterThanOrEqual(2)
    await context.close()
  })
})

/**
 * A full-page screenshot, tried a second time when Chromium answers "Unable to capture screenshot": it did so
 * once in a fresh-clone CI run on this 2-core machine, with the page loaded and its fonts ready, and the same
 * code passed before and after. Any other failure, or a second one, fails the test.
 */
async function screenshot(page: Page, options: Parameters<Page['screenshot']>[0]): Promise<void> {
  try {
    await page.screenshot(options)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('Unable to capture screenshot')) throw error
    await page.screenshot(options)
  }
}
