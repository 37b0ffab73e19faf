import fc from 'fast-check'
import { expect, it } from 'vitest'
import { bareDomain, domainMatches, isWhiteSpace } from '../../src/validate/safety/scan-text.js'

const found = (matches: Iterable<RegExpMatchArray>) => [...matches].map((match) => [match.index, match[0]])

// Words a domain is made of, the characters around them, and every kind of white space `\s` reads.
const piece = fc.oneof(
  fc.constantFrom('example', 'www', 'okx', 'help', 'co', 'com', 'cn', 'xn--fiqs8s', 'README', 'md', 'apk', 'a', 'b1', '-', '_', '1', '42', 'A', 'Com'),
  fc.constantFrom('.', '.', '..', '@', '/', ':', ':8080', '//', '?', '#', '%', '(', ')', '"', "'", '`', '{{', '}}', '，', '。', '中文', '\u{1F600}', '\uD800'),
  fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u200a', '\u000b')
)

it('finds exactly the matches a search of the whole text finds, at the same places', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('')
      expect(found(domainMatches(text))).toEqual(found(text.matchAll(bareDomain)))
    }),
    { numRuns: 3000 }
  )
})

it('finds them in real text: a sentence, a file name, a URL with a port and a path, a domain at either end', () => {
  const text = 'okx.com is at the start; see www.example.co.uk:8443/path?q=1. README.md is a file.\u3000help.okx.cn'
  expect(found(domainMatches(text))).toEqual(found(text.matchAll(bareDomain)))
  expect(found(domainMatches(text)).map(([, value]) => value)).toEqual(['okx.com', 'www.example.co.uk:8443/path?q=1.', 'README.md', 'help.okx.cn'])
})

it('reads as white space exactly the characters `\\s` matches', () => {
  const differing: string[] = []
  for (let code = 0; code <= 0xffff; code++) if (isWhiteSpace(code) !== /\s/.test(String.fromCharCode(code))) differing.push(code.toString(16))
  expect(differing).toEqual([])
})
