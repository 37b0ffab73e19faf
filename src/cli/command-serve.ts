import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { usage } from './help.js'

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
    io.stdout.write(usage)
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\``)
  const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.')
  const site = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : path.join(root, 'dist')
  const port = typeof values.port === 'string' ? Number(values.port) : 4321
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`Unexpected --port \`${String(values.port)}\`, expected a port number such as 4321`)
  if (!(await stat(path.join(site, 'index.html')).catch(() => undefined))) throw new UsageError(`Unexpected site folder \`${site}\` without index.html: run kb build first`)
  const server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      let file = path.join(site, path.normalize(pathname))
      // Never serve anything outside the site folder.
      if (file !== site && !file.startsWith(site + path.sep)) file = path.join(site, '404.html')
      if ((await stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'index.html')
      const body = await readFile(file).catch(() => undefined)
      if (body) {
        response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' })
        response.end(body)
      } else {
        response.writeHead(404, { 'content-type': types['.html'] ?? '' })
        response.end(await readFile(path.join(site, '404.html')).catch(() => 'Not found'))
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  io.stdout.write(`kb: serving ${site} at http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/ (Ctrl-C stops)\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  server.close()
  return exitCodes.ok
}
