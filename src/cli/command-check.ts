import path from 'node:path'
import { checkWithRecord } from '../build/check-run.js'
import { printNotes, printReport, printTimings } from './print-report.js'
import { explainRule } from './explain.js'
import { commonOptions, parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { chooseLanguage } from '../diagnostics/language.js'
import { progressLine } from './progress.js'

export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { explain: { type: 'string' } })
  if (values.help) {
    io.stdout.write(helpFor('check'))
    return exitCodes.ok
  }
  const options = commonOptions(values, io.cwd, path.resolve, io.env)
  if (typeof values.explain === 'string') {
    io.stdout.write(explainRule(values.explain, chooseLanguage(options.lang, io.env, undefined)))
    return exitCodes.ok
  }
  const progress = progressLine(io)
  const outcome = await checkWithRecord(options.root, { cache: options.cache, env: io.env, onProgress: progress.onProgress })
  progress.clear()
  if (outcome.kind === 'config-error') {
    await printReport(io, [outcome.configFile], 1, options.format, options.root, chooseLanguage(options.lang, io.env, outcome.lang))
    return exitCodes.usage
  }
  // Only when asked for threads explicitly: a note for whoever tunes it, silence otherwise.
  if (io.env['KB_WORKERS']) io.stderr.write(`kb: parsed with ${outcome.threads} thread${outcome.threads === 1 ? '' : 's'}${outcome.cached > 0 ? ` (${outcome.cached} from the cache)` : ''}\n`)
  printNotes(io, outcome.notes)
  printTimings(io, outcome.timings)
  let files = outcome.files
  if (positionals.length > 0) {
    const wanted = new Set(positionals.map((given) => path.relative(options.root, path.resolve(io.cwd, given)).split(path.sep).join('/')))
    const known = new Set(files.map((file) => file.path))
    for (const given of wanted) if (!known.has(given)) throw new UsageError(`Unexpected file \`${given}\`, expected a Markdown entry under content/ of ${options.root}`)
    files = files.filter((file) => wanted.has(file.path))
  }
  const { summary } = await printReport(io, files, files.length, options.format, options.root, chooseLanguage(options.lang, io.env, outcome.config.lang))
  if (summary.errors > 0) return exitCodes.content
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    io.stderr.write(`kb: ${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`)
    return exitCodes.content
  }
  return exitCodes.ok
}
