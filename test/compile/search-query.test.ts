import MiniSearch from 'minisearch'
import { describe, expect, it, vi } from 'vitest'
import { analyzeQuery, commonWords, rankResults, stemWord, unitsRequired, type SearchableIndex } from '../../src/compile/site/search-query.js'
import { indexTerms, searchBoost, searchFields, shippedSynonyms, storedFields } from '../../src/compile/site/search-index.js'
import type { KbConfig } from '../../src/types/config.js'

const stop = new Set(commonWords)
const config = { search: { synonyms: { 'zh-CN': [['提币', '提现'], ['谷歌验证', '身份验证器', '2FA']], en: [['2fa', 'two-factor authentication']] } } } as unknown as KbConfig

describe('a reader’s query as units', () => {
  it('splits Chinese into the longest words the index knows, expands synonyms and drops the asking words', () => {
    const units = analyzeQuery('提币一直在处理中怎么办', new Set(['处理', '处理中']), shippedSynonyms(config, 'zh-CN'), stop)
    expect(units.map((unit) => unit.text)).toEqual(['提币', '处理中'])
    expect(units[0]?.alternatives).toEqual([['提币'], ['提现']])
    // A word of three characters also matches as all its character pairs.
    expect(units[1]?.alternatives).toEqual([['处理中'], ['处理', '理中']])
  })

  it('looks for characters outside every known word by their pairs, and drops a single one as noise', () => {
    const units = analyzeQuery('谷歌验证丢了税务报表', new Set(['税务']), shippedSynonyms(config, 'zh-CN'), stop)
    expect(units.map((unit) => [unit.text, unit.kind])).toEqual([['谷歌验证', 'words'], ['税务', 'words'], ['报表', 'pairs']])
    expect(units[0]?.alternatives).toContainEqual(['2fa'])
  })

  it('reads Latin words stemmed, multi-word synonyms whole, and keeps a query of only common words', () => {
    expect(analyzeQuery('My two-factor authentication codes', new Set(), shippedSynonyms(config, 'en'), stop).map((unit) => unit.text)).toEqual(['two factor authentication', 'code'])
    expect(analyzeQuery('how to', new Set(), shippedSynonyms(config, 'en'), stop).map((unit) => unit.text)).toEqual(['how', 'to'])
    expect(['withdrawals', 'rejected', 'processing', 'policies'].map(stemWord)).toEqual(['withdrawal', 'reject', 'process', 'policy'])
  })

  it('requires all of one or two units, all but one of three or four, and 60% of more', () => {
    expect([1, 2, 3, 4, 5, 10].map(unitsRequired)).toEqual([1, 2, 2, 3, 3, 6])
  })
})

describe('ranking', () => {
  const index = new MiniSearch({ fields: [...searchFields], storeFields: [...storedFields], tokenize: (text: string) => [...indexTerms(text)], processTerm: (term) => term })
  index.addAll([
    { id: 'withdrawal', title: '提现一直处理中', symptoms: '提现显示处理中', keywords: '', tags: '', text: '提现 提现 提现 到账', errors: '' },
    { id: 'deposit', title: '充值未到账', symptoms: '充值没有到账', keywords: '', tags: '', text: '充值', errors: '' },
    { id: 'api', title: 'API errors', symptoms: 'Timestamp request expired', keywords: '', tags: '', text: 'timestamp signature', errors: 'timestamp request expired' }
  ])
  const rank = (query: string, locale = 'zh-CN') => {
    const vocabulary = new Set(['处理', '到账', '充值', '提现'])
    return rankResults([index as unknown as SearchableIndex], analyzeQuery(query, vocabulary, shippedSynonyms(config, locale), stop), query, { fields: searchFields, boost: searchBoost, limit: 10 })
  }

  it('finds by a synonym and leaves out entries that match too little of the query', () => {
    expect(rank('提币没到账').results.map((result) => result.id)).toEqual(['withdrawal'])
    expect(rank('充值 到账').results.map((result) => result.id)).toEqual(['deposit'])
  })

  it('offers the closest entries when none matches enough', () => {
    const { results, closest } = rank('充值 提现 签名 时间')
    expect(results).toEqual([])
    expect(closest.length).toBeGreaterThan(0)
  })

  it('corrects a typo in a long English word and reports the corrected word for highlighting', () => {
    const { results } = rank('timestmp expired', 'en')
    expect(results.map((result) => result.id)).toEqual(['api'])
    expect(results[0]?.terms).toContain('timestamp')
  })
})

describe('index terms', () => {
  it('remembers the terms of a text: the same as found anew, and no caller can change what is remembered', async () => {
    const text = '提现一直处理中，请检查网络。Withdrawals pending'
    const first = [...indexTerms(text)]
    expect(first).toContain('处理')
    expect(first).toContain('withdrawal')
    const given = indexTerms(text) as string[]
    expect(given).toEqual(first)
    given.splice(0, given.length, 'changed by a caller')
    expect(indexTerms(text)).toEqual(first)
    vi.resetModules()
    const fresh = (await import('../../src/compile/site/search-index.js')) as { indexTerms: typeof indexTerms }
    expect(fresh.indexTerms(text)).toEqual(first)
  })
})
