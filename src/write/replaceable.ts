import { lstat, readdir } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'
import { manifestName, readKbManifestPaths } from './kb-manifest.js'
import { explainFileSystemError, isFileSystemError, OutputError } from './output-error.js'
import { virtualFileSystemOf } from './output-target.js'

const listedAtMost = 20

/**
 * A build replaces its output folder whole, so it may only replace a folder it wrote itself: one with kb's
 * manifest.json and nothing the manifest does not list. Throws an OutputError naming whatever else is there.
 * `target` is the resolved folder (see resolveOutputTarget), `shownAs` what the user typed. `listedAsWritten`,
 * when it says so, vouches that the folder's listing is still the one kb wrote (the build's record of its
 * folders' stamps): then neither the manifest nor the tree is read.
 */
export async function assertReplaceable(target: string, shownAs: string, listedAsWritten?: () => boolean): Promise<void> {
  const virtual = virtualFileSystemOf(target)
  if (virtual) throw new OutputError(`Unexpected --out \`${shownAs}\`: ${virtual} holds the kernel's virtual files, not folders on a disk; choose a folder on a disk for --out`)
  try {
    const stats = await lstat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (!stats) return
    if (!stats.isDirectory()) throw new OutputError(`Unexpected --out \`${shownAs}\`: it is a file, expected a folder`)
    if (listedAsWritten?.()) return
    const listed = await readKbManifestPaths(target)
    const foreign = listed ? await unlistedEntries(target, listed) : await topLevelEntries(target)
    if (foreign.length === 0) return
    const what = listed ? `it holds ${count(foreign.length, 'file')} kb did not write` : `kb did not write this folder (it has no manifest.json of kb's)`
    throw new OutputError(`Unexpected --out \`${shownAs}\`: ${what}, and a build replaces the whole folder, deleting ${listSome(foreign)}. Move ${foreign.length === 1 ? 'it' : 'them'} elsewhere, or choose an empty or new folder for --out`)
  } catch (error) {
    if (!isFileSystemError(error)) throw error
    const { reason, remedy } = explainFileSystemError(error)
    throw new OutputError(`could not read the output folder ${shownAs}: ${reason}; ${remedy}`)
  }
}

/** Everything not listed, walking only into folders the manifest implies, so the walk stays as small as the build. */
async function unlistedEntries(target: string, listed: ReadonlySet<string>): Promise<string[]> {
  const folders = new Set<string>()
  for (const file of listed) {
    for (let folder = path.posix.dirname(file); folder !== '.' && !folders.has(folder); folder = path.posix.dirname(folder)) folders.add(folder)
  }
  const foreign: string[] = []
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(path.join(target, relative), { withFileTypes: true })
    entries.sort((a, b) => compareStrings(a.name, b.name))
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory() && folders.has(child)) await walk(child)
      else if (!entry.isDirectory() && (listed.has(child) || child === manifestName)) continue
      else foreign.push(entry.isDirectory() ? `${child}/` : child)
    }
  }
  await walk('')
  return foreign
}

async function topLevelEntries(target: string): Promise<string[]> {
  const entries = await readdir(target, { withFileTypes: true })
  return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort(compareStrings)
}

function listSome(names: readonly string[]): string {
  const shown = names.slice(0, listedAtMost).join(', ')
  return names.length > listedAtMost ? `${shown} and ${names.length - listedAtMost} more` : shown
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
