import { readFileSync } from 'node:fs'
import { packageJsonFile } from '../load/package-files.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { commandHelp, helpFor, usage, type CommandName } from './help.js'

type Command = (args: string[], io: CliIo) => Promise<number>
/** Each command's modules load when it runs: `kb check` never loads the compiler, `kb --version` nothing. */
const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./command-check.js')).runCheck,
  build: async () => (await import('./command-build.js')).runBuild,
  links: async () => (await import('./command-links.js')).runLinks,
  serve: async () => (await import('./command-serve.js')).runServe,
  dev: async () => (await import('./command-dev.js')).runDev,
  new: async () => (await import('./command-new.js')).runNew,
  status: async () => (await import('./command-status.js')).runStatus,
  translate: async () => (await import('./command-translate.js')).runTranslate,
  import: async () => (await import('./command-import.js')).runImport
}

/** The only place that prints and decides exit codes. */
export async function main(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  try {
    if (command === 'help' && rest[0] !== undefined && Object.hasOwn(commandHelp, rest[0])) {
      io.stdout.write(helpFor(rest[0] as CommandName))
      return exitCodes.ok
    }
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(usage)
      return command === undefined ? exitCodes.usage : exitCodes.ok
    }
    if (command === '--version' || command === '-v') {
      const pkg = JSON.parse(readFileSync(packageJsonFile, 'utf8')) as { version: string }
      io.stdout.write(pkg.version + '\n')
      return exitCodes.ok
    }
    const load = commands[command]
    if (!load) throw new UsageError(`Unknown command \`${command}\`, expected one of ${Object.keys(commands).join(', ')}`)
    return await (await load())(rest, io)
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
