/** Serving a built site as a static host would: `kb serve` and `kb dev` share it. */
import type { Server } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml'
}

/** How many ports from the default one the previews try when not given --port. */
export const portsToTry = 20

/** Listens on the first free port of `count` from `port`; a port in use or refused is a message, not a crash. */
export async function listen(server: Server, port: number, count: number): Promise<{ port: number } | { error: string }> {
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

/**
 * What a static host would answer for `requestUrl`: the file, a folder's index.html, or the 404 page of the
 * locale the path is under (else the root one). A path under the site's own prefix (`/help/kb/…`, from
 * baseUrl) is served as if at the root, as the host would serve the site there.
 */
export async function serveFile(site: string, requestUrl: string, prefix = '/'): Promise<{ status: number; type: string; body: Buffer | string }> {
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname)
  } catch {
    return { status: 400, type: contentTypes['.txt'] ?? '', body: 'Bad request: the path has a malformed %-escape\n' }
  }
  if (prefix !== '/' && pathname.startsWith(prefix)) pathname = '/' + pathname.slice(prefix.length)
  let file = path.join(site, path.normalize(pathname))
  // Never serve anything outside the site folder.
  if (file !== site && !file.startsWith(site + path.sep)) file = path.join(site, '404.html')
  if ((await stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, 'index.html')
  const body = await readFile(file).catch(() => undefined)
  if (body) return { status: 200, type: contentTypes[path.extname(file)] ?? 'application/octet-stream', body }
  const locale = pathname.split('/')[1] ?? ''
  const localeNotFound = /^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$/.test(locale) ? await readFile(path.join(site, locale, '404.html')).catch(() => undefined) : undefined
  return { status: 404, type: contentTypes['.html'] ?? '', body: localeNotFound ?? (await readFile(path.join(site, '404.html')).catch(() => 'Not found')) }
}
