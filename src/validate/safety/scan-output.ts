import { VFile } from 'vfile'
import { report } from '../../diagnostics/report.js'
import { judgeTextMatch, judgeUrl, type Finding } from './judge-url.js'
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
        if (seen.has(key) || severity === 'off') continue
        seen.add(key)
        report(file, 'unsafe-output', `\`${finding.ruleId}\` in the build output: ${finding.message}`, { start: pointAt(offset), end: pointAt(offset + value.length) }, severity)
      }
    }
    for (const match of content.matchAll(attribute)) {
      const url = (match[1] ?? '').replace(/&amp;/g, '&')
      if (allowed.has(normalizeUrl(url)) || !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(asBrowserReads(url))) continue
      flag(judgeUrl(url, policy).findings, match[1] ?? '', match.index + match[0].indexOf(match[1] ?? ''))
    }
    const textOnly = blankTags(content)
    for (const match of scanText(textOnly)) {
      if (match.kind !== 'url') flag(judgeTextMatch(match.kind, match.value, policy), match.value, match.start)
      else if (!allowed.has(normalizeUrl(match.value))) flag(judgeUrl(match.value, policy).findings, match.value, match.start)
    }
    if (file.messages.length > 0) problems.push(file)
  }
  // `unsafe-output` itself may be tuned too, like every rule of the check.
  applySeverityOverrides(problems, { rules: overrides })
  return problems.filter((file) => file.messages.length > 0)
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
