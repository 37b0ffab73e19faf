import { lingersAtExit } from '../write/fault-injection.js'

/** How long the process may stay alive after a command has finished before the watchdog ends it. */
export const lingerMs = 2000

/**
 * Ends the process `lingerMs` after the command has finished, if something kb started (a thread, a timer, a
 * socket) still keeps it alive: a finished `kb build` must never hang a terminal or a CI job. The timer does
 * not keep the process alive itself, so a clean exit is as quick as ever. It says so on stderr, as a bug.
 */
export function exitWhenFinished(code: number, stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv): void {
  process.exitCode = code
  // The test hook: something left running, to see the watchdog end it.
  if (lingersAtExit(env)) setInterval(() => undefined, 1000)
  setTimeout(() => {
    stderr.write(`kb: internal error, please report it: the command finished but something it started was still running ${lingerMs / 1000} s later; stopped it\n`)
    process.exit(code)
  }, lingerMs).unref()
}
