import path from 'node:path'
import { checkKb } from '../build/engine.js'
import { toDiagnostics } from '../diagnostics/report.js'
import { kbStatus } from '../status/kb-status.js'
import { formatStatusMarkdown, formatStatusText } from '../status/format-status.js'
import { printReport } from './print-report.js'
import { cacheWanted, langFlag, parseCommand } from './options.js'
import { chooseLanguage } from '../diagnostics/language.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { progressLine } from './progress.js'
import { today } from './today.js'

const formats = ['text', 'json', 'markdown'] as const

/**
 * `kb status`: what needs work, per locale, from the same run as `kb check`. A report, not a gate: it exits
 * 0 whatever it finds (kb check is the gate), and 2 when it cannot read the KB.
 */
export async function runStatus(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, {})
  if (values.help) {
    io.stdout.write(helpFor('status'))
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\`: kb status reports on the whole KB`)
  if (values['max-warnings'] !== undefined) throw new UsageError('Unexpected --max-warnings: kb status is a report; use kb check --max-warnings as the gate')
  const format = typeof values.format === 'string' ? values.format : 'text'
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected one of ${formats.join(', ')}`)
  const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.')
  const progress = progressLine(io)
  const outcome = await checkKb(root, { compile: false, cache: cacheWanted(values, io.env), env: io.env, onProgress: progress.onProgress })
  progress.clear()
  if (outcome.kind === 'config-error') {
    await printReport(io, [outcome.configFile], 1, 'text', root, chooseLanguage(langFlag(values), io.env, outcome.lang))
    return exitCodes.usage
  }
  const status = kbStatus(outcome.entries, toDiagnostics(outcome.files), outcome.config, today(io.env))
  if (format === 'json') io.stdout.write(JSON.stringify(status, null, 2) + '\n')
  else if (format === 'markdown') io.stdout.write(formatStatusMarkdown(status))
  else io.stdout.write(formatStatusText(status))
  return exitCodes.ok
}
