import { lstatSync, rmSync } from 'node:fs'
import { lstat, rename } from 'node:fs/promises'
import path from 'node:path'
import { foldersIntact } from '../build/output-intact.js'
import type { Stamp } from '../build/stamp.js'
import { readKbManifestPaths } from './kb-manifest.js'

/**
 * Moves the spare tree to `into` when each of its folders is as recorded (`folders`: so it holds no file
 * its record does not list; see foldersIntact), and says whether it did. Its top folder was moved since it
 * was recorded (it was the output then).
 */
export async function takeSpare(folder: string, into: string, folders: ReadonlyMap<string, Stamp>): Promise<boolean> {
  if (!foldersIntact(folder, folders, { moved: true })) return false
  return rename(folder, into).then(
    () => true,
    () => false
  )
}

/** In the spare tree: a file (or anything but a folder) of an older output standing where a folder of `folder` now goes is removed. */
export function clearFilesOnTheWay(root: string, folder: string): void {
  let at = root
  for (const name of folder.split('/')) {
    at = path.join(at, name)
    const found = lstatSync(at, { throwIfNoEntry: false })
    if (!found) return
    if (!found.isDirectory()) {
      rmSync(at, { force: true })
      return
    }
  }
}

/**
 * Makes `previous` (the output just replaced) the spare tree; a spare already there is removed first when it
 * is kb's (it holds a manifest kb wrote), else `previous` is not kept. Says whether it was kept: if not, the
 * caller removes it.
 */
export async function keepAsSpare(folder: string, previous: string, remove: (folder: string) => Promise<void>): Promise<boolean> {
  const existing = await lstat(folder).catch(() => undefined)
  if (existing) {
    if (!existing.isDirectory() || (await readKbManifestPaths(folder)) === undefined) return false
    await remove(folder)
  }
  return rename(previous, folder).then(
    () => true,
    () => false
  )
}
