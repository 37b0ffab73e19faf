import type { Dirent, Stats } from 'node:fs'
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'

export interface DiscoveredFile {
  /** Path relative to the KB root with forward slashes, as every message names it. */
  path: string
  absolute: string
  /** Why the path is not read as an entry: reported at the path, never read. Absent for every entry file. */
  problem?: DiscoveryProblem
}

/**
 * A path under content/ that holds, or may hold, something an editor wrote and that kb cannot read as an
 * entry. Discovery never drops one: each becomes a message on its path. `target` is what a link says
 * (`readlink`) or, for folders, the folder's path relative to the KB root.
 */
export type DiscoveryProblem =
  /** A symbolic link whose target lies outside the KB root. */
  | { kind: 'outside-root' }
  /** A folder whose listing failed (permissions, or not a folder at all). */
  | ({ kind: 'unreadable-folder' } & ErrorReason)
  /** A symbolic link that cannot be resolved for another reason than a missing target or a loop. */
  | ({ kind: 'unfollowable-link' } & ErrorReason)
  | { kind: 'broken-link'; target: string }
  /** A chain of links that never ends at a file or folder. */
  | { kind: 'link-loop'; target: string }
  /** A link to a folder that contains the link: following it would never end. */
  | { kind: 'link-to-ancestor'; target: string }
  /** A folder reached a second time through a link; its entries are read once, at `readAt`. */
  | { kind: 'repeated-folder'; target: string; readAt: string; viaLink: boolean }
  /** A Markdown name on a named pipe, socket or device. */
  | { kind: 'not-a-file'; what: string; whatZh: string }

/** Why a path could not be read, in words, in English and in Chinese. */
export interface ErrorReason {
  reason: string
  reasonZh: string
}

export const contentDirectory = 'content'

/**
 * What a listing depended on besides the files it found: each folder it listed, with its stats taken just
 * before the listing. A file added, removed or renamed in a folder changes the folder's times, so while each
 * folder has the stats it had, the listing is the same; unless a link was followed or a problem found, which
 * depend on paths elsewhere: then `covers` is false.
 */
export interface FolderTrace {
  folders: Map<string, Stats>
  covers: boolean
}

interface LinkedFolder {
  absolute: string
  relative: string
  /** Real path of the folder the link points to. */
  target: string
  /** Real path of the folder holding the link. */
  parent: string
}

/**
 * Finds every Markdown file under content/ in a stable order (by path, code unit by code unit), so output
 * never depends on the file system. Symbolic links are resolved only when they stay inside the root. Each
 * folder is read once, at its own path: links to folders are followed after every real folder has been
 * read, in path order. Hidden names (a leading dot) are skipped; every other path that may hold an entry
 * and cannot be read comes back with its `problem`.
 */
export async function discoverEntries(root: string, trace?: FolderTrace): Promise<DiscoveredFile[]> {
  const realRoot = await realpath(root)
  const found: DiscoveredFile[] = []
  /** Real path of every folder read → the path (relative to the root) it was read at. */
  const readAt = new Map<string, string>()
  const linkedFolders: LinkedFolder[] = []
  const relativeOf = (absolute: string) => path.relative(root, absolute).split(path.sep).join('/')
  const fromRoot = (real: string) => path.relative(realRoot, real).split(path.sep).join('/')
  const reportAt = (absolute: string, problem: DiscoveryProblem) => {
    if (trace) trace.covers = false
    found.push({ path: relativeOf(absolute), absolute, problem })
  }

  async function walk(directory: string, realDirectory: string): Promise<void> {
    readAt.set(realDirectory, relativeOf(directory))
    if (trace) {
      // Before the listing: a change after these stats changes them, so it is never missed.
      const stats = await lstat(directory).catch(() => undefined)
      if (stats?.isDirectory()) trace.folders.set(directory, stats)
      else trace.covers = false
    }
    let entries: Dirent[]
    try {
      entries = await readdir(directory, { withFileTypes: true })
    } catch (error) {
      reportAt(directory, { kind: 'unreadable-folder', ...describeError(error) })
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const absolute = path.join(directory, entry.name)
      if (entry.isSymbolicLink()) {
        await followLink(absolute, realDirectory, isMarkdown(entry.name))
      } else if (entry.isDirectory()) {
        const real = path.join(realDirectory, entry.name)
        const earlier = readAt.get(real)
        if (earlier === undefined) await walk(absolute, real)
        else reportAt(absolute, { kind: 'repeated-folder', target: fromRoot(real), readAt: earlier, viaLink: false })
      } else if (isMarkdown(entry.name)) {
        if (entry.isFile()) found.push({ path: relativeOf(absolute), absolute })
        else reportAt(absolute, { kind: 'not-a-file', ...specialKind(entry) })
      }
    }
  }

  async function followLink(absolute: string, parent: string, markdown: boolean): Promise<void> {
    if (trace) trace.covers = false
    let target: string
    let targetStat: Stats
    try {
      target = await realpath(absolute)
      targetStat = await stat(target)
    } catch (error) {
      reportAt(absolute, await linkProblem(absolute, error))
      return
    }
    const inside = target === realRoot || target.startsWith(realRoot + path.sep)
    if (!inside) {
      if (markdown || targetStat.isDirectory()) reportAt(absolute, { kind: 'outside-root' })
    } else if (targetStat.isDirectory()) {
      linkedFolders.push({ absolute, relative: relativeOf(absolute), target, parent })
    } else if (markdown) {
      if (targetStat.isFile()) found.push({ path: relativeOf(absolute), absolute })
      else reportAt(absolute, { kind: 'not-a-file', ...specialKind(targetStat) })
    }
  }

  const content = path.join(root, contentDirectory)
  let realContent: string
  try {
    realContent = await realpath(content)
  } catch (error) {
    // No content/ at all: nothing was written, so nothing is lost. Anything else there is reported.
    if (trace) trace.covers = false
    if (errorCode(error) === 'ENOENT' && !(await lstat(content).catch(() => undefined))) return []
    return [{ path: contentDirectory, absolute: content, problem: await linkProblem(content, error) }]
  }
  await walk(content, realContent)
  // Links to folders last, in path order, so that a folder is read at its own path whenever it has one.
  while (linkedFolders.length > 0) {
    const batch = linkedFolders.splice(0).sort((a, b) => compareStrings(a.relative, b.relative))
    for (const link of batch) {
      const earlier = readAt.get(link.target)
      if (earlier === undefined) await walk(link.absolute, link.target)
      else if (link.parent === link.target || link.parent.startsWith(link.target + path.sep)) reportAt(link.absolute, { kind: 'link-to-ancestor', target: fromRoot(link.target) })
      else reportAt(link.absolute, { kind: 'repeated-folder', target: fromRoot(link.target), readAt: earlier, viaLink: true })
    }
  }
  return found.sort((a, b) => compareStrings(a.path, b.path))
}

/** What a link that cannot be resolved is: broken, a loop, or unreadable for another reason. */
async function linkProblem(absolute: string, error: unknown): Promise<DiscoveryProblem> {
  const code = errorCode(error)
  const target = await readlink(absolute).catch(() => undefined)
  if (target !== undefined && code === 'ELOOP') return { kind: 'link-loop', target }
  if (target !== undefined && (code === 'ENOENT' || code === 'ENOTDIR')) return { kind: 'broken-link', target }
  return { kind: 'unfollowable-link', ...describeError(error) }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined
}

/** A short reason without the absolute path Node puts into its messages, so reports are the same everywhere. */
function describeError(error: unknown): ErrorReason {
  const code = errorCode(error)
  if (code === 'EACCES' || code === 'EPERM') return { reason: 'permission denied', reasonZh: '没有权限' }
  if (code === 'ENOTDIR') return { reason: 'not a folder', reasonZh: '它不是文件夹' }
  if (code === 'ENOENT') return { reason: 'it no longer exists', reasonZh: '它已经不存在了' }
  const reason = code ?? (error instanceof Error ? error.message : String(error))
  return { reason, reasonZh: `系统报告：${reason}` }
}

function specialKind(entry: Dirent | Stats): { what: string; whatZh: string } {
  if (entry.isFIFO()) return { what: 'named pipe', whatZh: '命名管道' }
  if (entry.isSocket()) return { what: 'socket', whatZh: '套接字' }
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return { what: 'device', whatZh: '设备文件' }
  return { what: 'special file', whatZh: '特殊文件' }
}

function isMarkdown(name: string): boolean {
  return /\.(md|markdown)$/i.test(name)
}
