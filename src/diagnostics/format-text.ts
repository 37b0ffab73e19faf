import type { Diagnostic, Summary } from './report.js'
import { visible } from './visible.js'
import { ruleAdvice } from './advice.js'
import type { Language } from './language.js'
import type { WidthOf } from './terminal-width.js'

export interface TextOptions {
  color: boolean
  /** Source text per file path, for the code frames. */
  sources: ReadonlyMap<string, string>
  /** In zh-CN each problem also gets its rule's Chinese title and what to do; the counts are in Chinese. */
  language?: Language
  /** Columns of a text in a terminal, for the carets under a code frame (see loadTerminalWidth). */
  widthOf: WidthOf
}

const paint = (code: string) => (text: string, color: boolean) => (color ? `\u001B[${code}m${text}\u001B[0m` : text)
const red = paint('31')
const yellow = paint('33')
const dim = paint('2')
const bold = paint('1')

/** A human report: diagnostics grouped by file, each with a code frame, and a closing count. */
export function formatText(diagnostics: readonly Diagnostic[], summary: Summary, options: TextOptions): string {
  const out: string[] = []
  const explained = new Set<string>()
  let currentFile: string | undefined
  let lines: readonly string[] | undefined
  for (const diagnostic of diagnostics) {
    if (diagnostic.file !== currentFile) {
      if (currentFile !== undefined) out.push('')
      out.push(bold(visible(diagnostic.file), options.color))
      currentFile = diagnostic.file
      // Split once per file: a file with thousands of findings must not be split thousands of times.
      lines = options.sources.get(diagnostic.file)?.split(/\r?\n/)
    }
    const place = `${diagnostic.line}:${diagnostic.column}`
    const chinese = options.language === 'zh-CN'
    const severity = diagnostic.severity === 'error' ? red(chinese ? '错误' : 'error', options.color) : yellow(chinese ? '警告' : 'warning', options.color)
    const message = chinese ? (diagnostic.messageZh ?? diagnostic.message) : diagnostic.message
    out.push(`  ${place.padEnd(8)} ${severity}${diagnostic.severity === 'error' && !chinese ? '  ' : ''} ${visible(message)}  ${dim(diagnostic.ruleId, options.color)}`)
    // What to do, once per rule in a report; later problems of the rule name it only.
    const advice = chinese ? ruleAdvice(diagnostic.ruleId, 'zh-CN', !explained.has(diagnostic.ruleId)) : undefined
    if (advice) out.push(`           ${advice}`)
    explained.add(diagnostic.ruleId)
    const frame = lines && codeFrame(lines, diagnostic, options.color, options.widthOf)
    if (frame) out.push(frame)
  }
  if (out.length > 0) out.push('')
  out.push(options.language === 'zh-CN' ? summaryLineZh(summary) : summaryLine(summary))
  return out.join('\n') + '\n'
}

export function summaryLine(summary: Summary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')} in ${plural(summary.files, 'file')}`
}

export function summaryLineZh(summary: Summary): string {
  return `${summary.errors} 个错误，${summary.warnings} 个警告，共 ${summary.files} 个文件`
}

/** Characters of a source line shown before and after the reported column: frames stay one screen wide. */
const contextBefore = 60
const contextAfter = 100
const maxCarets = 80

/**
 * The reported line and its neighbours, cut to a window around the column, so the cost and the width of a
 * frame never depend on the length of the line (a one-line 2 MB paragraph or minified JSON).
 */
export function codeFrame(lines: readonly string[], diagnostic: Diagnostic, color: boolean, widthOf: WidthOf): string | undefined {
  const line = lines[diagnostic.line - 1]
  if (line === undefined) return undefined
  const from = Math.max(0, Math.min(diagnostic.column - 1, line.length) - contextBefore)
  const to = from + contextBefore + contextAfter
  const show = (text: string) => (from > 0 ? '…' : '') + visible(text.slice(from, to).replace(/\t/g, '  ')) + (text.length > to ? '…' : '')
  const first = Math.max(1, diagnostic.line - 1)
  const last = Math.min(lines.length, diagnostic.line + 1)
  const gutter = String(last).length
  const out: string[] = []
  for (let number = first; number <= last; number++) {
    const marker = number === diagnostic.line ? '>' : ' '
    out.push(dim(`    ${marker} ${String(number).padStart(gutter)} | `, color) + show(lines[number - 1] ?? ''))
    if (number === diagnostic.line) {
      const column = Math.min(diagnostic.column - 1, line.length)
      const before = visible(line.slice(from, column).replace(/\t/g, '  '))
      const endColumn = diagnostic.endLine === diagnostic.line ? diagnostic.endColumn : line.length + 1
      const marked = visible(line.slice(column, Math.min(Math.max(column + 1, endColumn - 1), column + maxCarets)).replace(/\t/g, '  '))
      const carets = '^'.repeat(Math.max(1, Math.min(widthOf(marked), maxCarets)))
      out.push(dim(`      ${' '.repeat(gutter)} | `, color) + ' '.repeat((from > 0 ? 1 : 0) + widthOf(before)) + (diagnostic.severity === 'error' ? red(carets, color) : yellow(carets, color)))
    }
  }
  return out.join('\n')
}
