import { lstat, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { isProcessAlive } from '../build-lock/process-alive.js'
import { pathExists } from './path-exists.js'

/** The folders a build makes beside its output: `.<base>.tmp-<pid>-<hex>` (being written) and `.<base>.old-<pid>-<hex>` (the previous output, mid-swap). */
export function siblingFolder(target: string, kind: 'tmp' | 'old', suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${kind}-${process.pid}-${suffix}`)
}

interface Leftover {
  name: string
  /** `lock` is a lock file a killed build had moved aside to take it over (see acquireBuildLock). */
  kind: 'tmp' | 'old' | 'lock'
  pid: number
}

/**
 * Cleans up after builds that were killed: puts back an output caught between the two renames of the swap
 * (the newest, when several), and removes their temporary and set-aside folders and lock files. Only what
 * processes that are gone left is touched, never a live build's, and only while the caller holds the build
 * lock. Returns whether the output was put back.
 */
export async function recoverInterrupted(target: string): Promise<boolean> {
  const parent = path.dirname(target)
  const leftovers = await abandonedLeftovers(target)
  let restored: string | undefined
  if (!(await pathExists(target))) {
    const olds = await Promise.all(
      leftovers.filter((leftover) => leftover.kind === 'old').map(async ({ name }) => ({ name, modifiedMs: (await lstat(path.join(parent, name))).mtimeMs }))
    )
    restored = olds.sort((a, b) => b.modifiedMs - a.modifiedMs)[0]?.name
    if (restored !== undefined) await rename(path.join(parent, restored), target)
  }
  for (const { name } of leftovers) {
    if (name !== restored) await rm(path.join(parent, name), { recursive: true, force: true })
  }
  return restored !== undefined
}

/**
 * Whether anything of another build is beside the output: its lock, or a folder or lock file a build left
 * (killed or still running). A build that would have nothing to write still takes the writing path then, to
 * wait for the other build or clean up after it.
 */
export async function hasBuildTraces(target: string): Promise<boolean> {
  const base = path.basename(target)
  const names = await readdir(path.dirname(target)).catch(() => [] as string[])
  return names.some((name) => name === `.${base}.lock` || parseLeftover(name, base) !== undefined)
}

/** Whether a killed build set a previous output aside that recoverInterrupted could put back (looking needs no lock). */
export async function hasSetAsideOutput(target: string): Promise<boolean> {
  return (await abandonedLeftovers(target)).some((leftover) => leftover.kind === 'old')
}

async function abandonedLeftovers(target: string): Promise<Leftover[]> {
  const base = path.basename(target)
  const names = await readdir(path.dirname(target)).catch(() => [] as string[])
  // A leftover with this process's pid is from an earlier process that had the same pid: this one has made none yet.
  return names.map((name) => parseLeftover(name, base)).filter((leftover): leftover is Leftover => leftover !== undefined && (leftover.pid === process.pid || !isProcessAlive(leftover.pid)))
}

function parseLeftover(name: string, base: string): Leftover | undefined {
  const prefix = `.${base}.`
  if (!name.startsWith(prefix)) return undefined
  const match = /^(?:(tmp|old)|lock\.abandoned)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))
  if (!match) return undefined
  return { name, kind: (match[1] ?? 'lock') as Leftover['kind'], pid: Number(match[2]) }
}

