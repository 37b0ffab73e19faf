import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exampleConfig, exampleContext } from '../helpers/example-context.js'
import { checkEntryHere } from '../../src/build/process-entry.js'
import { checkCrossEntry } from '../../src/validate/cross-entry.js'
import { isRuleId } from '../../src/diagnostics/rules.js'
import { toDiagnostics } from '../../src/diagnostics/report.js'

const config = exampleConfig
const context = exampleContext

const word = fc.oneof(
  fc.constantFrom('症状', '原因', '解决步骤', 'Symptoms', 'FAQ', 'id', 'status', 'published', '注销', '---', '```', '<script>', '&a', '*a', '!!js/function', '\u0301', '\uFEFF', '\r\n', '\t', '#', '|', '[ ]'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 })
)
const line = fc.array(word, { maxLength: 8 }).map((words) => words.join(' '))

const yamlValue = fc.oneof(
  line,
  fc.constantFrom('[a, b', '{x: 1}', '2026-11-20', '&x [1, 2]', '*x', '"unterminated', 'null', '- item', '|\n  block', '!!binary aGk='),
  fc.array(line, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`)
)
const frontmatterLine = fc.tuple(fc.constantFrom('id', 'type', 'title', 'summary', 'category', 'status', 'updated', 'tags', 'related', 'x', '  nested'), yamlValue).map(([key, value]) => `${key}: ${value}`)

const block = fc.oneof(
  line,
  line.map((text) => `## ${text}`),
  line.map((text) => `### ${text}`),
  line.map((text) => `# ${text}`),
  line.map((text) => `- [ ] ${text}`),
  line.map((text) => `1. ${text}`),
  line.map((text) => `- ${text}`),
  line.map((text) => `[${text}](../account/${text}.md#${text})`),
  line.map((text) => `<div onclick="x">${text}</div>`),
  line.map((text) => `> ${text}`),
  line.map((text) => '```\n' + text)
)

const document = fc.oneof(
  fc.tuple(fc.constantFrom('---', '--- ', '---js', '---yaml', '', '\uFEFF---'), fc.array(frontmatterLine, { maxLength: 10 }), fc.boolean(), fc.array(block, { maxLength: 15 }), fc.constantFrom('\n', '\r\n')).map(
    ([open, lines, close, blocks, newline]) => [open, ...lines, ...(close ? ['---'] : []), '', ...blocks].join(newline)
  ),
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1'))
)

describe('kb check on arbitrary input', () => {
  it('never throws, and every diagnostic has a real place and a catalogued rule', () => {
    fc.assert(
      fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, rawBytes) => {
        const decoded = new Map<string, string>()
        const entries = texts.map((text, index) => {
          const bytes = rawBytes ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8')
          const path = `content/${index % 2 ? 'en' : 'zh-CN'}/account/entry-${index}.md`
          decoded.set(path, bytes.toString('utf8'))
          return checkEntryHere(path, bytes, context, false)
        })
        checkCrossEntry(entries, config)
        for (const diagnostic of toDiagnostics(entries.map((entry) => entry.file))) {
          const text = decoded.get(diagnostic.file) ?? ''
          const lineCount = text.split(/\r?\n/).length
          expect(isRuleId(diagnostic.ruleId), diagnostic.ruleId).toBe(true)
          expect(diagnostic.line).toBeGreaterThanOrEqual(1)
          expect(diagnostic.line).toBeLessThanOrEqual(Math.max(1, lineCount))
          expect(diagnostic.column).toBeGreaterThanOrEqual(1)
          expect(diagnostic.endLine).toBeGreaterThanOrEqual(diagnostic.line)
          expect(diagnostic.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 1500, seed: Number(process.env['FC_SEED'] ?? 20261125) }
    )
  })
})
