import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bundleFingerprintFile, hashBundleCode } from '../../src/build/kb-fingerprint.js'

// npm test compiles first (see package.json): the bundle the CLI tests run is the one checked here.
describe('the fingerprint of the bundled CLI', () => {
  const bundle = new URL('../../lib/bundle/', import.meta.url)

  it('is recorded with the bundle and is the hash of its code as it is now', () => {
    // A stale record would let a new kb reuse what an older one cached.
    expect(readFileSync(new URL(bundleFingerprintFile, bundle), 'utf8')).toBe(hashBundleCode(bundle))
  })
})
