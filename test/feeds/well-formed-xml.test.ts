import fc from 'fast-check'
import { SaxesParser } from 'saxes'
import { x } from 'xastscript'
import { describe, expect, it } from 'vitest'
import { wellFormedXml } from '../../src/compile/well-formed-xml.js'

/** Reads a document as a strict XML 1.0 parser does (saxes, namespaces on): its errors, and the text of one element. */
function parseStrictly(xml: string, textOf?: string): { errors: string[]; texts: string[] } {
  const parser = new SaxesParser({ xmlns: true })
  const errors: string[] = []
  const texts: string[] = []
  let inside = false
  parser.on('error', (error) => errors.push(error.message))
  parser.on('opentag', (tag) => {
    if (tag.local === textOf) {
      inside = true
      texts.push('')
    }
  })
  parser.on('closetag', (tag) => {
    if (tag.local === textOf) inside = false
  })
  parser.on('text', (text) => {
    if (inside) texts[texts.length - 1] += text
  })
  parser.write(xml).close()
  return { errors, texts }
}

describe('XML output is well-formed for any text', () => {
  it('mends `]]>` and the characters XML 1.0 forbids, in text and attributes, and keeps the rest', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(']', '>', '<', '&', '"', '\u0000', '\u0001', '\u000B', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '\t', '\n'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }), (text) => {
        const xml = wellFormedXml(x('feed', { title: text }, [x('summary', text)]))
        const { errors, texts } = parseStrictly(xml, 'summary')
        expect(errors).toEqual([])
        // What XML allows comes back as written (line ends aside, which XML normalizes).
        const allowed = text.replace(/\r\n?/g, '\n')
        if (!/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/.test(allowed)) expect(texts).toEqual([allowed])
      }),
      { numRuns: 300 }
    )
  })
  // A built KB whose entries hold such text is read back strictly in hostile-feeds.test.ts.
})
