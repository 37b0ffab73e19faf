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

const attribute = /\b(?:href|src|action|formaction|poster|content)=(?:\\?")([^"\\]*)(?:\\?")/g

/**
 * Defence in depth: scans what the build is about to write with the same rules as entries, so an unsafe
 * link that came in another way (config text, templates) stops the build before dist/ changes.
 */
export function scanOutput(files: ReadonlyMap<string, string>, policy: SafetyPolicy, allowed: ReadonlySet<string>, overrides: KbConfig['rules'] = {}): VFile[] {
  const problems: VFile[] = []
  for (const [path, content] of files) {
    if (path.startsWith('api/schemas/')) continue
    const file = new VFile({ path: `dist/${path}`, value: content })
    const pointAt = lineIndex(content)
    const seen = new Set<string>()
    const flag = (findings: readonly Finding[], value: string, offset: number) => {
      for (const finding of findings) {
        const key = `${finding.ruleId} ${value}`
        // A rule the config turns off or down is off or down here too: the check and the build agree.
        const severity = overrides?.[finding.ruleId]
        // A warning of the check (an http link to another site) was reported at its source; every page, record
        // and feed that carries it would only repeat it.
        if (seen.has(key) || severity === 'off' || (severity === undefined && finding.severity === 'warning')) continue
        seen.add(key)
        report(file, 'unsafe-output', `\`${finding.ruleId}\` in the build output: ${finding.message}`, { start: pointAt(offset), end: pointAt(offset + value.length) }, severity)
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
    if (file.messages.length > 0) problems.push(file)
  }
  // `unsafe-output` itself may be tuned too, like every rule of the check.
  applySeverityOverrides(problems, { rules: overrides })
  return problems.filter((file) => file.messages.length > 0)
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
