/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  cwd: string
  /** For the questions `kb new` asks on a terminal; absent, commands never ask. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
}

export const exitCodes = { ok: 0, content: 1, usage: 2 } as const

export class UsageError extends Error {}

export function useColor(io: CliIo): boolean {
  if (io.env['NO_COLOR']) return false
  if (io.env['FORCE_COLOR'] && io.env['FORCE_COLOR'] !== '0') return true
  return Boolean(io.stdout.isTTY)
}
