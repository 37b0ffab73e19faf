import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { sha256Of } from '../../src/text/sha256.js'

it('hashes a text as UTF-8, in hex or base64, as createHash does', () => {
  for (const text of ['', 'close-account', '账户注销失败\u0000tags', '😀 emoji']) {
    expect(sha256Of(text)).toBe(createHash('sha256').update(text).digest('hex'))
    expect(sha256Of(text, 'base64')).toBe(createHash('sha256').update(text).digest('base64'))
  }
})
