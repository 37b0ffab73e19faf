import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'
import { zendeskHtml, zendeskLocale } from '../../src/compile/feeds/zendesk.js'

/** The fixture config with its `zendesk:` block replaced. */
async function withZendesk(root: string, block: string): Promise<void> {
  const file = path.join(root, 'kb.config.yaml')
  const config = await readFile(file, 'utf8')
  await writeFile(file, config.slice(0, config.indexOf('zendesk:')) + block)
}

describe('Zendesk payloads need the ids the Help Center API requires', () => {
  it('are not written without a zendesk block, and the build says so', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      await withZendesk(root, '')
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toContain('no Zendesk payloads written: set zendesk.permissionGroupId and zendesk.userSegmentId')
      expect(existsSync(path.join(root, 'dist/feeds/zendesk'))).toBe(false)
      expect(existsSync(path.join(root, 'dist/feeds/faq.json'))).toBe(true)
      // Without baseUrl no feed is written, and the warning naming them says it once: no note besides.
      const config = path.join(root, 'kb.config.yaml')
      await writeFile(config, (await readFile(config, 'utf8')).replace(/^baseUrl: .*\n/m, ''))
      const withoutBase = await runKb(['build', '--root', root])
      expect(withoutBase.stdout + withoutBase.stderr).toContain('config-base-url-missing')
      expect(withoutBase.stderr).not.toContain('no Zendesk payloads written')
    } finally {
      await cleanup()
    }
  })

  it('stop the build with a config error (exit 2) when the block lacks them', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    try {
      await withZendesk(root, 'zendesk:\n  sections: { account: 5 }\n')
      const run = await runKb(['build', '--root', root])
      expect(run.code).toBe(2)
      expect(run.stdout + run.stderr).toMatch(/kb\.config\.yaml\n\s+19:3\s+error\s+Missing config key `permissionGroupId` in `zendesk`/)
      expect(existsSync(path.join(root, 'dist'))).toBe(false)
    } finally {
      await cleanup()
    }
  })
})

describe('Zendesk locales and HTML', () => {
  it('writes the Help Center locale codes: lowercase, en as en-us, and what zendesk.locales maps', () => {
    const zendesk = { permissionGroupId: 1, userSegmentId: null, locales: { en: 'en-gb', 'pt-BR': 'pt-br' } }
    expect(['zh-CN', 'zh-TW', 'en', 'ja', 'pt-BR'].map((locale) => zendeskLocale({}, locale))).toEqual(['zh-cn', 'zh-tw', 'en-us', 'ja', 'pt-br'])
    expect(['en', 'zh-CN'].map((locale) => zendeskLocale({ zendesk }, locale))).toEqual(['en-gb', 'zh-cn'])
  })

  it('turns every input Zendesk would drop into what a reader sees', () => {
    expect(zendeskHtml('<li><input type="checkbox" disabled> a</li><li><input type="checkbox" checked disabled> b</li><li><input disabled> c</li>')).toBe('<li>☐  a</li><li>☑  b</li><li> c</li>')
  })
})
