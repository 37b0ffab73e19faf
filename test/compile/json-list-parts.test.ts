import { expect, it } from 'vitest'
import fc from 'fast-check'
import { json, jsonListParts } from '../../src/compile/json-text.js'
import { partsAlways } from '../../src/compile/render-memo.js'
import { streamedText } from '../../src/compile/output-file.js'

const text = fc.string({ unit: fc.constantFrom('a', 'é', '\n', '"', '\\', '\u2028', '中', ' ', '{', '[') })
const item = fc.record({ id: text, tags: fc.array(text, { maxLength: 3 }), nested: fc.record({ empty: fc.constant([]), none: fc.constant({}), n: fc.integer() }), missing: fc.constant(undefined) })

it('writes a JSON file whose last key lists items, part by part, as json() writes the whole', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('brand', 'locale', 'version', 'title'), fc.oneof(text, fc.integer(), fc.array(text, { maxLength: 2 }))), fc.array(item, { maxLength: 5 }), (fields, items) => {
      const parts = jsonListParts(fields, 'entries', items.map((value, index) => ({ inputs: index, value: () => value })))
      expect(streamedText(partsAlways('x.json', parts))).toBe(json({ ...fields, entries: items }))
    })
  )
})

it('makes an item part a function of its inputs and of whether it comes first, so an unchanged item is copied as it was', () => {
  const keys = (parts: ReturnType<typeof jsonListParts>) => parts.map((part) => JSON.stringify(part.inputs))
  const before = jsonListParts({ version: 1 }, 'items', ['a', 'b', 'c'].map((id) => ({ inputs: id, value: () => ({ id }) })))
  const after = jsonListParts({ version: 1 }, 'items', ['a', 'c'].map((id) => ({ inputs: id, value: () => ({ id }) })))
  // `c` moved up but is still not first: its part, comma and all, is the same text under the same inputs.
  const cBefore = before.find((part) => JSON.stringify(part.inputs) === '["c",false]')
  const cAfter = after.find((part) => JSON.stringify(part.inputs) === '["c",false]')
  expect(cBefore?.render()).toBe(cAfter?.render())
  expect(keys(after)).not.toContain('["b",false]')
})
