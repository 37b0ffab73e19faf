import { readFileSync } from 'node:fs'
import { runCheck } from './command-check.js'
import { runBuild } from './command-build.js'
import { runLinks } from './command-links.js'
import { runServe } from './command-serve.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { usage } from './help.js'

const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = { check: runCheck, build: runBuild, links: runLinks, serve: runServe }

/** The only place that prints and decides exit codes. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(usage)
      return command === undefined ? exitCodes.usage : exitCodes.ok
    }
    if (command === '--version' || command === '-v') {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
      io.stdout.write(pkg.version + '\n')
      return exitCodes.ok
    }
    const run = commands[command]
    if (!run) throw new UsageError(`Unknown command \`${command}\`, expected one of ${Object.keys(commands).join(', ')}`)
    return await run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kb: ${error.message}\nRun \`kb --help\` for usage.\n`)
      return exitCodes.usage
    }
    // A crash is a bug in kb, never the editor's fault: say so and how to report it.
    io.stderr.write(`kb: internal error, please report it with the command you ran:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return 3
  }
}
