import type { VFile } from 'vfile'
import type { Point, Position } from 'unist'
import { rules, type RuleId, type Severity } from './rules.js'

export type Place = Point | Position

/**
 * Attaches a problem to the file it is about. Problems are data on the file, never thrown or printed:
 * reporters decide how to show them. Severity comes from the rule catalogue unless overridden. Every problem
 * is said in Chinese too (`inChinese`, the same facts for an editor reading in zh-CN): required, so a new
 * message cannot leave a Chinese report with an English sentence in it. The message is returned for a
 * second place to be added as its `cause`.
 */
export function report(file: VFile, ruleId: RuleId, reason: string, place: Place | undefined, severity: Severity | undefined, inChinese: string): VFile['messages'][number] {
  const message = file.message(reason, { place, ruleId, source: 'kb' })
  message.fatal = (severity ?? rules[ruleId].severity) === 'error'
  setReasonZh(message, inChinese)
  return message
}

type Translatable = VFile['messages'][number] & { reasonZh?: string }

/**
 * The message in Chinese, shown instead of the English one when the editor's language is zh-CN. JSON reports
 * keep the English. Undefined only for a message made another way than report() (none in kb today).
 */
export function reasonZhOf(message: VFile['messages'][number]): string | undefined {
  return (message as Translatable).reasonZh
}

export function setReasonZh(message: VFile['messages'][number], reason: string): void {
  ;(message as Translatable).reasonZh = reason
}

/** One diagnostic as the JSON reporter prints it; the other reporters read the same shape. */
export interface Diagnostic {
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  ruleId: string
  severity: Severity
  message: string
  /** The message in Chinese, for the zh-CN text report and overlay. */
  messageZh?: string
}

export function toDiagnostics(files: readonly VFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const file of files) {
    for (const message of file.messages) {
      const line = message.place && 'start' in message.place ? message.place.start.line : message.line ?? 1
      const column = message.place && 'start' in message.place ? message.place.start.column : message.column ?? 1
      const end = message.place && 'end' in message.place ? message.place.end : { line, column }
      diagnostics.push({
        file: file.path,
        line,
        column,
        endLine: end.line,
        endColumn: end.column,
        ruleId: message.ruleId ?? 'unknown',
        severity: message.fatal ? 'error' : 'warning',
        message: message.reason,
        ...(reasonZhOf(message) === undefined ? {} : { messageZh: reasonZhOf(message) })
      })
    }
  }
  return diagnostics.sort(compareDiagnostics)
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.message, b.message)
}

/** Locale-independent ordering, so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export interface Summary {
  files: number
  errors: number
  warnings: number
}

export function summarize(fileCount: number, diagnostics: readonly Diagnostic[]): Summary {
  let errors = 0
  for (const diagnostic of diagnostics) if (diagnostic.severity === 'error') errors++
  return { files: fileCount, errors, warnings: diagnostics.length - errors }
}
