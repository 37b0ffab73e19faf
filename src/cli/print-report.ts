import type { VFile } from 'vfile'
import { summarize, toDiagnostics, type Diagnostic, type Summary } from '../diagnostics/report.js'
import { formatText } from '../diagnostics/format-text.js'
import { loadTerminalWidth } from '../diagnostics/terminal-width.js'
import { formatJson } from '../diagnostics/format-json.js'
import { formatGithub } from '../diagnostics/format-github.js'
import { repositoryPrefix } from '../diagnostics/repository-path.js'
import type { Language } from '../diagnostics/language.js'
import { useColor, type CliIo } from './io.js'

export const reportFormats = ['text', 'json', 'github'] as const
export type ReportFormat = (typeof reportFormats)[number]

/** Prints the problems on `files` in the chosen format and returns the counts. */
export async function printReport(io: CliIo, files: readonly VFile[], fileCount: number, format: ReportFormat, root?: string, language: Language = 'en'): Promise<{ diagnostics: Diagnostic[]; summary: Summary }> {
  const diagnostics = toDiagnostics(files)
  const summary = summarize(fileCount, diagnostics)
  if (format === 'json') io.stdout.write(formatJson(diagnostics, summary))
  else if (format === 'github') io.stdout.write(formatGithub(diagnostics, summary, root === undefined ? '' : repositoryPrefix(root, io.env)))
  else {
    const sources = new Map(files.flatMap((file) => (file.value === undefined ? [] : [[file.path, String(file.value)] as const])))
    // A clean report draws no code frame: string-width is not even loaded.
    const widthOf = diagnostics.length > 0 ? await loadTerminalWidth() : (text: string) => text.length
    io.stdout.write(formatText(diagnostics, summary, { color: useColor(io), sources, language, widthOf }))
  }
  return { diagnostics, summary }
}

/** Notes about the run itself (the cache), on stderr: they are not diagnostics and never change the exit code. */
export function printNotes(io: CliIo, notes: readonly string[]): void {
  for (const note of notes) io.stderr.write(`kb: note: ${note}\n`)
}

/** With KB_TIMINGS=1: where the run spent its time, one line on stderr. */
export function printTimings(io: CliIo, timings: { phases: readonly [string, number, number][] }): void {
  if (!io.env['KB_TIMINGS']) return
  io.stderr.write(`kb: timings: ${timings.phases.map(([phase, ms, rss]) => `${phase} ${(ms / 1000).toFixed(2)} s (${Math.round(rss / 2 ** 20)} MB)`).join(', ')}\n`)
}
