import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { siteAssetsDirectory } from '../load/package-files.js'
import { contentTypes, serveFile } from '../serve/static-site.js'
import type { DevSession, DevState } from './dev-session.js'

const clientScript = readFileSync(new URL('dev-client.js', siteAssetsDirectory), 'utf8')
/** A comment line now and then keeps proxies and browsers from closing a quiet event stream. */
const heartbeatMs = 15_000

/**
 * The preview's HTTP side: the built site as a static host serves it, each HTML page with the dev script
 * added on the way out (dist/ never carries it), the script itself, and an event stream that tells open
 * pages about every build.
 */
export function devServer(session: DevSession): { handle(request: IncomingMessage, response: ServerResponse): void; publish(state: DevState): void; close(): void } {
  const listeners = new Set<ServerResponse>()
  const heartbeat = setInterval(() => {
    for (const listener of listeners) listener.write(': still here\n\n')
  }, heartbeatMs)
  heartbeat.unref()

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = (request.url ?? '/').split('?')[0]
    if (pathname === '/__kb/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
      response.write(event(session.state()))
      listeners.add(response)
      request.on('close', () => listeners.delete(response))
      return
    }
    if (pathname === '/__kb/dev.js') {
      response.writeHead(200, { 'content-type': contentTypes['.js'] ?? '', 'cache-control': 'no-store' })
      response.end(clientScript)
      return
    }
    // The first build may still run, and a rebuild swaps the site in: a page asked for meanwhile waits for it.
    await session.settled()
    if (!(await stat(path.join(session.siteDir, 'index.html')).catch(() => undefined))) {
      response.writeHead(503, { 'content-type': contentTypes['.html'] ?? '', 'cache-control': 'no-store' })
      response.end(withDevScript(placeholderPage, session.state().version))
      return
    }
    const served = await serveFile(session.siteDir, request.url ?? '/', session.prefix())
    const html = served.type === contentTypes['.html']
    response.writeHead(served.status, { 'content-type': served.type, 'cache-control': 'no-store' })
    response.end(html ? withDevScript(String(served.body), session.state().version) : served.body)
  }

  return {
    handle(request, response) {
      respond(request, response).catch(() => {
        // A request never stops the preview: whatever went wrong is this request's problem alone.
        if (!response.headersSent) response.writeHead(500, { 'content-type': contentTypes['.txt'] ?? '' })
        response.end('Internal error\n')
      })
    },
    publish(state) {
      for (const listener of listeners) listener.write(event(state))
    },
    close() {
      clearInterval(heartbeat)
      for (const listener of listeners) listener.end()
    }
  }
}

function event(state: DevState): string {
  return `data: ${JSON.stringify(state)}\n\n`
}

/** The page before the first good build: the dev script shows why, and reloads once there is a site. */
const placeholderPage = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kb dev</title></head><body><main><h1>kb dev</h1><p>No site yet: the build has errors. They are listed over this page; fix them and save.</p></main></body></html>'

function withDevScript(html: string, version: number): string {
  const tag = `<script src="/__kb/dev.js" data-version="${version}"></script>`
  const end = html.lastIndexOf('</body>')
  return end === -1 ? html + tag : html.slice(0, end) + tag + html.slice(end)
}
