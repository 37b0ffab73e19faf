import { execFileSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, runKb } from '../helpers/run-kb.js'

/**
 * Issue 13: `kb translate` writes a translation with its source's structure and records the source version,
 * so `kb check` calls it outdated exactly when the source's text changed, and `--diff` shows how.
 */
let root: string
const env = { SOURCE_DATE_EPOCH: '1795651200' }
const translation = 'content/en/security/fake-support-scams.md'
const source = 'content/zh-CN/security/fake-support-scams.md'
const gitIn = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.email=kb@example.com', '-c', 'user.name=kb', ...args], { encoding: 'utf8' })

interface Report {
  diagnostics: { file: string; line: number; column: number; ruleId: string; severity: string; message: string }[]
  summary: { errors: number; warnings: number }
}
const check = async () => JSON.parse((await runKb(['check', '--root', root, '--format', 'json'], { env })).stdout) as Report
const translate = (...args: string[]) => runKb(['translate', ...args, '--root', root], { env })

beforeAll(async () => {
  root = await layOutShippedKb('kb-translate-')
  gitIn('init', '-q')
  gitIn('add', '-A')
  gitIn('commit', '-qm', 'the KB')
})

afterAll(() => rm(root, { recursive: true, force: true }))

describe('kb translate', () => {
  it('writes the source structure under the target headings, every text marked, and records the source version', async () => {
    const run = await translate('fake-support-scams', '--to', 'en')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(`${translation}\n`)
    const text = await readFile(path.join(root, translation), 'utf8')
    const sourceText = await readFile(path.join(root, source), 'utf8')
    expect(text).toMatch(/^---\nid: fake-support-scams\ntype: \w+\ntitle: "\[To write\] 如何识别假冒 OKX 客服"\nsummary: "\[To write\] .+"\ncategory: security\ntags: \[\]\nstatus: draft\nupdated: 2026-11-26\nsourceHash: [0-9a-f]{16}\n/)
    // The same sections, in order, under the English headings.
    const headings = (markdown: string) => [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1])
    expect(headings(text).length).toBe(headings(sourceText).length)
    expect(headings(text)).not.toContain('症状')
    // The same number of list items and subsections, each one marked.
    const count = (markdown: string, pattern: RegExp) => (markdown.match(pattern) ?? []).length
    expect(count(text, /^\s*(?:[-*+]|\d+\.) /gm)).toBe(count(sourceText, /^\s*(?:[-*+]|\d+\.) /gm))
    expect(count(text, /^### \[To write\] /gm)).toBe(count(sourceText, /^### /gm))
    // A link to an entry with no English translation yet leads to the Chinese one; one with a translation stays.
    expect(text).toContain('](../../zh-CN/security/security-cooldown.md)')
    expect(text).toContain('](../account/contact-support.md)')
  })

  it('passes kb check as a draft, warning only about related entries not translated yet', async () => {
    const report = await check()
    expect(report.summary.errors).toBe(0)
    const ours = report.diagnostics.filter((diagnostic) => diagnostic.file === translation)
    expect(ours.map((diagnostic) => diagnostic.ruleId)).toEqual(['related-untranslated', 'related-untranslated'])
    expect(ours[0]?.message).toBe('Related entry `security-cooldown` has no en translation yet, so the page links the zh-CN entry `content/zh-CN/security/security-cooldown.md`')
  })

  it('never overwrites a translation', async () => {
    const again = await translate('fake-support-scams', '--to', 'en')
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('exists already')
    expect((await translate('no-such-entry', '--to', 'en')).code).toBe(2)
    expect((await translate('fake-support-scams', '--to', 'zh-CN')).stderr).toContain('that is the source locale')
  })

  it('is outdated exactly when the source text changed, shows the change with --diff, and is current again after --done', async () => {
    gitIn('add', '-A')
    gitIn('commit', '-qm', 'translation started')
    const sourceFile = path.join(root, source)
    const original = await readFile(sourceFile, 'utf8')
    // A new review date and owner are not a change of the text: not outdated.
    await writeFile(sourceFile, original.replace(/^reviewed: .*$/m, 'reviewed: 2026-11-21').replace(/^status: .*$/m, '$&\nowner: safety-team'))
    expect((await check()).diagnostics.filter((diagnostic) => diagnostic.file === translation && diagnostic.ruleId === 'translation-outdated')).toEqual([])
    expect((await translate('fake-support-scams', '--to', 'en', '--diff')).stdout).toContain('is up to date with')
    // A changed sentence is.
    const changed = (await readFile(sourceFile, 'utf8')).replace('遇到可疑联系时', '遇到任何可疑联系时')
    await writeFile(sourceFile, changed)
    const outdated = (await check()).diagnostics.filter((diagnostic) => diagnostic.file === translation && diagnostic.ruleId === 'translation-outdated')
    const hashLine = (await readFile(path.join(root, translation), 'utf8')).split('\n').findIndex((line) => line.startsWith('sourceHash:')) + 1
    expect(outdated).toEqual([expect.objectContaining({ line: hashLine, column: 13, severity: 'warning', message: 'Outdated translation: its source `content/zh-CN/security/fake-support-scams.md` changed since it was translated; `kb translate fake-support-scams --to en --diff` shows what changed' })])
    const diff = await translate('fake-support-scams', '--to', 'en', '--diff')
    expect(diff.code).toBe(1)
    expect(diff.stdout).toContain('-遇到可疑联系时')
    expect(diff.stdout).toContain('+遇到任何可疑联系时')
    expect(diff.stderr).toContain('--done')
    const done = await translate('fake-support-scams', '--to', 'en', '--done')
    expect(done.code).toBe(0)
    expect((await check()).diagnostics.filter((diagnostic) => diagnostic.file === translation && diagnostic.ruleId === 'translation-outdated')).toEqual([])
  })

  it('publishes the related entry not translated yet as a link to the source locale’s page', async () => {
    const file = path.join(root, translation)
    const text = await readFile(file, 'utf8')
    // A translated entry, published: every placeholder replaced.
    await writeFile(file, text.replaceAll('[To write] ', '').replace('status: draft', 'status: published'))
    const out = path.join(root, 'dist')
    const build = await runKb(['build', '--root', root], { env })
    expect(build.code, build.stdout + build.stderr).toBe(0)
    const page = await readFile(path.join(out, 'en/security/fake-support-scams.html'), 'utf8')
    expect(page).toContain('href="../../zh-CN/security/security-cooldown.html"')
  })
})
