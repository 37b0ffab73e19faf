import { writeSync } from 'node:fs'
import { constants } from 'node:os'

/**
 * A test hook, so tests can make writing fail where no real disk would on cue. KB_FAULT_INJECT holds
 * comma-separated faults, each `<what>@<where>`:
 *   ENOSPC@write:40   the 40th file written fails as on a full disk (any errno code: EACCES, EROFS, EIO…)
 *   SIGKILL@swap      the process sends itself SIGKILL between the two renames that swap the output in
 *   SIGKILL@patch:3   the process sends itself SIGKILL before the 3rd file of an output patched in place
 *                     (an errno code fails that rename instead)
 *   SIGSTOP@write:20  the process stops itself before the 20th file, for a test to signal it mid-write
 *   LINGER@exit       a timer is left running when the command ends (see cli/exit-watchdog.ts)
 * Honoured only when NODE_ENV is `test`, so a stray variable can never break a real build.
 */
export interface Faults {
  /** Whether any fault is asked for: without, a caller need not make the path it would pass. */
  any: boolean
  /** Signals the process when a signal fault is due; returns the errno code a due write fault fails with. */
  beforeWrite(file: string): string | undefined
  betweenRenames(): void
  /** Before each file put in place by a patch (see writeDist's `inPlace`): signals, or throws an errno error. */
  whilePatching(file: string): void
}

const none: Faults = { any: false, beforeWrite: () => undefined, betweenRenames: () => undefined, whilePatching: () => undefined }

export function faultsFrom(env: NodeJS.ProcessEnv): Faults {
  const spec = env['KB_FAULT_INJECT']
  if (env['NODE_ENV'] !== 'test' || spec === undefined || spec === '') return none
  const faults = spec.split(',').map(parseFault)
  let written = 0
  let patched = 0
  return {
    any: true,
    beforeWrite(file) {
      written++
      for (const fault of faults) {
        if (fault.where !== 'write' || fault.nth !== written) continue
        // An errno fault fails the write itself, wherever it runs (a writer thread): the path a real one takes.
        if (!fault.what.startsWith('SIG')) return fault.what
        trigger(fault.what, 'write', file)
      }
      return undefined
    },
    betweenRenames() {
      for (const fault of faults) if (fault.where === 'swap') trigger(fault.what, 'rename', '')
    },
    whilePatching(file) {
      patched++
      for (const fault of faults) if (fault.where === 'patch' && fault.nth === patched) trigger(fault.what, 'rename', file)
    }
  }
}

/** Whether the LINGER@exit test hook is on: the command leaves a timer running when it ends (see cli/exit-watchdog.ts). */
export function lingersAtExit(env: NodeJS.ProcessEnv): boolean {
  const spec = env['KB_FAULT_INJECT']
  if (env['NODE_ENV'] !== 'test' || spec === undefined || spec === '') return false
  return spec.split(',').map(parseFault).some((fault) => fault.where === 'exit')
}

function parseFault(text: string): { what: string; where: 'write' | 'swap' | 'exit' | 'patch'; nth: number } {
  const match = /^([A-Z0-9]+)@(?:(swap|exit)|(write|patch):(\d+))$/.exec(text.trim())
  if (!match?.[1]) throw new Error(`Unexpected KB_FAULT_INJECT fault \`${text}\`, expected ENOSPC@write:40, SIGKILL@swap, SIGKILL@patch:3 or LINGER@exit`)
  return { what: match[1], where: ((match[2] ?? match[3]) as 'write' | 'swap' | 'exit' | 'patch' | undefined) ?? 'write', nth: Number(match[4] ?? 0) }
}

/** The error an injected errno fault stands for, as `node:fs` would throw it. */
export function injectedError(what: string, syscall: string, file: string): NodeJS.ErrnoException {
  const errno = (constants.errno as Record<string, number | undefined>)[what]
  return Object.assign(new Error(`${what}: injected fault, ${syscall} '${file}'`), { code: what, errno: errno === undefined ? undefined : -errno, syscall, path: file })
}

function trigger(what: string, syscall: string, file: string): void {
  if (what.startsWith('SIG')) {
    process.kill(process.pid, what as NodeJS.Signals)
    return
  }
  throw injectedError(what, syscall, file)
}

/**
 * A test hook like KB_FAULT_INJECT, for the promise that a worker thread that dies costs speed, never
 * results: with KB_WORKER_CRASH=<task> (`entries`, `scan` or `writer`) every worker thread of that task ends
 * itself on its second batch. Honoured only when NODE_ENV is `test`.
 */
export function crashesOnBatch(env: NodeJS.ProcessEnv, task: string): (batch: number) => boolean {
  const crashing = env['NODE_ENV'] === 'test' && env['KB_WORKER_CRASH'] === task
  return (batch) => crashing && batch === 2
}

/** Ends the worker thread as KB_WORKER_CRASH asks, saying so on stderr first, so the test sees that it did. */
export function endThreadForTest(task: string): never {
  writeSync(2, `kb: test hook: a ${task} thread ended itself\n`)
  process.exit(1)
}
