import path from 'node:path'
import { checkKb } from '../build/engine.js'
import { compareStrings } from '../diagnostics/report.js'
import { printReport } from './print-report.js'
import { commonOptions, parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { chooseLanguage } from '../diagnostics/language.js'

export interface DomainUse {
  domain: string
  verdict: 'official' | 'allowed' | 'flagged' | 'external'
  rules: string[]
  reasons: string[]
  count: number
  entries: string[]
}

/** `kb links`: every external domain the KB links to, how often, from which entries, and its verdict. */
export async function runLinks(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {})
  if (values.help) {
    io.stdout.write(helpFor('links'))
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\`: kb links lists the whole KB`)
  const options = commonOptions(values, io.cwd, path.resolve, io.env)
  if (options.format === 'github') throw new UsageError('Unexpected --format `github` for kb links, expected text or json')
  const outcome = await checkKb(options.root, { compile: false, cache: options.cache, env: io.env })
  if (outcome.kind === 'config-error') {
    await printReport(io, [outcome.configFile], 1, options.format, options.root, chooseLanguage(options.lang, io.env, outcome.lang))
    return exitCodes.usage
  }
  const byDomain = new Map<string, DomainUse>()
  for (const entry of outcome.entries) {
    for (const link of entry.externalLinks) {
      const use = byDomain.get(link.host) ?? { domain: link.host, verdict: 'external', rules: [], reasons: [], count: 0, entries: [] }
      use.count++
      if (!use.entries.includes(entry.file.path)) use.entries.push(entry.file.path)
      for (const ruleId of link.ruleIds) if (!use.rules.includes(ruleId)) use.rules.push(ruleId)
      if (link.allowedBecause && !use.reasons.includes(link.allowedBecause)) use.reasons.push(link.allowedBecause)
      if (link.official) use.verdict = 'official'
      byDomain.set(link.host, use)
    }
  }
  const domains = [...byDomain.values()].map((use) => ({
    ...use,
    verdict: use.rules.length > 0 ? 'flagged' : use.reasons.length > 0 ? 'allowed' : use.verdict,
    rules: use.rules.sort(compareStrings),
    entries: use.entries.sort(compareStrings)
  })) satisfies DomainUse[]
  const order = { flagged: 0, allowed: 1, external: 2, official: 3 }
  domains.sort((a, b) => order[a.verdict] - order[b.verdict] || b.count - a.count || compareStrings(a.domain, b.domain))
  if (options.format === 'json') {
    io.stdout.write(JSON.stringify({ domains }, null, 2) + '\n')
    return exitCodes.ok
  }
  const lines: string[] = []
  for (const use of domains) {
    const detail = use.verdict === 'flagged' ? ` (${use.rules.join(', ')})` : use.verdict === 'allowed' ? ` — ${use.reasons.join('; ')}` : ''
    lines.push(`${use.domain}  ${use.verdict}${detail}  ×${use.count}`)
    for (const entry of use.entries) lines.push(`    ${entry}`)
  }
  lines.push(`${domains.length} domains: ${domains.filter((use) => use.verdict === 'official').length} official, ${domains.filter((use) => use.verdict === 'allowed').length} allowed, ${domains.filter((use) => use.verdict === 'flagged').length} flagged`)
  io.stdout.write(lines.join('\n') + '\n')
  return exitCodes.ok
}
