import { createHash } from 'node:crypto'
import { readFile, readdir, rm, writeFile, mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { XMLParser } from 'fast-xml-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'
import type { FaqFeed } from '../../src/types/feed-faq.js'

/** An FAQ answer with everything that breaks naive CSV, TSV, XML and JSON writers. */
const trickyAnswer = '他说："先撤单，再提现"，然后\t等待。\n第二行, with "quotes", commas, a tab\tand emoji 🔐！（完成）'

let root: string
let cleanup: () => Promise<void>
let out: string
const read = (file: string) => readFile(path.join(out, file), 'utf8')

beforeAll(async () => {
  ;({ root, cleanup } = await layOutFixture('valid'))
  const file = path.join(root, 'content/zh-CN/account/close-account.md')
  // The code block keeps a real tab and line break in the answer text (prose collapses white space).
  await writeFile(file, (await readFile(file, 'utf8')).replace('不能，注销不可撤销。', trickyAnswer.replace(/\n/g, '  \n') + '\n\n```\n字段\t值\nUID\t"123", 4\n```'))
  const run = await runKb(['build', '--root', root, '--drafts'])
  expect(run.code, run.stdout + run.stderr).toBe(0)
  out = path.join(root, 'dist')
})
afterAll(() => cleanup())

describe('feeds, read back by independent parsers', () => {
  it('writes Q&A JSON valid against its schema, with stable ids linked across locales', async () => {
    const ajv = new Ajv2020({ strict: true })
    addFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(await read('api/schemas/faq.schema.json')) as object)
    const overall = JSON.parse(await read('feeds/faq.json')) as FaqFeed
    expect(validate(overall) ? [] : validate.errors).toEqual([])
    const zh = JSON.parse(await read('feeds/zh-CN/faq.json')) as FaqFeed
    expect(validate(zh) ? [] : validate.errors).toEqual([])
    expect(zh.pairs.map((pair) => pair.id)).toEqual(['close-account.summary', 'close-account.faq-1'])
    expect(zh.pairs[0]?.translations).toEqual([{ locale: 'en', id: 'close-account.summary' }])
    expect(zh.pairs[1]?.translations).toEqual([{ locale: 'en', id: 'close-account.faq-1' }])
    expect(zh.pairs[1]?.answerText).toContain('他说："先撤单，再提现"')
    expect(overall.pairs.length).toBe(zh.pairs.length + (JSON.parse(await read('feeds/en/faq.json')) as FaqFeed).pairs.length)
  })

  it('keeps the same pairs, quotes, commas, tabs, newlines, emoji and Chinese punctuation in every Q&A format', async () => {
    for (const locale of ['zh-CN', 'en']) {
      const pairs = (JSON.parse(await read(`feeds/${locale}/faq.json`)) as FaqFeed).pairs
      const expected = pairs.map((pair) => [pair.question, pair.answerText])

      const tsvRows = parseCsv(await read(`feeds/${locale}/azure-question-answering.tsv`), { delimiter: '\t', quote: false, relaxColumnCount: false }) as string[][]
      expect(tsvRows[0]).toEqual(['Question', 'Answer', 'Source', 'Metadata', 'SuggestedQuestions', 'IsContextOnly', 'Prompts', 'QnaId', 'SourceDisplayName'])
      const unescape = (value: string) => value.replace(/\\(\\|t|n)/g, (_match, char: string) => (char === 't' ? '\t' : char === 'n' ? '\n' : '\\'))
      expect(tsvRows.slice(1).map((row) => [unescape(row[0] ?? ''), unescape(row[1] ?? '')])).toEqual(expected)
      for (const row of tsvRows.slice(1)) {
        expect(JSON.parse(row[3] ?? '')).toContainEqual({ name: 'category', value: 'account' })
        expect(Array.isArray(JSON.parse(row[6] ?? ''))).toBe(true)
      }

      const csvRows = parseCsv(await read(`feeds/${locale}/dialogflow-faq.csv`)) as string[][]
      expect(csvRows).toEqual(expected)

      const kendra = JSON.parse(await read(`feeds/${locale}/kendra-faq.json`)) as { SchemaVersion: number; FaqDocuments: { Question: string; Answer: string; Attributes: { _source_uri: string } }[] }
      expect(kendra.SchemaVersion).toBe(1)
      expect(kendra.FaqDocuments.map((document) => [document.Question, document.Answer])).toEqual(expected)
    }
    const zhCsv = parseCsv(await read('feeds/zh-CN/dialogflow-faq.csv')) as string[][]
    expect(zhCsv[1]?.[1]).toContain('他说："先撤单，再提现"，然后')
    expect(zhCsv[1]?.[1]).toContain('with "quotes", commas')
    expect(zhCsv[1]?.[1]).toContain('🔐！（完成）')
    expect(zhCsv[1]?.[1]).toContain('字段\t值\nUID\t"123", 4')
  })

  it('writes JSON Feed 1.1 and Atom 1.0 per locale, newest first, with stable ids', async () => {
    const ajv = new Ajv2020({ strict: false })
    addFormats.default(ajv)
    const validate = ajv.compile(JSON.parse(await readFile(path.join(import.meta.dirname, 'schemas/jsonfeed-1.1.schema.json'), 'utf8')) as object)
    const feed = JSON.parse(await read('feeds/zh-CN/feed.json')) as { items: { id: string; date_modified: string }[] }
    expect(validate(feed) ? [] : validate.errors).toEqual([])
    expect(feed.items.map((item) => item.id)).toEqual(['kb:zh-CN/close-account', 'kb:zh-CN/two-factor'])
    const atom = new XMLParser({ ignoreAttributes: false, htmlEntities: true, isArray: (name) => name === 'entry' || name === 'category' || name === 'link' }).parse(await read('feeds/zh-CN/atom.xml')) as {
      feed: { '@_xmlns': string; entry: { id: string; title: string; content: { '#text': string; '@_type': string } }[] }
    }
    expect(atom.feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom')
    expect(atom.feed.entry.map((entry) => entry.id)).toEqual(['urn:kb:Example:zh-CN:close-account', 'urn:kb:Example:zh-CN:two-factor'])
    expect(atom.feed.entry[0]?.content['@_type']).toBe('html')
    expect(atom.feed.entry[0]?.content['#text']).toContain('<h2 id="症状">')
  })

  it('writes Zendesk payloads per article and translation, and a manifest keyed by entry id, each article before its translations', async () => {
    const manifest = JSON.parse(await read('feeds/zendesk/manifest.json')) as { items: { externalId: string; locale: string; kind: string; payload: string; contentHash: string }[] }
    // Each item's hash is its payload file's: an importer can check the file against it.
    for (const item of manifest.items) expect(item.contentHash).toBe(`sha256-${createHash('sha256').update(await read(item.payload)).digest('hex')}`)
    expect(manifest.items.map((item) => [item.externalId, item.locale, item.kind])).toEqual([
      ['kb-close-account', 'zh-cn', 'article'],
      ['kb-close-account', 'en-us', 'translation'],
      ['kb-two-factor', 'zh-cn', 'article']
    ])
    type Article = { article: { title: string; body: string; locale: string; label_names: string[]; draft: boolean; permission_group_id: number; user_segment_id: number | null } }
    const article = JSON.parse(await read('feeds/zendesk/close-account.zh-CN.json')) as Article
    // The Help Center API requires both ids on a new article; null lets everyone see it.
    expect(article.article).toMatchObject({ title: '注销账户失败', locale: 'zh-cn', label_names: ['注销', '账户'], draft: false, permission_group_id: 1001, user_segment_id: null })
    // Zendesk's allowed HTML has no <input>: checklist boxes are characters.
    expect(article.article.body).not.toContain('<input')
    expect(article.article.body).toContain('☐ ')
    expect(article.article.body).toContain('☑ ')
    const security = JSON.parse(await read('feeds/zendesk/two-factor.zh-CN.json')) as Article
    expect(security.article).toMatchObject({ permission_group_id: 1001, user_segment_id: 2002 })
    const translation = JSON.parse(await read('feeds/zendesk/close-account.en.json')) as { translation: Record<string, unknown> }
    expect(translation.translation['locale']).toBe('en-us')
    expect(translation.translation).not.toHaveProperty('permission_group_id')
  })

  it('writes retrieval chunks per section with heading paths, anchors, hashes and a size limit, and llms.txt', async () => {
    const lines = (await read('feeds/chunks.jsonl')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; headingPath: string[]; url: string; chars: number; text: string })
    expect(lines.find((chunk) => chunk.id === 'zh-CN/close-account#cause-1')).toMatchObject({ headingPath: ['注销账户失败', '原因', '还有余额'], url: `https://help.example.com/zh-CN/account/close-account.html#${encodeURIComponent('还有余额')}` })
    for (const chunk of lines) expect(chunk.chars).toBeLessThanOrEqual(1500)
    const llms = await read('llms.txt')
    expect(llms).toContain('- [注销账户失败](https://help.example.com/zh-CN/account/close-account.md): ')
    expect(await read('zh-CN/account/close-account.md')).toMatch(/^# 注销账户失败\n\n> /)
  })

  it('puts draft entries in no feed, even with --drafts', async () => {
    for (const file of (await readdir(path.join(out, 'feeds'), { recursive: true })).map(String)) {
      if (!file.includes('.')) continue
      expect(await read(`feeds/${file}`), file).not.toContain('draft-entry')
    }
    expect(await read('llms.txt')).not.toContain('draft-entry')
  })
})

describe('change detection', () => {
  it('changing one entry changes only its records and manifest lines', async () => {
    const { root: second, cleanup: cleanupSecond } = await layOutFixture('valid')
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-feeds-change-'))
    try {
      const before = path.join(scratch, 'before')
      const after = path.join(scratch, 'after')
      expect((await runKb(['build', '--root', second, '--out', before])).code).toBe(0)
      const file = path.join(second, 'content/zh-CN/security/two-factor.md')
      await writeFile(file, (await readFile(file, 'utf8')).replace('打开安全设置。', '打开 App 的安全设置。'))
      expect((await runKb(['build', '--root', second, '--out', after])).code).toBe(0)
      const lines = async (dir: string, name: string) => new Set((await readFile(path.join(dir, name), 'utf8')).trim().split('\n'))
      const [chunksBefore, chunksAfter] = [await lines(before, 'feeds/chunks.jsonl'), await lines(after, 'feeds/chunks.jsonl')]
      const changedChunks = [...chunksAfter].filter((line) => !chunksBefore.has(line)).map((line) => (JSON.parse(line) as { entryId: string }).entryId)
      expect(changedChunks.length).toBeGreaterThan(0)
      expect(new Set(changedChunks)).toEqual(new Set(['two-factor']))
      const manifest = async (dir: string) => new Map(((JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] }).files).map((entry) => [entry.path, entry.sha256]))
      const [manifestBefore, manifestAfter] = [await manifest(before), await manifest(after)]
      const changedFiles = [...manifestAfter].filter(([file, sha]) => manifestBefore.get(file) !== sha).map(([file]) => file)
      expect(changedFiles).toContain('feeds/zendesk/two-factor.zh-CN.json')
      expect(changedFiles).not.toContain('feeds/zendesk/close-account.zh-CN.json')
      expect(changedFiles.filter((file) => file.includes('close-account'))).toEqual([])
      const zendeskBefore = (JSON.parse(await readFile(path.join(before, 'feeds/zendesk/manifest.json'), 'utf8')) as { items: { externalId: string; contentHash: string }[] }).items
      const zendeskAfter = (JSON.parse(await readFile(path.join(after, 'feeds/zendesk/manifest.json'), 'utf8')) as { items: { externalId: string; contentHash: string }[] }).items
      expect(zendeskAfter.filter((item, index) => item.contentHash !== zendeskBefore[index]?.contentHash).map((item) => item.externalId)).toEqual(['kb-two-factor'])
    } finally {
      await cleanupSecond()
      await rm(scratch, { recursive: true, force: true })
    }
  })

  it('lists only the most recently updated entries in Atom and JSON Feed, as many as feeds.recent says', async () => {
    const { root: small, cleanup: cleanupSmall } = await layOutFixture('valid')
    try {
      await writeFile(path.join(small, 'kb.config.yaml'), (await readFile(path.join(small, 'kb.config.yaml'), 'utf8')) + 'feeds: { recent: 1 }\n')
      const run = await runKb(['build', '--root', small])
      expect(run.code, run.stdout + run.stderr).toBe(0)
      const feed = JSON.parse(await readFile(path.join(small, 'dist/feeds/zh-CN/feed.json'), 'utf8')) as { items: { id: string }[] }
      expect(feed.items.map((item) => item.id)).toEqual(['kb:zh-CN/close-account'])
      expect((await readFile(path.join(small, 'dist/feeds/zh-CN/atom.xml'), 'utf8')).match(/<entry>/g)).toHaveLength(1)
      // The imports still carry every entry.
      const chunks = (await readFile(path.join(small, 'dist/feeds/chunks.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { locale: string; entryId: string })
      expect(new Set(chunks.filter((chunk) => chunk.locale === 'zh-CN').map((chunk) => chunk.entryId))).toEqual(new Set(['close-account', 'two-factor']))
    } finally {
      await cleanupSmall()
    }
  })
})
