import { AxeBuilder } from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.js'
import { layOutImageKb } from '../helpers/image-kb.js'
import { startKbServer, type RunningKb } from '../helpers/kb-server.js'
import { runKb } from '../helpers/run-kb.js'

let browser: Browser
let server: RunningKb
let cleanup: () => Promise<void>

beforeAll(async () => {
  const kb = await layOutImageKb()
  cleanup = kb.cleanup
  const build = await runKb(['build', '--root', kb.root])
  expect(build.code, build.stdout + build.stderr).toBe(0)
  server = await startKbServer(['serve', '--root', kb.root, '--port', '0'], kb.root)
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  server?.stop()
  await cleanup?.()
})

describe('an entry with images on a 375 px phone, in headless Chromium', () => {
  it('shows each image small and sharp, with its alt text, and the page does not jump while they load', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    const failures: string[] = []
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`)
    })
    // Layout shifts from the first paint on, as the Core Web Vitals count them.
    await page.addInitScript(`window.__shifts = 0; new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value }).observe({ type: 'layout-shift', buffered: true })`)
    await page.goto(`${server.url}zh-CN/security/two-factor.html`)
    await page.waitForLoadState('load')
    // Scrolled through, so the lazy images load too.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)')
    await page.waitForFunction("[...document.images].every((image) => image.complete && image.naturalWidth > 0)")
    const images = (await page.evaluate(`[...document.querySelectorAll('main img')].map((image) => ({ alt: image.alt, source: image.currentSrc.split('/').pop(), shown: Math.round(image.getBoundingClientRect().width), natural: image.naturalWidth }))`)) as { alt: string; source: string; shown: number; natural: number }[]
    expect(images.map((image) => image.alt)).toEqual(['安全设置页面，“双重验证”在第二行', 'App 菜单，“安全”在底部', '竖着拍的确认页面'])
    // WebP at the width a 2x phone screen needs, not the largest file.
    expect(images[0]?.source).toMatch(/-960\.webp$/)
    for (const image of images) expect(image.shown, image.source).toBeLessThanOrEqual(375)
    expect(await page.evaluate('window.__shifts')).toBe(0)
    const results = await new AxeBuilder({ page }).analyze()
    expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([])
    expect(failures).toEqual([])
    await context.close()
  }, 60_000)
})
