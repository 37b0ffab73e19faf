import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from 'node:fs/promises'
import { packIndex } from '../../src/build/artifact-pack.js'
import os from 'node:os'
import path from 'node:path'
import { treeHashes } from './dist.js'
import { repoRoot, runCli, type KbRun } from './run-kb.js'

/** The CLI as the repository ships it (bin/kb.js, running the compiled lib/). */
export const kbCli = path.join(repoRoot, 'bin/kb.js')

export { runCli }

/**
 * A private install of kb in a temporary folder (bin/, lib/, schemas/, site-assets/ and the package files
 * copied, node_modules linked to the repository's): its schemas and assets can be edited without touching
 * the repository. lib/ must be compiled.
 */
export async function privateInstall(): Promise<{ dir: string; cli: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kb-install-'))
  for (const name of ['bin', 'lib', 'schemas', 'site-assets', 'package.json', 'package-lock.json']) {
    if (existsSync(path.join(repoRoot, name))) await cp(path.join(repoRoot, name), path.join(dir, name), { recursive: true })
  }
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return { dir, cli: path.join(dir, 'bin/kb.js'), cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/**
 * Every record of the per-entry cache (the packs in `.kb-cache/entries/`), by key, with the sha256 of its
 * bytes: a record rewritten (a damaged one, once its entry is checked again) has new bytes under its old key.
 */
export async function cacheRecords(root: string): Promise<Map<string, string>> {
  const folder = path.join(root, '.kb-cache', 'entries')
  const found = new Map<string, string>()
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.pack')).sort()
  for (const name of names) {
    const bytes = await readFile(path.join(folder, name))
    for (const place of packIndex(bytes, bytes.length)?.places ?? []) {
      found.set(place.key, createHash('sha256').update(bytes.subarray(place.offset, place.offset + place.length)).digest('hex'))
    }
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The pack files of the per-entry cache, relative to the KB root. */
export async function cachePacks(root: string): Promise<string[]> {
  const names = await readdir(path.join(root, '.kb-cache', 'entries')).catch(() => [] as string[])
  return names.filter((name) => name.endsWith('.pack')).sort().map((name) => `.kb-cache/entries/${name}`)
}

/**
 * What a run did with the cache, from its records before and after: `reused` records are there with the same
 * bytes (the run did not process their entry again), `written` ones are new or rewritten, `removed` ones are
 * gone (pruned).
 */
export function cacheUse(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): { reused: number; written: number; removed: number } {
  let reused = 0
  for (const [key, sha256] of after) if (before.get(key) === sha256) reused++
  return { reused, written: after.size - reused, removed: [...before.keys()].filter((key) => !after.has(key)).length }
}

/**
 * How two output trees differ, one line per file: only in one of them, or different bytes (with the first
 * difference in context). Empty when they are equal byte for byte.
 */
export async function treeDifferences(actual: string, expected: string): Promise<string[]> {
  const [mine, theirs] = await Promise.all([treeHashes(actual), treeHashes(expected)])
  const lines: string[] = []
  for (const file of new Set([...mine.keys(), ...theirs.keys()])) {
    if (!theirs.has(file)) lines.push(`only in the incremental output: ${file}`)
    else if (!mine.has(file)) lines.push(`only in the clean output: ${file}`)
    else if (mine.get(file) !== theirs.get(file)) {
      const [a, b] = await Promise.all([readFile(path.join(actual, file)), readFile(path.join(expected, file))])
      let at = 0
      while (at < a.length && at < b.length && a[at] === b[at]) at++
      const context = (bytes: Buffer) => JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + 60).toString('utf8'))
      lines.push(`differs: ${file} (${a.length} vs ${b.length} bytes; from byte ${at}: incremental ${context(a)}, clean ${context(b)})`)
    }
  }
  return lines.sort()
}

let cleanBuilds = 0

export interface CleanBuild {
  run: KbRun
  /** The clean output folder. */
  out: string
  /** Whether the --no-cache run created a cache folder (it must not). */
  cacheCreated: boolean
}

/**
 * A clean build of the KB as it is now: its sources (everything but .kb-cache/ and dist/) copied to a fresh
 * folder and built there with --no-cache, so nothing an earlier build left can leak into it. Returns the run
 * and the output folder; the copy never gets a cache folder.
 */
export async function cleanBuild(root: string, scratch: string, options: { cli?: string; args?: string[]; env?: NodeJS.ProcessEnv; command?: 'build' | 'check' } = {}): Promise<CleanBuild> {
  // A private install (options.cli) may have edited schemas or assets under the same path: never shared.
  if (options.cli !== undefined && options.cli !== kbCli) return cleanBuildAfresh(root, scratch, options)
  const key = await sourcesKey(root, [options.command ?? 'build', options.args ?? [], options.env ?? {}, new Date().toDateString()])
  let shared = cleanBuildsByKey.get(key)
  if (shared === undefined) {
    shared = cleanBuildAfresh(root, sharedScratch(), options)
    cleanBuildsByKey.set(key, shared)
  }
  return shared
}

/**
 * Clean builds by their sources and options: one clean build is deterministic (a test proves it), so the
 * cases that reach the same sources (the same edits from the same fixture) share one, and the suite spends
 * its time on the incremental builds under test. Kept in a folder of their own until the test file ends; the
 * callers only read them.
 */
const cleanBuildsByKey = new Map<string, Promise<CleanBuild>>()
let sharedFolder: string | undefined

function sharedScratch(): string {
  if (sharedFolder === undefined) {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'kb-clean-builds-'))
    process.on('exit', () => rmSync(folder, { recursive: true, force: true }))
    sharedFolder = folder
  }
  return sharedFolder
}

/** Every file, folder and link under `root` but .kb-cache/ and dist/ (names, kinds, modes, bytes, targets) and `options`, hashed. */
async function sourcesKey(root: string, options: unknown): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(options)).update('\0')
  const visit = async (folder: string): Promise<void> => {
    const names = (await readdir(folder)).sort()
    for (const name of names) {
      const file = path.join(folder, name)
      const relative = path.relative(root, file)
      if (['.kb-cache', 'dist'].includes(relative.split(path.sep)[0] ?? '')) continue
      const stats = await lstat(file)
      hash.update(`${relative}\0${stats.mode}\0`)
      if (stats.isSymbolicLink()) hash.update(await readlink(file))
      else if (stats.isDirectory()) await visit(file)
      else if (stats.isFile()) hash.update(await readFile(file))
      hash.update('\0')
    }
  }
  await visit(root)
  return hash.digest('hex')
}

async function cleanBuildAfresh(root: string, scratch: string, options: { cli?: string; args?: string[]; env?: NodeJS.ProcessEnv; command?: 'build' | 'check' }): Promise<CleanBuild> {
  const index = ++cleanBuilds
  const copy = path.join(scratch, `clean-root-${index}`)
  const out = path.join(scratch, `clean-out-${index}`)
  await mkdir(copy, { recursive: true })
  await cp(root, copy, { recursive: true, verbatimSymlinks: true, filter: (source) => !['.kb-cache', 'dist'].includes(path.relative(root, source).split(path.sep)[0] ?? '') })
  const command = options.command ?? 'build'
  const args = command === 'build' ? ['build', '--root', copy, '--out', out, '--no-cache', ...(options.args ?? [])] : ['check', '--root', copy, '--no-cache', ...(options.args ?? [])]
  const run = await runCli(options.cli ?? kbCli, args, { cwd: copy, env: options.env ?? {}, timeoutMs: 120_000 })
  return { run, out, cacheCreated: existsSync(path.join(copy, '.kb-cache')) }
}
