import { constants } from 'node:os'

/**
 * A test hook, so tests can make writing fail where no real disk would on cue. KB_FAULT_INJECT holds
 * comma-separated faults, each `<what>@<where>`:
 *   ENOSPC@write:40   the 40th file written fails as on a full disk (any errno code: EACCES, EROFS, EIO…)
 *   SIGKILL@swap      the process sends itself SIGKILL between the two renames that swap the output in
 *   SIGSTOP@write:20  the process stops itself before the 20th file, for a test to signal it mid-write
 * Honoured only when NODE_ENV is `test`, so a stray variable can never break a real build.
 */
export interface Faults {
  beforeWrite(file: string): void
  betweenRenames(): void
}

const none: Faults = { beforeWrite: () => undefined, betweenRenames: () => undefined }

export function faultsFrom(env: NodeJS.ProcessEnv): Faults {
  const spec = env['KB_FAULT_INJECT']
  if (env['NODE_ENV'] !== 'test' || spec === undefined || spec === '') return none
  const faults = spec.split(',').map(parseFault)
  let written = 0
  return {
    beforeWrite(file) {
      written++
      for (const fault of faults) if (fault.where === 'write' && fault.nth === written) trigger(fault.what, 'write', file)
    },
    betweenRenames() {
      for (const fault of faults) if (fault.where === 'swap') trigger(fault.what, 'rename', '')
    }
  }
}

function parseFault(text: string): { what: string; where: 'write' | 'swap'; nth: number } {
  const match = /^([A-Z0-9]+)@(?:(swap)|write:(\d+))$/.exec(text.trim())
  if (!match?.[1]) throw new Error(`Unexpected KB_FAULT_INJECT fault \`${text}\`, expected ENOSPC@write:40 or SIGKILL@swap`)
  return { what: match[1], where: match[2] ? 'swap' : 'write', nth: Number(match[3] ?? 0) }
}

function trigger(what: string, syscall: string, file: string): void {
  if (what.startsWith('SIG')) {
    process.kill(process.pid, what as NodeJS.Signals)
    return
  }
  const errno = (constants.errno as Record<string, number | undefined>)[what]
  throw Object.assign(new Error(`${what}: injected fault, ${syscall} '${file}'`), { code: what, errno: errno === undefined ? undefined : -errno, syscall, path: file })
}
