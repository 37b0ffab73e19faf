import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exampleConfig, exampleContext } from './helpers/example-context.js'
import { checkEntryHere } from '../src/build/process-entry.js'
import { checkCrossEntry } from '../src/validate/cross-entry.js'
import { compileToMap } from '../src/compile/compile-kb.js'
import { scanOutput } from '../src/validate/safety/scan-output.js'
import { isRuleId } from '../src/diagnostics/rules.js'
import { toDiagnostics } from '../src/diagnostics/report.js'
import { formatText } from '../src/diagnostics/format-text.js'
import { loadTerminalWidth } from '../src/diagnostics/terminal-width.js'
import { splitText } from '../src/compile/feeds/chunks.js'
import { scanText } from '../src/validate/safety/scan-text.js'
import { blankTags } from '../src/validate/safety/scan-output.js'

/**
 * Issue 9: arbitrary bytes, Markdown and YAML, hostile shapes included (deep nesting, malformed escapes,
 * half characters, control characters), go through the check and the build in-process: nothing throws, no
 * `internal-error`, and every diagnostic lies inside its file's real lines and columns.
 */
const config = exampleConfig
const context = exampleContext

const hostileUrl = fc.constantFrom(
  'https://example.com/%E0%A4%A',
  'mailto:%E0%A4%A@example.org',
  'https://%zz@evil.example.net/',
  '/\\evil.example.net/x',
  'java\tscript:alert(1)',
  'https://example.com/a.%61pk',
  'tel:%',
  'https://www.okx.com@evil.io/',
  'http://203.0.113.7:8080/',
  '../account/x.md#%E0%A4%A'
)
const word = fc.oneof(
  fc.constantFrom('症状', '原因', '解决步骤', '常见问题', '**', '__', '[', ']', '](', '`', '<', '>', '&#x', '\\', '|', '\u001B[2J', '\u0007', '\u202E', '\uD800', '\uFFFD', 'www.example.org', 'a@example.org', '电话 138 0013 8000'),
  hostileUrl,
  fc.string({ maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 6 })
)
const line = fc.array(word, { maxLength: 8 }).map((words) => words.join(' '))
const nested = fc.tuple(fc.constantFrom('> ', '- ', '* ', '1. ', '  - ', '[', '*_', '**'), fc.integer({ min: 1, max: 400 }), line).map(([unit, depth, text]) => unit.repeat(depth) + text)
const block = fc.oneof(
  line,
  nested,
  line.map((text) => `## ${text}`),
  line.map((text) => `### ${text}`),
  line.map((text) => `- [ ] ${text}`),
  fc.tuple(line, hostileUrl).map(([text, url]) => `[${text}](${url})`),
  line.map((text) => '```\n' + text + '\n```'),
  line.map((text) => `| a | b |\n| - | - |\n| ${text} | x |`)
)
const yamlValue = fc.oneof(line, hostileUrl.map((url) => JSON.stringify(url)), fc.constantFrom('"\\uD800"', '"\\u001B]0;x\\u0007"', '[[[[[[[[', '{a: {b: {c: ', '&x [1, *x]', '"\\x00"'))
const frontmatterLine = fc.tuple(fc.constantFrom('id', 'type', 'title', 'summary', 'category', 'status', 'updated', 'tags', 'owner', 'keywords'), yamlValue).map(([key, value]) => `${key}: ${value}`)
const validHead = ['id: entry-0', 'type: troubleshooting', 'title: 标题标题', 'summary: 十个字以上的摘要文字在这里。', 'category: account', 'status: published', 'updated: 2026-11-20']
const document = fc.oneof(
  fc.tuple(fc.boolean(), fc.array(frontmatterLine, { maxLength: 6 }), fc.array(block, { maxLength: 12 })).map(([valid, lines, blocks]) => ['---', ...(valid ? validHead : []), ...lines, '---', '', '## 症状', '', '- 出错', '', '## 原因', '', '### 一', '', '修好。', '', '## 解决步骤', '', '1. 再试。', '', ...blocks].join('\n')),
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1'))
)

describe('check and build on arbitrary, hostile input', () => {
  it('never throw nor report internal-error, and every diagnostic has a real place', async () => {
    const widthOf = await loadTerminalWidth()
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (texts) => {
        const decoded = new Map<string, string>()
        const entries = texts.map((text, index) => {
          const bytes = Buffer.from(text, 'utf8')
          const path = `content/zh-CN/account/entry-${index}.md`
          decoded.set(path, bytes.toString('utf8'))
          return checkEntryHere(path, bytes, context, true)
        })
        const lookup = checkCrossEntry(entries, config)
        const outputs = compileToMap({ config, entries, lookup }, { drafts: true, generatedAt: undefined })
        const scanned = scanOutput(outputs, context.policy, new Set())
        const files = entries.map((entry) => entry.file)
        const diagnostics = toDiagnostics(files)
        for (const diagnostic of diagnostics) {
          expect(diagnostic.ruleId).not.toBe('internal-error')
          expect(isRuleId(diagnostic.ruleId), diagnostic.ruleId).toBe(true)
          const lines = (decoded.get(diagnostic.file) ?? '').replace(/^\uFEFF/, '').split(/\r?\n/)
          expect(diagnostic.line).toBeGreaterThanOrEqual(1)
          expect(diagnostic.line).toBeLessThanOrEqual(lines.length)
          expect(diagnostic.column).toBeGreaterThanOrEqual(1)
          expect(diagnostic.column).toBeLessThanOrEqual((lines[diagnostic.line - 1] ?? '').length + 1)
          expect(diagnostic.endLine).toBeGreaterThanOrEqual(diagnostic.line)
        }
        for (const diagnostic of toDiagnostics(scanned)) expect(diagnostic.ruleId).toBe('unsafe-output')
        // The text report of all of it prints no raw control character.
        const report = formatText(diagnostics, { files: files.length, errors: 0, warnings: 0 }, { color: false, sources: new Map([...decoded]), widthOf })
        expect(report).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/)
      }),
      { numRuns: 300, seed: Number(process.env['FC_SEED'] ?? 20261126) }
    )
  })
})

describe('retrieval chunks', () => {
  it('never cut a URL, an address or a character in two', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('https://www.example.com/help/close-account?x=1', 'support@example.com', 'www.example.org/a.b', '😀', '注销账户。', 'v1.2.3 '), fc.string({ maxLength: 30 })), { minLength: 50, maxLength: 400 }), fc.boolean(), (parts, spaced) => {
        const text = parts.join(spaced ? ' ' : '')
        const pieces = splitText(text, 200)
        const whole = new Set(scanText(text).map((match) => match.value))
        for (const piece of pieces) {
          expect(piece).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/)
          for (const match of scanText(piece)) if (match.kind === 'url' || match.kind === 'email') expect(whole.has(match.value), match.value).toBe(true)
        }
      }),
      { numRuns: 300, seed: 20261126 }
    )
  })
})

describe('linear helpers', () => {
  it('blank tags like the regular expression they replace, also with a `<` and no `>`', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('<', '>', 'a', ' ', '<a href="x">', '</b>'), { maxLength: 60 }), (parts) => {
        const text = parts.join('')
        expect(blankTags(text)).toBe(text.replace(/<[^>]*>/g, (tag) => ' '.repeat(tag.length)))
      })
    )
  })

  it('a failure inside one entry becomes internal-error on that entry alone', () => {
    const exploding = { ...context, policy: new Proxy(context.policy, { get: () => { throw new Error('boom') } }) }
    const entry = checkEntryHere('content/zh-CN/account/x.md', Buffer.from('---\nid: x\n---\n\n[a](https://example.net/)\n'), exploding, true)
    expect(entry.file.messages.map((message) => message.ruleId)).toContain('internal-error')
    expect(entry.frontmatter).toBeUndefined()
    expect(entry.compiled).toBeUndefined()
  })

  it('the output scan honours overrides of the rule it found and of unsafe-output itself', () => {
    const output = new Map([['feeds/x.txt', 'see http://insecure.example.org/a']])
    expect(scanOutput(output, context.policy, new Set()).length).toBe(1)
    expect(scanOutput(output, context.policy, new Set(), { 'insecure-url': 'off', 'lookalike-domain': 'off' })).toEqual([])
    expect(scanOutput(output, context.policy, new Set(), { 'unsafe-output': 'off' })).toEqual([])
    const lowered = scanOutput(output, context.policy, new Set(), { 'unsafe-output': 'warning' })
    expect(lowered.flatMap((file) => file.messages.map((message) => message.fatal))).not.toContain(true)
  })
})
