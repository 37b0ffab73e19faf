import { createServer } from 'node:http'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { listenOnPort, untilStopped } from './port.js'
import { contentTypes, serveFile } from '../serve/static-site.js'
import { loadConfig } from '../config/load-config.js'
import { sitePathPrefix } from '../compile/site-paths.js'

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
  if (!(await stat(path.join(site, 'index.html')).catch(() => undefined))) throw new UsageError(`Unexpected site folder \`${site}\` without index.html: run kb build first`)
  // The site's own path prefix (from baseUrl), as a host serves it there; a KB without a config serves at /.
  const prefix = sitePathPrefix((await loadConfig(root).catch(() => undefined))?.config ?? {})
  const server = createServer((request, response) => {
    serveFile(site, request.url ?? '/', prefix).then(
      ({ status, type, body }) => {
        response.writeHead(status, { 'content-type': type })
        response.end(body)
      },
      () => {
        // A request never stops the preview: whatever went wrong is this request's problem alone.
        response.writeHead(500, { 'content-type': contentTypes['.txt'] ?? '' })
        response.end('Internal error\n')
      }
    )
  })
  const port = await listenOnPort(server, values.port, 4321, io)
  io.stdout.write(`kb: serving ${site} at http://127.0.0.1:${port}/ (Ctrl-C stops)\n`)
  await untilStopped()
  server.close()
  return exitCodes.ok
}

