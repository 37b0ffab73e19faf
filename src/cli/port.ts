import type { Server } from 'node:http'
import { listen, portsToTry } from '../serve/static-site.js'
import { UsageError, type CliIo } from './io.js'

/**
 * Listens on `--port`, or from `fallback` on the first free port and says which: an editor with another
 * preview open gets a second one, not an error. A port given with --port is that port or a usage error.
 */
export async function listenOnPort(server: Server, portFlag: string | boolean | undefined, fallback: number, io: CliIo): Promise<number> {
  const port = typeof portFlag === 'string' ? Number(portFlag) : fallback
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Unexpected --port \`${String(portFlag)}\`, expected a port number such as ${fallback}`)
  const explicitPort = typeof portFlag === 'string'
  const bound = await listen(server, port, explicitPort ? 1 : portsToTry)
  if ('error' in bound) throw new UsageError(bound.error)
  if (bound.port !== port && port !== 0) io.stderr.write(`kb: port ${port} is in use, serving on ${bound.port} instead\n`)
  return bound.port
}

/** Resolves on Ctrl-C or a polite kill. */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}
