import fc from 'fast-check'
import { expect, it } from 'vitest'
import { byNewest, newestOf } from '../../src/compile/api/indexes.js'

it('gives the first entries of a listing sorted newest first, as sorting them all would', () => {
  const entry = fc.record({ id: fc.constantFrom('a', 'b', 'c', 'close-account', 'two-factor', '账户'), updated: fc.constantFrom('2026-01-01', '2026-11-20', '2026-11-27', '2025-12-31') })
  fc.assert(
    fc.property(fc.uniqueArray(entry, { selector: (item) => `${item.id} ${item.updated}`, maxLength: 24 }), fc.integer({ min: 1, max: 30 }), (entries, count) => {
      expect(newestOf(entries, count)).toEqual([...entries].sort(byNewest).slice(0, count))
    }),
    { numRuns: 500 }
  )
})
