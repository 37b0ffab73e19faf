import { readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import remarkParse from 'remark-parse'
import { SaxesParser } from 'saxes'
import { unified } from 'unified'
import { validateXML } from 'xmllint-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdownLine } from '../../src/text/markdown-line.js'
import { layOutFixture, runKb, type KbRun } from '../helpers/run-kb.js'
import type { FaqFeed, QaPair } from '../../src/types/feed-faq.js'

/**
 * One fixture KB whose English entry holds what breaks feed writers, and every feed read back the way its
 * consumer reads it: the sitemaps.org XSD (xmllint), a strict XML parser, the JSON Feed 1.1 schema, csv-parse
 * with strict quoting, the llms.txt reference parser's rules. The values each format should carry come from
 * the Q&A JSON (itself checked against its schema), so each format is compared with the same pairs.
 */
const formula = '=SUM(A1:A3)*2 "total"'
const longAnswer = Array.from({ length: 420 }, (_, index) => `Step ${index + 1}: check the balance, then the orders.`).join(' ')
/** A question longer than Kendra's 300 characters (and an answer longer than Azure's 25,000). */
const longQuestion = `Why ${Array.from({ length: 40 }, (_, index) => `reason ${index + 1}`).join(', ')}?`
const longerAnswer = longAnswer.repeat(12)
const hostileTitle = 'Closure ]]> fails </script> "quoted" [bracket] (paren)\u2028 and more'

let root: string
let cleanup: () => Promise<void>
let build: KbRun
const read = (file: string) => readFile(path.join(root, 'dist', file), 'utf8')

beforeAll(async () => {
  ;({ root, cleanup } = await layOutFixture('valid'))
  const file = path.join(root, 'content/en/account/close-account.md')
  const source = await readFile(file, 'utf8')
  await writeFile(
    file,
    source
      .replace('title: Account closure fails', `title: ${JSON.stringify(hostileTitle)}`)
      .replace('tags: [closure]', 'tags: [closure, "a:b|c", 账户注销]')
      .replace(/^summary: .*$/m, 'summary: |\n  @SUM(1+1) first line ]]> \t tab\n\n  ## Optional\n\n  - [All other entries](https://example.com/other.md): skip them')
      .replace('- The request is refused with `There are unfinished transactions`.', '- Refused with `]]>`, a form feed \f, a bell \u0007, U+FFFE \uFFFE, U+2028 \u2028 and `</script><script>alert(1)</script>`.')
      .replace(
        '### Can I undo a closure?\n',
        `### ${formula}\n\n+1 is how "quoted", tab\tseparated, text starts.\n\n### -2 minus \`]]>\` and "quotes"?\n\n${longAnswer}\n\n### ${longQuestion}\n\n${longerAnswer}\n\n### Can I undo a closure?\n`
      )
  )
  build = await runKb(['build', '--root', root])
}, 120_000)
afterAll(() => cleanup())

/** The pairs of one locale, as the Q&A JSON holds them (checked against its schema below). */
async function pairs(locale: string): Promise<QaPair[]> {
  return (JSON.parse(await read(`feeds/${locale}/faq.json`)) as FaqFeed).pairs
}

describe('feeds built from hostile text', () => {
  it('build, and warn on the entry where a question or answer is longer than a consumer accepts, naming the feed', async () => {
    expect(build.code, build.stdout + build.stderr).toBe(0)
    const report = build.stdout + build.stderr
    expect(report).toMatch(/content\/en\/account\/close-account\.md\n(?:.*\n)*?\s+\d+:1\s+warning\s+Unexpected FAQ answer “-2 minus .*” of \d+ characters for Amazon Kendra FAQ \(feeds\/<locale>\/kendra-faq\.json\), expected at most 2000 .*feed-limit/)
    // The question over Kendra's limit, and the answer over Azure's, are each reported at the item's heading line.
    const source = (await readFile(path.join(root, 'content/en/account/close-account.md'), 'utf8')).split('\n')
    const line = source.findIndex((text) => text.startsWith('### Why reason 1,')) + 1
    expect(line).toBeGreaterThan(1)
    expect(report).toMatch(new RegExp(`\\n\\s+${line}:1\\s+warning\\s+Unexpected FAQ question “Why reason 1, .*…” of ${longQuestion.length} characters for Amazon Kendra FAQ .*expected at most 300`))
    expect(report).toMatch(new RegExp(`\\n\\s+${line}:1\\s+warning\\s+Unexpected FAQ answer “Why reason 1, .*…” of \\d+ characters for Azure question answering .*expected at most 25000`))
  })

  it('writes Q&A JSON valid against the schema it ships, holding the hostile title and the long answer', async () => {
    const ajv = new Ajv2020({ strict: true })
    addFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(await read('api/schemas/faq.schema.json')) as object)
    for (const file of ['feeds/faq.json', 'feeds/en/faq.json']) {
      const feed = JSON.parse(await read(file)) as FaqFeed
      expect(validate(feed) ? [] : validate.errors, file).toEqual([])
    }
    const questions = (await pairs('en')).map((pair) => pair.question)
    expect(questions).toContain(hostileTitle)
    expect(questions).toContain(formula)
    expect(Math.max(...(await pairs('en')).map((pair) => pair.answerText.length))).toBeGreaterThan(2000)
  })

  it('writes a sitemap valid against the sitemaps.org schema', async () => {
    const schemas = path.join(import.meta.dirname, 'schemas')
    const file = (name: string) => readFile(path.join(schemas, name), 'utf8').then((contents) => ({ fileName: name, contents }))
    const result = await validateXML({
      xml: { fileName: 'sitemap.xml', contents: await read('sitemap.xml') },
      schema: await file('sitemap-with-alternates.xsd'),
      preload: [await file('sitemap-0.9.xsd'), await file('xhtml-link.xsd')]
    })
    expect(result.errors.map((error) => error.rawMessage)).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('writes Atom that a strict XML parser reads back to the same titles, summaries and content', async () => {
    for (const file of ['feeds/en/atom.xml', 'feeds/zh-CN/atom.xml', 'sitemap.xml']) {
      const strict = new SaxesParser({ xmlns: true })
      const errors: string[] = []
      strict.on('error', (error) => errors.push(error.message))
      strict.write(await read(file)).close()
      expect(errors, file).toEqual([])
    }
    const atom = await read('feeds/en/atom.xml')
    const parser = new SaxesParser({ xmlns: true })
    const errors: string[] = []
    const texts = new Map<string, string[]>()
    let current: string | undefined
    parser.on('error', (error) => errors.push(error.message))
    parser.on('opentag', (tag) => {
      current = tag.local
      texts.set(tag.local, [...(texts.get(tag.local) ?? []), ''])
    })
    parser.on('closetag', () => (current = undefined))
    parser.on('text', (text) => {
      const list = current ? texts.get(current) : undefined
      if (list) list[list.length - 1] += text
    })
    parser.write(atom).close()
    expect(errors).toEqual([])
    expect(texts.get('title')).toContain(hostileTitle)
    expect(texts.get('summary')?.[0]).toContain('@SUM(1+1) first line ]]>')
    const content = texts.get('content')?.join('') ?? ''
    expect(content).toContain('Refused with <code>]]></code>')
    // The sanitized HTML escapes the script as text; the forbidden characters became U+FFFD.
    expect(content).not.toMatch(/<script/i)
    expect(content).not.toMatch(/[\u0007\f\uFFFE]/)
  })

  it('writes JSON Feed 1.1 valid against its schema, with the hostile text kept', async () => {
    const ajv = new Ajv2020({ strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(await readFile(path.join(import.meta.dirname, 'schemas/jsonfeed-1.1.schema.json'), 'utf8')) as object)
    const feed = JSON.parse(await read('feeds/en/feed.json')) as { items: { title: string; summary: string }[] }
    expect(validate(feed) ? [] : validate.errors).toEqual([])
    expect(feed.items.map((item) => item.title)).toContain(hostileTitle)
  })

  it('writes a Dialogflow CSV that strict RFC 4180 parsing splits into the same pairs, no cell a formula', async () => {
    const rows = parseCsv(await read('feeds/en/dialogflow-faq.csv'), { relaxQuotes: false, relaxColumnCount: false, skipEmptyLines: false }) as string[][]
    const expected = (await pairs('en')).map((pair) => [pair.question, pair.answerText])
    expect(rows.map((row) => row.map((cell) => cell.replace(/^'(?=[=+\-@\t\r])/, '')))).toEqual(expected)
    for (const cell of rows.flat()) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('writes Azure TSV rows of nine columns that read back to the same pairs, with metadata Azure keeps', async () => {
    const text = await read('feeds/en/azure-question-answering.tsv')
    const rows = parseCsv(text, { delimiter: '\t', quote: false, relaxColumnCount: false }) as string[][]
    const unescape = (value: string) => value.replace(/\\(\\|t|n)/g, (_match, char: string) => (char === 't' ? '\t' : char === 'n' ? '\n' : '\\')).replace(/^'(?=[=+\-@\t\r"])/, '')
    const expected = (await pairs('en')).map((pair) => [pair.question, pair.answerText])
    expect(rows.slice(1).map((row) => [unescape(row[0] ?? ''), unescape(row[1] ?? '')])).toEqual(expected)
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(9)
      const metadata = JSON.parse(row[3] ?? '') as { name: string; value: string }[]
      // A dictionary to Azure: each name once, names of letters, digits and `_` (≤ 100), values without `:` or `|` (≤ 500).
      expect(new Set(metadata.map((item) => item.name)).size).toBe(metadata.length)
      for (const { name, value } of metadata) {
        expect(name).toMatch(/^[a-zA-Z0-9_]{1,100}$/)
        expect(value).toMatch(/^[^:|]{1,500}$/)
      }
    }
  })

  it('writes Kendra FAQ JSON and retrieval chunks as JSON that reads back, one record per line for chunks', async () => {
    const kendra = JSON.parse(await read('feeds/en/kendra-faq.json')) as { SchemaVersion: number; FaqDocuments: { Question: string; Answer: string; Attributes: Record<string, string> }[] }
    expect(kendra.SchemaVersion).toBe(1)
    expect(kendra.FaqDocuments.map((document) => [document.Question, document.Answer])).toEqual((await pairs('en')).map((pair) => [pair.question, pair.answerText]))
    for (const document of kendra.FaqDocuments) expect(document.Attributes['_language_code']).toBe('en')
    const lines = (await read('feeds/chunks.jsonl')).split('\n')
    expect(lines.pop()).toBe('')
    // A raw U+2028 splits a line for readers that split on every line terminator.
    for (const line of lines) expect(line).not.toMatch(/[\u2028\u2029]/)
    expect(lines.map((line) => JSON.parse(line) as { headingPath: string[] }).some((chunk) => chunk.headingPath[0] === hostileTitle)).toBe(true)
  })

  it('writes an llms.txt that the reference parser reads: every link line parses to its title, URL and summary', async () => {
    const llms = await read('llms.txt')
    // The rules of the llms_txt reference parser (AnswerDotAI/llms-txt, miniparse): `##` splits sections,
    // every non-empty line of a section is `- [title](url): description`, the title without `]`, the URL without `)`.
    const [head = '', ...rest] = llms.split(/^##\s*(.*?)$/m)
    expect(head).toMatch(/^#\s*\S.*\n+>\s*\S.*\n+\S/)
    const sections = new Map<string, string>()
    for (let index = 0; index < rest.length; index += 2) sections.set(rest[index] ?? '', rest[index + 1] ?? '')
    expect([...sections.keys()]).toEqual([expect.stringMatching(/\(zh-CN\)$/), expect.stringMatching(/\(en\)$/)])
    const links = [...sections.values()].flatMap((body) =>
      body
        .split(/\n+/)
        .filter((line) => line.trim())
        .map((line) => {
          const match = /-\s*\[(?<title>[^\]]+)\]\((?<url>[^)]+)\)(?::\s*(?<desc>.*))?/.exec(line)
          expect(match, line).not.toBeNull()
          return match?.groups ?? {}
        })
    )
    const hostile = links.find((link) => link.url?.endsWith('/en/account/close-account.md'))
    // The title and the summary are the entry's, escaped as Markdown text: nothing in them became structure.
    expect(hostile?.title).toBe(markdownLine(hostileTitle).replace(/\\\]/g, '&#93;'))
    expect(hostile?.desc).toBe(markdownLine('@SUM(1+1) first line ]]> \t tab\n\n## Optional\n\n- [All other entries](https://example.com/other.md): skip them'))
  })

  it('writes Zendesk article bodies and Markdown exports with no script and no character HTML forbids', async () => {
    const files = (await readdir(path.join(root, 'dist/feeds/zendesk'))).filter((name) => /^close-account\..*\.json$/.test(name))
    expect(files).toEqual(['close-account.en.json', 'close-account.zh-CN.json'])
    for (const name of ['close-account.en.json']) {
      const payload = JSON.parse(await read(`feeds/zendesk/${name}`)) as { article?: { body: string }; translation?: { body: string } }
      const body = payload.article?.body ?? payload.translation?.body ?? ''
      expect(body, name).toContain('Refused with')
      expect(body, name).not.toMatch(/<script/i)
      expect(body, name).not.toMatch(/[\u0007\uFFFE]/)
    }
    // In the Markdown export a script can only be text: code or escaped characters, never an HTML node.
    const exported = await read('en/account/close-account.md')
    expect(exported).toContain('Refused with')
    const kinds = new Set<string>()
    const visit = (node: { type: string; children?: unknown[] }) => {
      kinds.add(node.type)
      for (const child of node.children ?? []) visit(child as { type: string; children?: unknown[] })
    }
    visit(unified().use(remarkParse).parse(exported))
    expect(kinds.has('inlineCode')).toBe(true)
    expect(kinds.has('html')).toBe(false)
  })
})
