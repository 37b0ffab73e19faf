import crypto from 'node:crypto'

/** `crypto.hash` (Node.js 20.12 and later): one call, no Hash object, about three times faster on short texts. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex' | 'base64') => string }).hash
const oneShotBytes = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash

/** The SHA-256 of a text (as UTF-8), for keys computed tens of thousands of times a build. */
export function sha256Of(text: string, encoding: 'hex' | 'base64' = 'hex'): string {
  return oneShot ? oneShot('sha256', text, encoding) : crypto.createHash('sha256').update(text).digest(encoding)
}

/** The same as 32 bytes. */
export function sha256Bytes(text: string): Buffer {
  return oneShotBytes ? oneShotBytes('sha256', text, 'buffer') : crypto.createHash('sha256').update(text).digest()
}
