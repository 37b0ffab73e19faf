import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import { SaxesParser } from 'saxes'
import { x } from 'xastscript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wellFormedXml } from '../../src/compile/well-formed-xml.js'
import { layOutFixture, runKb } from '../helpers/run-kb.js'

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

  describe('a built KB whose entries hold hostile text', () => {
    let root: string
    let cleanup: () => Promise<void>
    beforeAll(async () => {
      ;({ root, cleanup } = await layOutFixture('valid'))
      const file = path.join(root, 'content/en/account/close-account.md')
      const source = await readFile(file, 'utf8')
      await writeFile(
        file,
        source
          .replace('summary: When closing', 'summary: "A ]]> marker, then closing"\n# was: When closing')
          .replace('- The request is refused with `There are unfinished transactions`.', '- The request is refused with `]]>` and a form feed \f, a bell \u0007, a vertical tab \u000B and U+FFFE \uFFFE in the text ]]> here.')
      )
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stdout + run.stderr).toBe(0)
    })
    afterAll(() => cleanup())

    it('writes Atom feeds and the sitemap that a strict XML parser reads without an error', async () => {
      for (const file of ['feeds/en/atom.xml', 'feeds/zh-CN/atom.xml', 'sitemap.xml']) {
        const xml = await readFile(path.join(root, 'dist', file), 'utf8')
        expect(parseStrictly(xml).errors, file).toEqual([])
      }
      const atom = await readFile(path.join(root, 'dist/feeds/en/atom.xml'), 'utf8')
      expect(parseStrictly(atom, 'summary').texts).toContain('A ]]> marker, then closing')
      expect(parseStrictly(atom, 'content').texts.join('')).toContain('in the text ]]> here')
    })
  })
})
