import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { expect, it } from 'vitest'
import { documentTerms, miniSearchIndexJson, type IndexedFields } from '../../src/compile/site/mini-search-index.js'
import { indexTerms } from '../../src/compile/site/search-index.js'

interface Document {
  id: string
  title?: string
  text?: string
  tags?: string
  errors?: string
}

const fields = ['title', 'text', 'tags'] as const
const storeFields = ['errors'] as const

/** What MiniSearch itself writes for the documents, added in order. */
function byMiniSearch(documents: readonly Document[], tokenize: (text: string) => readonly string[]): string {
  const index = new MiniSearch<Document>({ fields: [...fields], storeFields: [...storeFields], tokenize: (text) => [...tokenize(text)], processTerm: (term) => term })
  index.addAll(documents)
  return JSON.stringify(index)
}

/**
 * Terms that share prefixes (so the radix tree splits and merges its edges), repeat within a field, are empty,
 * or are special to JSON and to object keys: quotes, escapes, lone surrogates, number-like and prototype names.
 */
const term = fc.oneof(
  fc.constantFrom('a', 'ab', 'abc', 'abd', 'b', 'ba', 'bab', 'account', 'accounts', 'acc', '账户', '账', '注销', '注销账户'),
  fc.string({ minLength: 0, maxLength: 5 }),
  fc.constantFrom('', '__proto__', 'constructor', '0', '1', '-1', '4294967295', '"', '\\', '\u2028', '\ud800', 'toString')
)
const text = fc.array(term, { maxLength: 14 }).map((terms) => terms.join(' '))
const documents = fc.uniqueArray(
  fc.record(
    { id: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('0', '__proto__', '"x"')), title: text, text, tags: text, errors: fc.string({ maxLength: 8 }) },
    { requiredKeys: ['id'] }
  ),
  { selector: (document) => document.id, maxLength: 30 }
)
const splitOnSpace = (value: string) => value.split(' ')

/** The index as kb writes it: each document's terms, then the index of them. */
function byKb(documents: readonly Document[], options: IndexedFields<Document>): string {
  return miniSearchIndexJson(
    documents.map((document) => documentTerms(document, options)),
    options.fields
  )
}

it('writes what JSON.stringify writes of a MiniSearch index the documents were added to, byte for byte', () => {
  fc.assert(
    fc.property(documents, (added) => {
      expect(byKb(added, { fields, storeFields, tokenize: splitOnSpace })).toBe(byMiniSearch(added, splitOnSpace))
    }),
    { numRuns: 600 }
  )
})

it('writes an empty index as MiniSearch does', () => {
  expect(byKb([], { fields, storeFields, tokenize: splitOnSpace })).toBe(byMiniSearch([], splitOnSpace))
})

it('refuses a document id twice, as MiniSearch does', () => {
  expect(() => byKb([{ id: 'a' }, { id: 'a' }], { fields, storeFields, tokenize: splitOnSpace })).toThrow(/duplicate ID a/)
})

it('indexes the shipped entries, English and Chinese, as MiniSearch does with the search terms', () => {
  const content = path.resolve('content')
  const entries = readdirRecursive(content).map((file, at) => {
    const source = readFileSync(file, 'utf8')
    return { id: `${at}-${path.basename(file, '.md')}`, title: source.split('\n').find((line) => line.startsWith('title:')) ?? '', text: source, tags: path.dirname(file), errors: source.slice(0, 40) }
  })
  expect(entries.length).toBeGreaterThan(10)
  expect(entries.some((entry) => /\p{Script=Han}/u.test(entry.text))).toBe(true)
  expect(byKb(entries, { fields, storeFields, tokenize: indexTerms })).toBe(byMiniSearch(entries, indexTerms))
})

it('indexes real pages nobody here wrote, English and Chinese, in shards of 1,000, as MiniSearch does (tldr-pages corpus)', () => {
  const tldr = path.resolve('../shared/corpus/tldr')
  if (!existsSync(tldr)) throw new Error(`${tldr} is missing: the tests need ../shared/corpus beside the repository (see DEVELOPERS.md)`)
  for (const folder of ['pages/common', 'pages.zh/common']) {
    const names = readdirSync(path.join(tldr, folder)).filter((name) => name.endsWith('.md')).sort().slice(0, 1000)
    const pages = names.map((name) => {
      const source = readFileSync(path.join(tldr, folder, name), 'utf8')
      return { id: name.replace(/\.md$/, ''), title: source.split('\n')[0]?.replace(/^# /, '') ?? '', text: source, tags: folder, errors: source.match(/`[^`]+`/)?.[0] ?? '' }
    })
    expect(pages.length).toBeGreaterThan(900)
    expect(byKb(pages, { fields, storeFields, tokenize: indexTerms })).toBe(byMiniSearch(pages, indexTerms))
  }
})

function readdirRecursive(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join(folder, name))
}
