import stringWidth from 'string-width'
import type { Diagnostic, Summary } from './report.js'

export interface TextOptions {
  color: boolean
  /** Source text per file path, for the code frames. */
  sources: ReadonlyMap<string, string>
}

const paint = (code: string) => (text: string, color: boolean) => (color ? `\u001B[${code}m${text}\u001B[0m` : text)
const red = paint('31')
const yellow = paint('33')
const dim = paint('2')
const bold = paint('1')

/** A human report: diagnostics grouped by file, each with a code frame, and a closing count. */
export function formatText(diagnostics: readonly Diagnostic[], summary: Summary, options: TextOptions): string {
  const out: string[] = []
  let currentFile: string | undefined
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== currentFile) {
      if (currentFile !== undefined) out.push('')
      out.push(bold(diagnostic.file, options.color))
      currentFile = diagnostic.file
    }
    const place = `${diagnostic.line}:${diagnostic.column}`
    const severity = diagnostic.severity === 'error' ? red('error', options.color) : yellow('warning', options.color)
    out.push(`  ${place.padEnd(8)} ${severity}${diagnostic.severity === 'error' ? '  ' : ''} ${diagnostic.message}  ${dim(diagnostic.ruleId, options.color)}`)
    const frame = codeFrame(options.sources.get(diagnostic.file), diagnostic, options.color)
    if (frame) out.push(frame)
  }
  if (out.length > 0) out.push('')
  out.push(summaryLine(summary))
  return out.join('\n') + '\n'
}

export function summaryLine(summary: Summary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`
}

function codeFrame(source: string | undefined, diagnostic: Diagnostic, color: boolean): string | undefined {
  if (source === undefined) return undefined
  const lines = source.split(/\r?\n/)
  const line = lines[diagnostic.line - 1]
  if (line === undefined) return undefined
  const first = Math.max(1, diagnostic.line - 1)
  const last = Math.min(lines.length, diagnostic.line + 1)
  const gutter = String(last).length
  const out: string[] = []
  for (let number = first; number <= last; number++) {
    const text = (lines[number - 1] ?? '').replace(/\t/g, '  ')
    const marker = number === diagnostic.line ? '>' : ' '
    out.push(dim(`    ${marker} ${String(number).padStart(gutter)} | `, color) + truncate(text))
    if (number === diagnostic.line) {
      const before = line.slice(0, diagnostic.column - 1).replace(/\t/g, '  ')
      const endColumn = diagnostic.endLine === diagnostic.line ? diagnostic.endColumn : line.length + 1
      const marked = line.slice(diagnostic.column - 1, Math.max(diagnostic.column, endColumn - 1)).replace(/\t/g, '  ')
      const carets = '^'.repeat(Math.max(1, Math.min(stringWidth(marked), 80)))
      out.push(dim(`      ${' '.repeat(gutter)} | `, color) + ' '.repeat(Math.min(stringWidth(before), 120)) + (diagnostic.severity === 'error' ? red(carets, color) : yellow(carets, color)))
    }
  }
  return out.join('\n')
}

function truncate(text: string): string {
  return text.length > 160 ? text.slice(0, 157) + '…' : text
}
