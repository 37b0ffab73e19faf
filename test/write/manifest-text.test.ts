import fc from 'fast-check'
import { expect, it } from 'vitest'
import { generator, manifestText } from '../../src/write/kb-manifest.js'
import type { Manifest } from '../../src/types/manifest.js'

it('writes the manifest a thousand files at a time as JSON.stringify writes it whole', () => {
  const file = fc.record({ path: fc.string({ unit: fc.constantFrom('a', '/', '中', '"', '\\', '\n', '\u2028', '.') }), size: fc.nat(), sha256: fc.constant('0'.repeat(64)) })
  fc.assert(
    fc.property(fc.array(file, { maxLength: 5 }), fc.option(fc.constant('2026-11-27T00:00:00Z'), { nil: undefined }), (files, generatedAt) => {
      const manifest: Manifest = { generator, ...(generatedAt === undefined ? {} : { generatedAt }), files }
      expect([...manifestText(manifest)].join('')).toBe(JSON.stringify(manifest, null, 2) + '\n')
    })
  )
  // Across the thousand-file batches.
  for (const count of [999, 1000, 1001, 2500]) {
    const manifest: Manifest = { generator, files: Array.from({ length: count }, (_, index) => ({ path: `en/x${index}.html`, size: index, sha256: 'f'.repeat(64) })) }
    const parts = [...manifestText(manifest)]
    expect(parts.join('')).toBe(JSON.stringify(manifest, null, 2) + '\n')
    expect(parts.length).toBe(Math.ceil(count / 1000) + 2)
  }
})
