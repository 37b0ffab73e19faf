import type { Diagnostic, Summary } from './report.js'

/** `{"diagnostics":[…],"summary":{…}}`: the machine-readable report, stable key order. */
export function formatJson(diagnostics: readonly Diagnostic[], summary: Summary): string {
  return (
    JSON.stringify({
      diagnostics: diagnostics.map(({ file, line, column, endLine, endColumn, ruleId, severity, message }) => ({ file, line, column, endLine, endColumn, ruleId, severity, message })),
      summary: { files: summary.files, errors: summary.errors, warnings: summary.warnings }
    }) + '\n'
  )
}
