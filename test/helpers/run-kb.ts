import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const fixturesRoot = path.join(repoRoot, 'test/fixtures')
const cli = path.join(repoRoot, 'bin/kb.js')

export interface KbRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the real CLI (compiled lib/) as a child process, as an editor or CI would. */
export function runKb(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<KbRun> {
  return runCli(cli, args, options)
}

/** runKb for any copy of the CLI (a private install, in the cache tests): the same child process, environment and timeout. */
export function runCli(cliPath: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<KbRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

/** Copies a fixture KB to a fresh temporary folder (adding the shared config when it has none). */
export async function layOutFixture(name: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), `kb-${name}-`))
  await cp(path.join(fixturesRoot, name), root, { recursive: true, verbatimSymlinks: true })
  const hasConfig = await stat(path.join(root, 'kb.config.yaml')).then(
    () => true,
    () => false
  )
  const noConfig = await stat(path.join(root, '.no-config')).then(
    () => true,
    () => false
  )
  if (!hasConfig && !noConfig) await cp(path.join(fixturesRoot, 'kb.config.yaml'), path.join(root, 'kb.config.yaml'))
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) }
}

/** A scratch copy of the shipped KB (content/ and kb.config.yaml), for tests that change it. */
export async function layOutShippedKb(prefix: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix))
  await cp(path.join(repoRoot, 'content'), path.join(root, 'content'), { recursive: true })
  await cp(path.join(repoRoot, 'kb.config.yaml'), path.join(root, 'kb.config.yaml'))
  return root
}
