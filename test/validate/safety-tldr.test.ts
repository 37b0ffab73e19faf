import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { judgeUrl } from '../../src/validate/safety/judge-url.js'
import { safetyPolicy } from '../../src/validate/safety/policy.js'
import { repoRoot } from '../helpers/run-kb.js'

const tldr = path.resolve(repoRoot, '../shared/corpus/tldr')

describe('link-safety false positives on real documentation links (tldr-pages corpus)', () => {
  it('flags none of the "More information" links except plain http: ones', () => {
    if (!existsSync(tldr)) throw new Error(`${tldr} is missing: the tests need ../shared/corpus beside the repository (see DEVELOPERS.md)`)
    const policy = safetyPolicy({
      brand: 'OKX',
      title: { en: 'Help' },
      defaultLocale: 'en',
      locales: ['en'],
      categories: [{ id: 'account', name: { en: 'Account' } }],
      officialDomains: ['okx.com'],
      protectedDomains: ['binance.com'],
      supportChannels: [{ id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@okx.com' }]
    })
    const files = readdirSync(tldr, { recursive: true }).map(String).filter((file) => file.endsWith('.md'))
    let links = 0
    const unexpected: string[] = []
    for (const file of files) {
      for (const match of readFileSync(path.join(tldr, file), 'utf8').matchAll(/^> (?:More information|更多信息)[:：]\s*<([^>]+)>/gm)) {
        links++
        const url = match[1] ?? ''
        for (const finding of judgeUrl(url, policy).findings) {
          if (!(finding.ruleId === 'insecure-url' && url.startsWith('http:'))) unexpected.push(`${file}: ${url} ${finding.ruleId}`)
        }
      }
    }
    expect(links).toBeGreaterThan(7000)
    expect(unexpected).toEqual([])
  })
})
