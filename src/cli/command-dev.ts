import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { startDevSession, type DevBuild } from '../dev/dev-session.js'
import { devServer } from '../dev/dev-server.js'
import { watchKb } from '../dev/watch-kb.js'
import { formatText, summaryLine } from '../diagnostics/format-text.js'
import { loadTerminalWidth, type WidthOf } from '../diagnostics/terminal-width.js'
import { printTimings } from './print-report.js'
import { summarize, toDiagnostics } from '../diagnostics/report.js'
import { commonOptions, parseCommand } from './options.js'
import { exitCodes, UsageError, useColor, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { listenOnPort, untilStopped } from './port.js'

/**
 * `kb dev`: builds the KB with its drafts, serves it on localhost and rebuilds on every save; open pages
 * reload themselves, or show the build's errors over the page until the file is fixed. Bad content, a
 * deleted file or a renamed folder is a message in the page and the terminal, never the end of the server.
 */
export async function runDev(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { port: { type: 'string' } })
  if (values.help) {
    io.stdout.write(helpFor('dev'))
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\`: kb dev previews the whole KB`)
  for (const flag of ['format', 'max-warnings'] as const) if (values[flag] !== undefined) throw new UsageError(`Unexpected --${flag}: kb dev shows problems in the page and the terminal; use kb check for a report`)
  const options = commonOptions(values, io.cwd, path.resolve, io.env)
  if (!existsSync(path.join(options.root, 'kb.config.yaml'))) throw new UsageError(`Unexpected KB root \`${options.root}\` without kb.config.yaml, expected the folder holding kb.config.yaml and content/ (--root)`)
  let lastReport = ''
  const widthOf = await loadTerminalWidth()
  const session = startDevSession(options.root, {
    env: io.env,
    cache: options.cache,
    lang: options.lang,
    onBuilt: (build) => {
      lastReport = printBuild(io, build, lastReport, widthOf)
      // Builds start only once the server below exists.
      server.publish(build.state)
    }
  })
  const server = devServer(session)
  const http = createServer(server.handle)
  const port = await listenOnPort(http, values.port, 4321, io)
  await session.rebuild()
  const watcher = watchKb(options.root, () => void session.rebuild())
  io.stdout.write(`kb: previewing ${options.root} with drafts at http://127.0.0.1:${port}/ (rebuilds on save; Ctrl-C stops)\n`)
  await untilStopped()
  watcher.close()
  session.close()
  server.close()
  http.close()
  http.closeAllConnections()
  return exitCodes.ok
}

/** One line per build; the full report only when the problems changed, so saving a clean file stays quiet. */
function printBuild(io: CliIo, build: DevBuild, lastReport: string, widthOf: WidthOf): string {
  const { state, result, milliseconds } = build
  const took = `${Math.round(milliseconds)} ms`
  if (state.failure) {
    io.stderr.write(`kb: ${state.failure}\n`)
    return lastReport
  }
  const files = result && 'reported' in result ? result.reported : result && 'configFile' in result ? [result.configFile] : []
  const diagnostics = toDiagnostics(files)
  const report = diagnostics.length > 0 ? formatText(diagnostics, summarize(files.length, diagnostics), { color: useColor(io), language: state.language, widthOf, sources: new Map(files.flatMap((file) => (file.value === undefined ? [] : [[file.path, String(file.value)] as const]))) }) : ''
  if (report !== lastReport && report !== '') io.stdout.write(report)
  const outcome = result?.kind === 'written' ? `built in ${took}` : result?.kind === 'up-to-date' ? `checked in ${took}, the site is unchanged` : `checked in ${took}, not built: the pages keep the last build without errors`
  io.stderr.write(`kb: ${outcome}; ${summaryLine({ errors: state.errors, warnings: state.warnings, files: result && 'checkedFiles' in result ? result.checkedFiles : files.length })}\n`)
  if (result && 'timings' in result) printTimings(io, result.timings)
  return report
}
