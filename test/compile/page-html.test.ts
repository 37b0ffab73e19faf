import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import type { ElementContent, Root } from 'hast'
import { expect, it, vi } from 'vitest'
import { buildKb } from '../../src/build/build.js'
import { pageHtml } from '../../src/compile/site/page-html.js'
import type * as PageHtml from '../../src/compile/site/page-html.js'
import { layOutTldrKb, tldrExists, tldrMissingMessage, tldrRoot } from '../../scripts/tldr-kb.js'
import { layOutShippedKb } from '../helpers/run-kb.js'

// Every page a build writes is also written by hast-util-to-html, and the two compared.
const pages = vi.hoisted(() => ({ written: 0, differing: [] as string[] }))
vi.mock('../../src/compile/site/page-html.js', async (original) => {
  const actual = await original<typeof PageHtml>()
  const { toHtml: library } = await import('hast-util-to-html')
  return {
    ...actual,
    pageHtml: (tree: Root) => {
      const written = actual.pageHtml(tree)
      pages.written++
      if (written !== library(tree, { allowDangerousHtml: true })) pages.differing.push(written.slice(0, 200))
      return written
    }
  }
})

const byLibrary = (tree: Root) => toHtml(tree, { allowDangerousHtml: true })

/** Text with everything that needs a character reference somewhere: markup, quotes, backticks, NUL, lone surrogates. */
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('<b>', 'a & b', '"quoted"', "it's", '`x`', '\0', '\ud800', '账户 <注销>', ' padded ', ''))
/** Properties as hastscript makes them from what kb's layout gives it: lists, booleans, numbers, ARIA and data names. */
const properties = fc.record(
  {
    className: fc.oneof(fc.array(text, { maxLength: 3 }), text),
    id: text,
    href: text,
    title: text,
    ariaLabel: text,
    ariaCurrent: fc.constantFrom('page', 'true', true, false),
    dataCheckKey: text,
    hrefLang: text,
    htmlFor: text,
    defer: fc.boolean(),
    checked: fc.oneof(fc.boolean(), fc.constantFrom('', 'checked', 'no')),
    hidden: fc.oneof(fc.boolean(), fc.constantFrom('', 'hidden', 'until-found')),
    download: fc.oneof(fc.boolean(), fc.constantFrom('', 'download', 'file.txt')),
    tabIndex: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(Number.NaN)),
    accept: fc.array(text, { maxLength: 3 }),
    content: text
  },
  { requiredKeys: [] }
)
const tag = fc.constantFrom('p', 'a', 'div', 'span', 'li', 'ul', 'script', 'style', 'br', 'img', 'meta', 'input', 'link', 'time', 'code', 'pre', 'title')
const node: fc.Memo<ElementContent> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(text.map((value) => ({ type: 'text', value }) as ElementContent), text.map((value) => ({ type: 'raw', value }) as unknown as ElementContent))
    : fc.oneof(
        { weight: 1, arbitrary: text.map((value) => ({ type: 'text', value }) as ElementContent) },
        { weight: 1, arbitrary: text.map((value) => ({ type: 'raw', value }) as unknown as ElementContent) },
        { weight: 3, arbitrary: fc.tuple(tag, properties, fc.array(node(depth - 1), { maxLength: 4 })).map(([name, props, kids]) => h(name, props as Record<string, string>, kids)) }
      )
)
const tree = fc.array(node(4), { maxLength: 5 }).map((children): Root => ({ type: 'root', children: [{ type: 'doctype' }, h('html', { lang: 'en' }, [h('body', children)])] }))

it('writes the bytes hast-util-to-html writes, for generated page trees', () => {
  fc.assert(
    fc.property(tree, (page) => {
      expect(pageHtml(page)).toBe(byLibrary(page))
    }),
    { numRuns: 600 }
  )
})

it('gives a tree with nodes it does not write (a comment, SVG) to hast-util-to-html', () => {
  const withComment: Root = { type: 'root', children: [h('p', ['a']), { type: 'comment', value: ' note -- > ' }] }
  const withSvg: Root = { type: 'root', children: [h('div', [h('svg', { viewBox: '0 0 1 1' }, [h('circle', { cx: 1 })])])] }
  for (const page of [withComment, withSvg]) expect(pageHtml(page)).toBe(byLibrary(page))
})

it('writes every page of the shipped KB and of 400 tldr pages as hast-util-to-html does', async () => {
  if (!(await tldrExists())) throw new Error(tldrMissingMessage(tldrRoot))
  pages.written = 0
  pages.differing = []
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-page-html-'))
  try {
    const shipped = await layOutShippedKb('kb-page-html-shipped-')
    const tldr = path.join(scratch, 'tldr')
    await layOutTldrKb(tldr, { limit: 400 })
    for (const root of [shipped, tldr]) {
      const before = pages.written
      const built = await buildKb(root, { outDir: path.join(root, 'dist'), drafts: true, generatedAt: undefined, maxWarnings: undefined, cache: false, env: { KB_WORKERS: '1', KB_WRITERS: '0' } })
      expect(built.kind).toBe('written')
      expect(pages.written - before).toBeGreaterThan(root === tldr ? 400 : 18)
    }
    await rm(shipped, { recursive: true, force: true })
    expect(pages.differing).toEqual([])
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}, 120_000)
