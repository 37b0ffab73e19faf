import { describe, expect, it } from 'vitest'
import { readReadme, withRuleTable } from '../scripts/rule-table.js'

describe('README.md', () => {
  it('opens with the two set-up commands', async () => {
    const readme = await readReadme()
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(firstBlock).toBe('npm ci && npm run build\nnpm test\n')
  })

  it('lists every rule of the catalogue (regenerate with `npx tsx scripts/rule-table.ts`)', async () => {
    const readme = await readReadme()
    expect(readme).toBe(withRuleTable(readme))
  })
})
