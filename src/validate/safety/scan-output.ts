import { VFile } from 'vfile'
import { report } from '../../diagnostics/report.js'
import { judgeTextMatch, judgeUrl, textUrlFindings, type Finding } from './judge-url.js'
import { scanText } from './scan-text.js'
import type { SafetyPolicy } from './policy.js'
import { normalizeUrl } from './check-entry-safety.js'
import { asBrowserReads } from '../../text/browser-url.js'
import { lineIndex } from '../../diagnostics/line-index.js'
import type { KbConfig } from '../../types/config.js'
import { applySeverityOverrides } from '../severity-overrides.js'
import { outputRecords } from './output-records.js'
import type { Point } from 'unist'

const attribute = /\b(?:href|src|action|formaction|poster|content)=(?:\\?")([^"\\]*)(?:\\?")/g

/** One finding of the output scan, placed in the text scanned (line 1, column 1 and offset 0 at its start). */
export interface OutputFinding {
  /** The rule the finding breaks (`referral-link`); it is reported as `unsafe-output`. */
  ruleId: string
  message: string
  /** The same in Chinese, for editors who read the report in zh-CN. */
  messageZh: string
  /** What was found, as written: one finding per rule and value is reported in a file. */
  value: string
  start: Point
  end: Point
  /** The rule's severity when the config sets one. */
  severity?: 'error' | 'warning'
}

/**
 * Defence in depth: scans what the build is about to write with the same rules as entries, so an unsafe
 * link that came in another way (config text, templates) stops the build before dist/ changes. Each file is
 * scanned record by record (see output-records.ts), exactly as the build does.
 */
export function scanOutput(files: ReadonlyMap<string, string>, policy: SafetyPolicy, allowed: ReadonlySet<string>, overrides: KbConfig['rules'] = {}): VFile[] {
  const problems: VFile[] = []
  for (const [path, content] of files) {
    if (!isScanned(path)) continue
    const findings = outputRecords(path, content).flatMap((record) => placeAfter(scanOutputText(record.text, policy, allowed, overrides), record.start))
    const file = outputFindingsFile(path, content, findings, overrides)
    if (file) problems.push(file)
  }
  return problems
}

/** Output files the scan reads: all but the JSON Schemas kb ships, which hold example URLs and no content. */
export function isScanned(relative: string): boolean {
  return !relative.startsWith('api/schemas/')
}

/** Every finding in one text (a whole output file or one of its records), in order; warnings of the check left out. */
export function scanOutputText(content: string, policy: SafetyPolicy, allowed: ReadonlySet<string>, overrides: KbConfig['rules'] = {}): OutputFinding[] {
  const pointAt = lineIndex(content)
  const found: OutputFinding[] = []
  const flag = (findings: readonly Finding[], value: string, offset: number) => {
    for (const finding of findings) {
      // A rule the config turns off or down is off or down here too: the check and the build agree.
      const severity = overrides?.[finding.ruleId]
      // A warning of the check (an http link to another site) was reported at its source; every page, record
      // and feed that carries it would only repeat it.
      if (severity === 'off' || (severity === undefined && finding.severity === 'warning')) continue
      found.push({ ruleId: finding.ruleId, message: finding.message, messageZh: finding.messageZh, value, start: pointAt(offset), end: pointAt(offset + value.length), ...(severity ? { severity } : {}) })
    }
  }
  // Parsing every URL of every page to compare it costs seconds on a large KB: only when something is allowed.
  const isAllowed = (url: string) => allowed.size > 0 && allowed.has(normalizeUrl(url))
  for (const match of content.matchAll(attribute)) {
    const url = (match[1] ?? '').replace(/&amp;/g, '&')
    if (isAllowed(url) || !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(asBrowserReads(url))) continue
    flag(judgeUrl(url, policy).findings, match[1] ?? '', match.index + match[0].indexOf(match[1] ?? ''))
  }
  const textOnly = blankEscapes(blankTags(content))
  for (const match of scanText(textOnly)) {
    if (match.kind !== 'url') flag(judgeTextMatch(match, policy), match.value, match.start)
    else if (!isAllowed(match.value)) flag(textUrlFindings(match, policy), match.value, match.start)
  }
  return found.sort((a, b) => (a.start.offset ?? 0) - (b.start.offset ?? 0))
}

/** Findings placed in a record, placed in the whole file instead, given where the record starts in it. */
export function placeAfter(findings: readonly OutputFinding[], recordStart: Point): OutputFinding[] {
  const shift = (point: Point): Point => ({
    line: recordStart.line + point.line - 1,
    column: point.line === 1 ? recordStart.column + point.column - 1 : point.column,
    offset: (recordStart.offset ?? 0) + (point.offset ?? 0)
  })
  return findings.map((finding) => ({ ...finding, start: shift(finding.start), end: shift(finding.end) }))
}

/**
 * A file's findings (placed in it, in order) as its messages: the first finding of each rule and value, since
 * every page that carries a bad link would repeat it. Undefined when nothing is left to report.
 */
export function outputFindingsFile(path: string, content: string | undefined, findings: readonly OutputFinding[], overrides: KbConfig['rules'] = {}): VFile | undefined {
  const file = new VFile({ path: `dist/${path}`, ...(content === undefined ? {} : { value: content }) })
  const seen = new Set<string>()
  for (const finding of findings) {
    const key = `${finding.ruleId} ${finding.value}`
    if (seen.has(key)) continue
    seen.add(key)
    report(file, 'unsafe-output', `\`${finding.ruleId}\` in the build output: ${finding.message}`, { start: finding.start, end: finding.end }, finding.severity, `构建结果里有 \`${finding.ruleId}\` 问题：${finding.messageZh}`)
  }
  // `unsafe-output` itself may be tuned too, like every rule of the check.
  applySeverityOverrides([file], { rules: overrides })
  return file.messages.length > 0 ? file : undefined
}

/**
 * JSON string escapes (`\n`, `\"`, `\u00e9`) blanked out, offsets kept: in a JSON file or a JSON-LD block
 * they separate words, and read as text they would glue a URL to the next line (`https://x.org\n\nSource`).
 * An escaped backslash stays: it is a backslash in the text.
 */
export function blankEscapes(content: string): string {
  return content.includes('\\') ? content.replace(/\\(?:\\|[nrtbf"/]|u[0-9a-fA-F]{4})/g, (escape) => (escape === '\\\\' ? escape : ' '.repeat(escape.length))) : content
}

/**
 * The text of markup with every `<…>` tag blanked out (offsets kept). One pass: a `<` with no `>` after it
 * ends the search, where a regular expression would rescan the rest of the text from every such `<`.
 */
export function blankTags(content: string): string {
  const parts: string[] = []
  let copied = 0
  for (let open = content.indexOf('<'); open !== -1; open = content.indexOf('<', copied)) {
    const close = content.indexOf('>', open + 1)
    if (close === -1) break
    parts.push(content.slice(copied, open), ' '.repeat(close + 1 - open))
    copied = close + 1
  }
  parts.push(content.slice(copied))
  return parts.join('')
}
