import { describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'

interface Diagnostic {
  line: number
  column: number
  ruleId: string
  message: string
}

/**
 * The article the project grew from, converted into an entry (test/fixtures/seed-article): every unsafe
 * link, download, domain and code it smuggles in must be reported, and nothing else.
 */
const expected: [line: number, ruleId: string, fragment: string][] = [
  [19, 'referral', 'www.firgrouxywebb.com/join/34978585'],
  [26, 'referral', 'ref=BTC45'],
  [26, 'false-official-claim', 'www.binance.com'],
  [28, 'referral', 'ref=UMKP34DR'],
  [30, 'referral', 'www.firgrouxywebb.com/join/34978585'],
  [30, 'false-official-claim', 'www.firgrouxywebb.com'],
  [32, 'download', 'android_34978585.apk'],
  [32, 'false-official-claim', 'static.dejiz.com'],
  [34, 'lookalike-domain', 'binancezc.top'],
  [40, 'referral', '推荐码 34978585'],
  [42, 'referral', 'www.firgrouxywebb.com/join/34978585'],
  [42, 'false-official-claim', 'www.firgrouxywebb.com']
]

describe('the seed article as an entry', () => {
  it('gets a diagnostic for every unsafe link, download, domain and code, and no others', async () => {
    const { root, cleanup } = await layOutFixture('seed-article')
    try {
      const run = await runKb(['check', '--root', root, '--format', 'json'])
      expect(run.code).toBe(1)
      const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Diagnostic[] }
      const actual = diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.ruleId, diagnostic.message] as const)
      expect(actual).toHaveLength(expected.length)
      for (const [line, ruleId, fragment] of expected) {
        expect(actual.some(([actualLine, actualRule, message]) => actualLine === line && actualRule === ruleId && message.includes(fragment)), `${line} ${ruleId} ${fragment}`).toBe(true)
      }
      const build = await runKb(['build', '--root', root])
      expect(build.code).toBe(1)
    } finally {
      await cleanup()
    }
  })
})
