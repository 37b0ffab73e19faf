import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { expect, it } from 'vitest'
import { miniSearchJson } from '../../src/compile/site/mini-search-json.js'

interface Document {
  id: string
  title: string
  text: string
  errors?: string
}

/** Terms JSON and object keys treat specially: quotes, escapes, lone surrogates, keys that look like numbers or prototypes. */
const term = fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', '0', '1', '-1', '4294967295', '"', '\\', '\u2028', '\ud800', '账户', 'toString'))
const text = fc.array(term, { maxLength: 12 }).map((terms) => terms.join(' '))
const documents = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), title: text, text, errors: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }), { selector: (document) => document.id, maxLength: 25 })

it('writes what JSON.stringify writes of a MiniSearch index, byte for byte, after adding, discarding and replacing documents', () => {
  fc.assert(
    fc.property(documents, fc.array(fc.nat(), { maxLength: 6 }), (added, removals) => {
      const index = new MiniSearch<Document>({ fields: ['title', 'text'], storeFields: ['errors'], tokenize: (value) => value.split(' ').filter(Boolean), processTerm: (value) => value })
      index.addAll(added)
      for (const at of removals) {
        const document = added[at % Math.max(1, added.length)]
        if (document && index.has(document.id)) index.discard(document.id)
      }
      if (added[0] && !index.has(added[0].id)) index.add({ ...added[0], title: `${added[0].title} again` })
      expect(miniSearchJson(index)).toBe(JSON.stringify(index))
    }),
    { numRuns: 400 }
  )
})

it('writes an empty index as JSON.stringify does', () => {
  const index = new MiniSearch<Document>({ fields: ['title'] })
  expect(miniSearchJson(index)).toBe(JSON.stringify(index))
})
