import { createServer, type Server } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml'
}

/** `kb serve`: previews a built site on localhost, as a static host would serve it (404.html included). */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { out: { type: 'string' }, port: { type: 'string' } })
  if (values.help) {
    io.stdout.write(helpFor('serve'))
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\``)
  const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.')
  const site = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : path.join(root, 'dist')
  const port = typeof values.port === 'string' ? Number(values.port) : 4321
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Unexpected --port \`${String(values.port)}\`, expected a port number such as 4321`)
  if (!(await stat(path.join(site, 'index.html')).catch(() => undefined))) throw new UsageError(`Unexpected site folder \`${site}\` without index.html: run kb build first`)
  const server = createServer((request, response) => {
    serveFile(site, request.url ?? '/').then(
      ({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type })
        response.end(body)
      },
      () => {
        // A request never stops the preview: whatever went wrong is this request's problem alone.
        response.writeHead(500, { 'content-type': types['.txt'] ?? '' })
        response.end('Internal error\n')
      }
    )
  })
  const explicitPort = typeof values.port === 'string'
  const bound = await listen(server, port, explicitPort ? 1 : portsToTry)
  if ('error' in bound) throw new UsageError(bound.error)
  if (bound.port !== port && port !== 0) io.stderr.write(`kb: port ${port} is in use, serving on ${bound.port} instead\n`)
  io.stdout.write(`kb: serving ${site} at http://127.0.0.1:${bound.port}/ (Ctrl-C stops)\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  server.close()
  return exitCodes.ok
}

/** How many ports from the default one `kb serve` tries when it was not given --port. */
const portsToTry = 20

/** Listens on the first free port of `count` from `port`; a port in use or refused is a message, not a crash. */
async function listen(server: Server, port: number, count: number): Promise<{ port: number } | { error: string }> {
  for (let candidate = port; candidate < port + count && candidate <= 65535; candidate++) {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const onError = (failure: NodeJS.ErrnoException) => resolve(failure)
      server.once('error', onError)
      server.listen(candidate, '127.0.0.1', () => {
        server.off('error', onError)
        resolve(undefined)
      })
    })
    if (!error) {
      const address = server.address()
      return { port: typeof address === 'object' && address ? address.port : candidate }
    }
    if (error.code !== 'EADDRINUSE') return { error: `Cannot listen on port ${candidate}: ${error.code ?? error.message}, expected a port this user may open (above 1023)` }
  }
  return count === 1
    ? { error: `Unexpected --port ${port}: another program is using it, expected a free port (leave out --port to pick one)` }
    : { error: `Unexpected: ports ${port}–${port + count - 1} are all in use, expected a free one (choose with --port)` }
}

/** What a static host would answer for `requestUrl`: the file, a folder's index.html, or 404.html. */
async function serveFile(site: string, requestUrl: string): Promise<{ status: number; type: string; body: Buffer | string }> {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname)
  } catch {
    return { status: 400, type: types['.txt'] ?? '', body: 'Bad request: the path has a malformed %-escape\n' }
  }
  let file = path.join(site, path.normalize(pathname))
  // Never serve anything outside the site folder.
  if (file !== site && !file.startsWith(site + path.sep)) file = path.join(site, '404.html')
  if ((await stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'index.html')
  const body = await readFile(file).catch(() => undefined)
  if (body) return { status: 200, type: types[path.extname(file)] ?? 'application/octet-stream', body }
  return { status: 404, type: types['.html'] ?? '', body: await readFile(path.join(site, '404.html')).catch(() => 'Not found') }
}
