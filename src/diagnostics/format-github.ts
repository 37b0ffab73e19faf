import type { Diagnostic, Summary } from './report.js'
import { summaryLine } from './format-text.js'

/**
 * GitHub Actions workflow commands, so problems show as annotations on the pull request's lines. `prefix`
 * makes the KB-relative paths relative to the repository (see repository-path.ts).
 */
export function formatGithub(diagnostics: readonly Diagnostic[], summary: Summary, prefix = ''): string {
  const lines = diagnostics.map((diagnostic) => {
    const properties = [
      `file=${escapeProperty(prefix + diagnostic.file)}`,
      `line=${diagnostic.line}`,
      `col=${diagnostic.column}`,
      `endLine=${diagnostic.endLine}`,
      `endColumn=${diagnostic.endColumn}`,
      `title=${escapeProperty(`kb ${diagnostic.ruleId}`)}`
    ]
    return `::${diagnostic.severity} ${properties.join(',')}::${escapeData(diagnostic.message)}`
  })
  lines.push(summaryLine(summary))
  return lines.join('\n') + '\n'
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
