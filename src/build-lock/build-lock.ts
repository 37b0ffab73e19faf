import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { open, readFile, rename, unlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { isProcessAlive } from './process-alive.js'

/** Who holds a lock: written into the lock file as JSON, so a waiting build can name it and judge it. */
export interface LockOwner {
  pid: number
  hostname: string
  startedAt: string
  /** Tells this holder from a later one that got the same pid (containers reuse small pids). */
  token: string
}

export interface BuildLock {
  readonly file: string
  /** Throws when another build has taken the lock over, so a build that lost it replaces nothing. */
  assertHeld(): Promise<void>
  release(): Promise<void>
  /** For signal handlers, which cannot wait for promises. */
  releaseSync(): void
}

/** Another build holds the lock and did not let go in time. */
export class BuildLockBusyError extends Error {
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
    readonly timeoutMs: number
  ) {
    super(`${file} is held by ${describeOwner(owner)}`)
  }
}

export class BuildLockLostError extends Error {}

/** The lock of an output folder sits beside it, where its temporary folders go, and not inside it. */
export function lockFileOf(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`)
}

export function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another process'
  const where = owner.hostname === os.hostname() ? '' : ` on ${owner.hostname}`
  return `another kb build (pid ${owner.pid}${where}, started ${owner.startedAt})`
}

/** A lock file written so briefly ago may still be half-written: only an older unreadable one is abandoned. */
const unreadableGraceMs = 10_000
const pollMs = 100

/**
 * Takes the lock of `target`, waiting up to `timeoutMs` for another build to release it. The lock file is
 * created with O_EXCL, so of two builds exactly one gets it; a lock whose process is dead is taken over.
 */
export async function acquireBuildLock(target: string, options: { timeoutMs: number; onWait?: (owner: LockOwner | undefined) => void }): Promise<BuildLock> {
  const file = lockFileOf(target)
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') }
  const started = Date.now()
  let announced = false
  for (;;) {
    if (await tryCreate(file, owner)) return heldLock(file, owner)
    const holder = await readHolder(file)
    if (!holder) continue
    if (isAbandoned(holder)) {
      await removeAbandoned(file, holder)
      continue
    }
    const waited = Date.now() - started
    if (waited >= options.timeoutMs) throw new BuildLockBusyError(file, holder.owner, options.timeoutMs)
    if (!announced) options.onWait?.(holder.owner)
    announced = true
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs + Math.random() * pollMs, options.timeoutMs - waited)))
  }
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  let handle
  try {
    handle = await open(file, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(JSON.stringify(owner) + '\n')
  } catch (error) {
    await handle.close()
    await unlink(file).catch(() => undefined)
    // A failed write on a file handle carries no path; the user needs it.
    throw Object.assign(error as NodeJS.ErrnoException, { path: (error as NodeJS.ErrnoException).path ?? file })
  }
  await handle.close()
  return true
}

interface Holder {
  owner: LockOwner | undefined
  text: string
  identity: string
  modifiedMs: number
}

async function readHolder(file: string): Promise<Holder | undefined> {
  let handle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const stats = await handle.stat()
    const text = await handle.readFile('utf8')
    return { owner: parseOwner(text), text, identity: `${stats.dev}:${stats.ino}:${stats.mtimeMs}:${text}`, modifiedMs: stats.mtimeMs }
  } finally {
    await handle.close()
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.startedAt === 'string' && typeof value.token === 'string') return value as LockOwner
  } catch {
    // Half-written or not ours: judged by its age below.
  }
  return undefined
}

/**
 * Only a holder known to be gone is abandoned: its process is dead on this machine, or it is this process's
 * pid reused (this process does not hold it yet). A lock from another machine is never judged from here.
 */
function isAbandoned(holder: Holder): boolean {
  const { owner } = holder
  if (!owner) return Date.now() - holder.modifiedMs > unreadableGraceMs
  if (owner.hostname !== os.hostname()) return false
  return owner.pid === process.pid || !isProcessAlive(owner.pid)
}

/**
 * Moves the abandoned lock aside before deleting it: a rename is atomic, so of several builds taking it over
 * one moves it. If what was moved is not the lock judged abandoned (another build took over and locked in
 * between), it is put back. Should a third build have locked in that instant, its lock is the one replaced;
 * whichever build lost its lock file finds out in `assertHeld` and replaces nothing.
 */
async function removeAbandoned(file: string, holder: Holder): Promise<void> {
  const aside = `${file}.abandoned-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await rename(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const moved = await readHolder(aside)
  if (moved && moved.identity !== holder.identity) {
    await rename(aside, file).catch(() => undefined)
  }
  await unlink(aside).catch(() => undefined)
}

function heldLock(file: string, owner: LockOwner): BuildLock {
  const isOurs = (text: string | undefined) => text !== undefined && parseOwner(text)?.token === owner.token
  return {
    file,
    async assertHeld() {
      const text = await readFile(file, 'utf8').catch(() => undefined)
      if (!isOurs(text)) throw new BuildLockLostError(`${file} was removed or taken over by another process while this build held it`)
    },
    async release() {
      if (isOurs(await readFile(file, 'utf8').catch(() => undefined))) await unlink(file).catch(() => undefined)
    },
    releaseSync() {
      let text: string | undefined
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        return
      }
      if (!isOurs(text)) return
      try {
        unlinkSync(file)
      } catch {
        // Already gone.
      }
    }
  }
}
