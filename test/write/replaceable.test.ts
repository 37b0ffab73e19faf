import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { assertReplaceable } from '../../src/write/replaceable.js'
import { generator, manifestName } from '../../src/write/kb-manifest.js'
import { OutputError } from '../../src/write/output-error.js'

it("refuses a folder holding a file its manifest does not list, unless the build's record vouches for the listing", async () => {
  const target = await mkdtemp(path.join(os.tmpdir(), 'kb-replaceable-'))
  try {
    await writeFile(path.join(target, 'page.html'), '<p>page</p>\n')
    await writeFile(path.join(target, manifestName), JSON.stringify({ generator, files: [{ path: 'page.html', size: 13, sha256: '0'.repeat(64) }] }))
    await expect(assertReplaceable(target, 'dist')).resolves.toBeUndefined()
    await writeFile(path.join(target, 'notes.txt'), 'mine\n')
    await expect(assertReplaceable(target, 'dist')).rejects.toThrow(/it holds 1 file kb did not write.*deleting notes\.txt/)
    // The record's folder stamps would have changed with notes.txt: a listing they vouch for is not read.
    await expect(assertReplaceable(target, 'dist', () => false)).rejects.toBeInstanceOf(OutputError)
    await expect(assertReplaceable(target, 'dist', () => true)).resolves.toBeUndefined()
    // Never a file, whatever is vouched for.
    await expect(assertReplaceable(path.join(target, 'notes.txt'), 'notes.txt', () => true)).rejects.toThrow(/it is a file, expected a folder/)
  } finally {
    await rm(target, { recursive: true, force: true })
  }
})
