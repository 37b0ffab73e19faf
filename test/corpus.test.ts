/**
 * Runs the real CLI on ~300 real-world support articles (Microsoft Learn Markdown from
 * ../shared/corpus/support-articles) laid out as a KB. They lack kb's frontmatter, so kb must report
 * content errors with sane positions — never crash, hang or print anything but the documented JSON.
 * Needs `npx tsc -p tsconfig.build.json` first (the CLI runs from lib/).
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rules } from '../src/diagnostics/rules.js'
import {
  corpusExists,
  corpusMissingMessage,
  layOutCorpus,
  libIsCompiled,
  listCorpus,
  looksLikeCrash,
  planLayout,
  readTraits,
  runCli,
  type CliRun,
  type CorpusArticle,
  type JsonDiagnostic,
  type JsonReport,
  type LaidOutCorpus
} from './helpers/corpus.js'

/** Every Nth article by sorted path: ~295 of 5,000. */
const sampleEvery = 17
const largeArticle = 'support/system-center/dpm/vnext-dpm-error-codes.md'
const fewOfEach = 3
const cliTimeoutMs = 60_000

const diagnosticKeys = ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message']

interface Sample {
  kb: LaidOutCorpus
  run: CliRun
  report: JsonReport
  bom: CorpusArticle[]
  crlf: CorpusArticle[]
  spaceFence: CorpusArticle[]
  large: CorpusArticle
  /** Line count of each laid-out file (after any BOM), by its path in the KB. */
  lineCounts: Map<string, number>
}

let sample: Sample | undefined
let setupError: Error | undefined

beforeAll(async () => {
  if (!(await corpusExists())) {
    setupError = new Error(corpusMissingMessage)
    return
  }
  if (!(await libIsCompiled())) {
    setupError = new Error('lib/ is missing: run `npx tsc -p tsconfig.build.json` before this test')
    return
  }
  const all = planLayout(await listCorpus())
  const traits = await readTraits(all)
  const withTrait = (key: 'bom' | 'crlf' | 'fenceWithTrailingSpace'): CorpusArticle[] => all.filter((article) => traits.get(article.source)?.[key])
  const bom = withTrait('bom')
  const crlf = withTrait('crlf').slice(0, fewOfEach)
  const spaceFence = withTrait('fenceWithTrailingSpace').slice(0, fewOfEach)
  const large = all.find((article) => article.source === largeArticle)
  if (!large) throw new Error(`The corpus lacks ${largeArticle}`)
  const forced = new Set([large, ...bom, ...crlf, ...spaceFence].map((article) => article.source))
  const chosen = all.filter((article, index) => index % sampleEvery === 0 || forced.has(article.source))

  const kb = await layOutCorpus(chosen, 'kb-corpus-test-')
  const lineCounts = new Map<string, number>()
  for (const article of chosen) {
    const text = (await readFile(article.absolute, 'utf8')).replace(/^\uFEFF/, '')
    lineCounts.set(article.target, text.split(/\r\n|\r|\n/).length)
  }
  const run = await runCli(['check', '--root', kb.root, '--format', 'json'], { timeoutMs: cliTimeoutMs })
  let report: JsonReport
  try {
    report = JSON.parse(run.stdout) as JsonReport
  } catch (error) {
    await kb.cleanup()
    throw new Error(`kb check printed no JSON (exit ${String(run.code)}, ${run.timedOut ? 'killed after 60 s' : 'not timed out'}): ${error instanceof Error ? error.message : String(error)}\nstdout: ${run.stdout.slice(0, 500)}\nstderr: ${run.stderr.slice(0, 2000)}`)
  }
  sample = { kb, run, report, bom, crlf, spaceFence, large, lineCounts }
}, 180_000)

afterAll(async () => {
  await sample?.kb.cleanup()
})

function laidOut(): Sample {
  if (setupError) throw setupError
  if (!sample) throw new Error('the corpus sample was not laid out')
  return sample
}

function diagnosticsOf(target: string): JsonDiagnostic[] {
  return laidOut().report.diagnostics.filter((diagnostic) => diagnostic.file === target)
}

describe('kb check on real-world support articles', () => {
  it('has the shared corpus (../shared/corpus is required)', async () => {
    expect(await corpusExists(), corpusMissingMessage).toBe(true)
    const { kb, bom, crlf, spaceFence } = laidOut()
    expect(kb.articles.length).toBeGreaterThanOrEqual(290)
    expect(kb.articles.length).toBeLessThanOrEqual(320)
    expect(bom.length, 'articles starting with a BOM').toBeGreaterThan(0)
    expect(crlf.length, 'articles with CRLF line endings').toBeGreaterThan(0)
    expect(spaceFence.length, 'articles whose first line is `--- `').toBeGreaterThan(0)
  })

  it('exits 1 (content errors) within 60 s, without a crash', () => {
    const { run } = laidOut()
    expect(run.timedOut, 'kb check was killed after 60 s').toBe(false)
    expect(run.signal).toBeNull()
    expect(looksLikeCrash(run.stderr), `stderr: ${run.stderr.slice(0, 2000)}`).toBe(false)
    expect(run.stderr).not.toMatch(/internal error/i)
    expect(run.code).toBe(1)
  })

  it('prints exactly {"diagnostics":[…],"summary":{files,errors,warnings}}', () => {
    const { report, kb } = laidOut()
    expect(Object.keys(report)).toEqual(['diagnostics', 'summary'])
    expect(Array.isArray(report.diagnostics)).toBe(true)
    expect(Object.keys(report.summary)).toEqual(['files', 'errors', 'warnings'])
    const badShapes = report.diagnostics.filter(
      (diagnostic) =>
        JSON.stringify(Object.keys(diagnostic)) !== JSON.stringify(diagnosticKeys) ||
        typeof diagnostic.file !== 'string' ||
        [diagnostic.line, diagnostic.column, diagnostic.endLine, diagnostic.endColumn].some((value) => !Number.isInteger(value)) ||
        typeof diagnostic.ruleId !== 'string' ||
        typeof diagnostic.severity !== 'string' ||
        typeof diagnostic.message !== 'string'
    )
    expect(badShapes.slice(0, 5)).toEqual([])
    expect(report.summary.files).toBe(kb.articles.length)
    const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length
    expect(report.summary.errors).toBe(errors)
    expect(report.summary.warnings).toBe(report.diagnostics.length - errors)
    expect(errors).toBeGreaterThan(0)
  })

  it('gives every diagnostic a laid-out file, a place inside it, a known rule and a message', () => {
    const { report, lineCounts } = laidOut()
    const problems: string[] = []
    for (const diagnostic of report.diagnostics) {
      const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}-${diagnostic.endLine}:${diagnostic.endColumn} ${diagnostic.ruleId}`
      const lines = lineCounts.get(diagnostic.file)
      if (lines === undefined) problems.push(`${where}: not a laid-out file`)
      else {
        if (diagnostic.line < 1 || diagnostic.line > lines) problems.push(`${where}: line outside 1..${lines}`)
        if (diagnostic.endLine > lines) problems.push(`${where}: endLine after the last line ${lines}`)
      }
      if (diagnostic.column < 1) problems.push(`${where}: column < 1`)
      if (diagnostic.endLine < diagnostic.line) problems.push(`${where}: endLine before line`)
      if (diagnostic.endLine === diagnostic.line && diagnostic.endColumn < diagnostic.column) problems.push(`${where}: endColumn before column`)
      if (diagnostic.severity !== 'error' && diagnostic.severity !== 'warning') problems.push(`${where}: severity ${diagnostic.severity}`)
      if (diagnostic.message.trim() === '') problems.push(`${where}: empty message`)
      if (!Object.hasOwn(rules, diagnostic.ruleId)) problems.push(`${where}: rule not in src/diagnostics/rules.ts`)
    }
    expect(problems.slice(0, 20), `${problems.length} bad diagnostics`).toEqual([])
  })

  it('reads the 556 KB article (not refused as too large) and reports on it', () => {
    const { large } = laidOut()
    const found = diagnosticsOf(large.target)
    expect(found.map((diagnostic) => diagnostic.ruleId)).not.toContain('file-too-large')
    expect(found.some((diagnostic) => diagnostic.ruleId === 'schema-required')).toBe(true)
  })

  it('warns with file-bom on articles that start with a byte-order mark', () => {
    const { bom } = laidOut()
    for (const article of bom) {
      const found = diagnosticsOf(article.target).filter((diagnostic) => diagnostic.ruleId === 'file-bom')
      expect(found, `${article.target} (from ${article.source})`).toEqual([expect.objectContaining({ ruleId: 'file-bom', severity: 'warning', line: 1, column: 1 })])
    }
  })

  it('finds the frontmatter of articles whose opening fence is `--- ` with a trailing space', () => {
    const { spaceFence } = laidOut()
    for (const article of spaceFence) {
      const ruleIds = diagnosticsOf(article.target).map((diagnostic) => diagnostic.ruleId)
      expect(ruleIds, article.target).not.toContain('frontmatter-missing')
      expect(ruleIds, article.target).not.toContain('frontmatter-unclosed')
    }
    const first = spaceFence[0]
    if (!first) throw new Error('no `--- ` article in the sample')
    const missingId = diagnosticsOf(first.target).filter((diagnostic) => diagnostic.ruleId === 'schema-required' && diagnostic.message.includes('`id`'))
    expect(missingId.length, `${first.target}: schema-required for \`id\``).toBe(1)
    expect(missingId[0]?.line).toBeGreaterThan(1)
  })

  it('places diagnostics in CRLF articles on real lines', () => {
    const { crlf, lineCounts } = laidOut()
    for (const article of crlf) {
      const found = diagnosticsOf(article.target)
      expect(found.length, article.target).toBeGreaterThan(0)
      const lines = lineCounts.get(article.target) ?? 0
      expect(found.filter((diagnostic) => diagnostic.line > lines || diagnostic.endLine > lines)).toEqual([])
    }
  })
})
