import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import path from 'node:path'
import { repoRoot } from './run-kb.js'

export interface RunningKb {
  url: string
  child: ChildProcess
  stop: () => void
  stdout: () => string
  stderr: () => string
}

/** Starts a long-running kb command (serve, dev) and waits for the line with its URL. */
export function startKbServer(args: string[], cwd: string, timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<RunningKb> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kb ${args[0]} did not start: ${stdout} ${stderr}`))
    }, timeoutMs)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0]
      if (url) {
        clearTimeout(timer)
        resolve({ url, child, stop: () => child.kill('SIGTERM'), stdout: () => stdout, stderr: () => stderr })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`kb ${args[0]} exited with ${code}: ${stderr}`))
    })
  })
}

/** Holds a port, as another program would. */
export function occupy(port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const address = server.address()
      resolve({ server, port: typeof address === 'object' && address ? address.port : port })
    })
  })
}
