import type { ImportedArticle } from './import-files.js'

/** The import report for a person: per article, where it went, how it was mapped, what to look at. */
export function formatImportText(results: readonly ImportedArticle[]): string {
  const lines: string[] = []
  for (const result of results) {
    if (result.failure !== undefined || !result.target) {
      lines.push(`${result.source}: not imported: ${result.failure ?? 'nothing to write'}`, '')
      continue
    }
    lines.push(`${result.source} → ${result.target}  (${result.type}, read as ${result.shape})`)
    if (result.idTaken) lines.push(`  id        \`${result.idTaken}\` is taken: the entry got the next free one`)
    if (result.mapped.length > 0) lines.push(`  sections  ${result.mapped.map((item) => `${item.heading} → ${item.section}`).join(' · ')}`)
    for (const [index, note] of result.notes.entries()) lines.push(`  ${index === 0 ? 'notes   ' : '        '}  ${note.line === undefined ? '' : `source line ${note.line}: `}${note.kind}: ${note.what}${note.text === undefined ? '' : `: ${oneLine(note.text)}`}`)
    if (result.safety.length > 0) lines.push(`  safety    at their places in the draft:`)
    for (const finding of result.safety) lines.push(`            ${finding.line}:${finding.column} ${finding.ruleId}${finding.stripped ? ' (stripped)' : ''}: ${finding.message}`)
    const { errors, warnings } = result.check
    const verdict = errors === 0 ? `passes kb check as a draft${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}` : `${errors} error${errors === 1 ? '' : 's'} in kb check: ${countByRule(result.check.problems.filter((problem) => problem.severity === 'error'))}`
    lines.push(`  check     ${verdict}`, '')
  }
  const written = results.filter((result) => result.target)
  const passing = written.filter((result) => result.check.errors === 0)
  const findings = results.reduce((sum, result) => sum + result.safety.length, 0)
  const failed = results.length - written.length
  lines.push(`kb import: ${results.length} article${results.length === 1 ? '' : 's'}, ${written.length} written as drafts (${passing.length} pass kb check), ${findings} safety finding${findings === 1 ? '' : 's'}${failed > 0 ? `, ${failed} not imported` : ''}`)
  return lines.join('\n') + '\n'
}

function countByRule(problems: readonly { ruleId: string }[]): string {
  const counts = new Map<string, number>()
  for (const problem of problems) counts.set(problem.ruleId, (counts.get(problem.ruleId) ?? 0) + 1)
  return [...counts].map(([rule, count]) => (count > 1 ? `${rule} ×${count}` : rule)).join(', ')
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat
}
