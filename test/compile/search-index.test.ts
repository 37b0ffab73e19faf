import { describe, expect, it } from 'vitest'
import { buildSearchDocuments, buildSearchIndex, entriesPerShard, rememberedTermChars, searchShards, type SearchTermsMemory } from '../../src/compile/site/search-index.js'
import type { ApiEntry } from '../../src/types/api-entry.js'

function entry(id: string, text: string, locale = 'en'): ApiEntry {
  return { id, locale, title: id, summary: 'Summary.', text, sections: { introduction: { heading: '', anchor: '', html: '', text, items: [] } }, category: { id: 'account', name: 'Account' } } as unknown as ApiEntry
}

describe('search shards', () => {
  it('cut the stored snippet text where no address or word continues, never inside one', () => {
    // The address straddles the 1,200-character cut: cut there, it would read `support@okx.co`, another address.
    const text = 'x '.repeat(590) + 'write support@okx.com for help'
    const stored = JSON.parse(buildSearchDocuments([entry('long', text)])) as Record<string, { text: string }>
    const snippet = stored['long']?.text ?? ''
    expect(snippet.length).toBeLessThanOrEqual(1200)
    expect(snippet).not.toMatch(/support@okx\.co(?!m)/)
    expect(snippet.endsWith('write ')).toBe(true)
  })

  it('put each entry in one shard, by its id, with about 1,000 entries a shard', () => {
    const many = Array.from({ length: 2500 }, (_, index) => entry(`entry-${index}`, 'text'))
    const shards = searchShards([...many, entry('other-locale', 'text', 'zh-CN')], 'en')
    expect(shards).toHaveLength(Math.ceil(2500 / entriesPerShard))
    expect(shards.flatMap((shard) => shard.entries.map((item) => item.id)).sort()).toEqual(many.map((item) => item.id).sort())
    // The same entry lands in the same shard whatever else is in the KB.
    const again = searchShards([...many].reverse(), 'en')
    expect(again.map((shard) => shard.entries.map((item) => item.id).sort())).toEqual(shards.map((shard) => shard.entries.map((item) => item.id).sort()))
  })
})

describe('search terms remembered', () => {
  it('last one shard in a run of its own, and stay for the next build when kb dev keeps them', () => {
    const entries = ['关闭账户前先撤销全部挂单', '提取所有资产后再申请注销', 'Close the account after withdrawing'].map((text, index) => ({ ...entry(`entry-${index}`, text, 'zh-CN'), keywords: [], tags: [] }) as ApiEntry)
    const once = buildSearchIndex(entries)
    expect(rememberedTermChars()).toBe(0)
    const memory: SearchTermsMemory = new WeakMap()
    expect(buildSearchIndex(entries, memory)).toBe(once)
    expect(rememberedTermChars()).toBeGreaterThan(0)
  })
})

describe('checklist ticks', () => {
  it('are remembered by the item’s text, so they follow an item that moves, and a repeated item gets its own', async () => {
    const { checkKeys } = await import('../../src/compile/site/entry-page.js')
    const items = [{ text: '撤销全部挂单' }, { text: '提取所有资产' }, { text: '撤销全部挂单' }]
    const keys = checkKeys(items)
    expect(new Set(keys).size).toBe(3)
    const moved = checkKeys([items[1] as { text: string }, items[0] as { text: string }])
    expect(moved).toEqual([keys[1], keys[0]])
    expect(checkKeys([{ text: '提取所有资产（含理财）' }])[0]).not.toBe(keys[1])
  })
})
