import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { heldBody, serializeBody } from '../../src/build/held-body.js'
import { linkEntry, splitCompiled, type CompiledEntry } from '../../src/compile/api/entry.js'
import { entryPairs } from '../../src/compile/feeds/qa-pairs.js'
import { shareFastShape } from '../helpers/v8-shape.js'

const body = (index: number) => ({ sections: {}, html: `<p>${index}</p>${'x'.repeat(100_000)}`, text: `${index}`, markdown: `# ${index}` })

describe('compiled bodies held serialized', () => {
  it('keeps recently read bodies decoded, and lets the oldest go once they pass the budget', () => {
    const first = heldBody(serializeBody(body(0)))
    const once = first()
    expect(first()).toBe(once)
    // About 100 KB each: far more than the budget holds decoded.
    const others = Array.from({ length: 1000 }, (_, index) => heldBody(serializeBody(body(index + 1))))
    for (const read of others) read()
    const again = first()
    expect(again).not.toBe(once)
    expect(again).toEqual(once)
  })

  it('keeps a few megabytes of bodies decoded, not a share of the KB: outputs read the entries in turn, and a body is read again a whole KB later', () => {
    const first = heldBody(serializeBody(body(0)))
    const once = first()
    // 3 MB read since: past the budget, so the first body is decoded again.
    for (let index = 1; index <= 30; index++) heldBody(serializeBody(body(index)))()
    expect(first()).not.toBe(once)
    // 1 MB read since: within it, so it is kept.
    const kept = first()
    for (let index = 31; index <= 40; index++) heldBody(serializeBody(body(index)))()
    expect(first()).toBe(kept)
  })

  it('gives linked records their body fields in the published key order, read when used', () => {
    const compiled = { api: { id: 'a', locale: 'en', images: [], sections: { faq: undefined }, html: '<p>x</p>', text: 'x' }, markdown: '# a' } as unknown as CompiledEntry
    const { head, body: parts } = splitCompiled(compiled)
    let reads = 0
    const record = linkEntry(
      { frontmatter: { id: 'a', related: [] }, location: { locale: 'en' } } as never,
      {
        head,
        body: () => {
          reads++
          return parts
        },
        faqItems: 0
      },
      { config: { locales: ['en'], defaultLocale: 'en' }, lookup: { byLocaleAndId: new Map(), byPath: new Map() }, built: new Set() } as never
    )
    expect(reads).toBe(0)
    expect(Object.keys(record)).toEqual(['id', 'locale', 'images', 'outdated', 'translations', 'related', 'sections', 'html', 'text'])
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({ html: '<p>x</p>', text: 'x' })
    expect(reads).toBeGreaterThan(0)
  })

  it('gives linked records one fast shape in V8, however many there are (getters of their own, or a spread copy of the head, gave each record its own)', () => {
    const context = { config: { locales: ['en'], defaultLocale: 'en' }, lookup: { byLocaleAndId: new Map(), byPath: new Map() }, built: new Set() } as never
    const linked = (id: string) => {
      const api = { id, locale: 'en', type: 'howto', title: id, summary: 'S', category: { id: 'c', name: 'C' }, tags: [], status: 'published', updated: '2026-01-01', keywords: [], url: `https://help.example.com/en/c/${id}.html`, source: `content/en/c/${id}.md`, contentHash: id, images: [], sections: {}, html: `<p>${id}</p>`, text: id }
      const { head, body, faqItems } = splitCompiled({ api, markdown: '' } as unknown as CompiledEntry)
      // As a build meets it: its head read back from the cache (v8-serialized).
      return linkEntry({ frontmatter: { id, related: [] }, location: { locale: 'en' } } as never, { head: v8.deserialize(v8.serialize(head)) as typeof head, body: () => body, faqItems }, context)
    }
    const ids = Array.from({ length: 200 }, (_, index) => `entry-${index}`)
    const records = ids.map(linked)
    expect(records.filter((record) => !shareFastShape(records[0] as object, record)).length).toBe(0)
    expect(records.map((record) => record.html)).toEqual(ids.map((id) => `<p>${id}</p>`))
  })

  it('leaves the body of an entry without FAQ items serialized when the Q&A feeds are made, and reads the FAQ of one with some', () => {
    const config = { locales: ['en'], defaultLocale: 'en', baseUrl: 'https://help.example.com/' }
    const held = (faq: boolean) => {
      const compiled = { api: { id: faq ? 'with-faq' : 'without', locale: 'en', type: 'howto', title: 'T', summary: 'S', category: { id: 'c', name: 'C' }, tags: [], updated: '2026-01-01', images: [], sections: faq ? { faq: { heading: 'FAQ', anchor: 'faq', html: '', text: '', items: [{ title: 'Q?', anchor: 'q', html: '<p>A.</p>', text: 'A.' }] } } : {}, html: '', text: '' }, markdown: '' } as unknown as CompiledEntry
      const { head, body, faqItems } = splitCompiled(compiled)
      let reads = 0
      const record = linkEntry({ frontmatter: { id: compiled.api.id, related: [] }, location: { locale: 'en' } } as never, { head, body: () => (reads++, body), faqItems }, { config, lookup: { byLocaleAndId: new Map(), byPath: new Map() }, built: new Set() } as never)
      return { record, reads: () => reads }
    }
    const without = held(false)
    const withFaq = held(true)
    const linked = entryPairs([without.record, withFaq.record], config as never)
    expect([linked.count(without.record), linked.count(withFaq.record)]).toEqual([0, 1])
    const pairs = [without.record, withFaq.record].flatMap((record) => linked.of(record))
    expect(without.reads()).toBe(0)
    expect(withFaq.reads()).toBeGreaterThan(0)
    expect(pairs.map((pair) => [pair.id, pair.question, pair.answerText])).toEqual([['with-faq.faq-1', 'Q?', 'A.']])
  })
})
