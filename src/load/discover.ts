import { readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'

export interface DiscoveredFile {
  /** Path relative to the KB root with forward slashes, as every message names it. */
  path: string
  absolute: string
  /** A symbolic link whose target lies outside the KB root: reported, never read. */
  outsideRoot: boolean
}

export const contentDirectory = 'content'

/**
 * Finds every Markdown file under content/ in a stable order (by path, code unit by code unit), so output
 * never depends on the file system. Symbolic links are resolved only when they stay inside the root.
 */
export async function discoverEntries(root: string): Promise<DiscoveredFile[]> {
  const realRoot = await realpath(root)
  const found: DiscoveredFile[] = []
  const visitedDirectories = new Set<string>()

  async function walk(directory: string): Promise<void> {
    const realDirectory = await realpath(directory).catch(() => directory)
    if (visitedDirectories.has(realDirectory)) return
    visitedDirectories.add(realDirectory)
    let entries
    try {
      entries = await readdir(directory, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const absolute = path.join(directory, entry.name)
      const relative = path.relative(root, absolute).split(path.sep).join('/')
      if (entry.isSymbolicLink()) {
        const target = await realpath(absolute).catch(() => undefined)
        if (target === undefined) continue
        const inside = target === realRoot || target.startsWith(realRoot + path.sep)
        const targetStat = await stat(target).catch(() => undefined)
        if (!inside) {
          if (isMarkdown(entry.name) || targetStat?.isDirectory()) found.push({ path: relative, absolute, outsideRoot: true })
        } else if (targetStat?.isDirectory()) {
          await walk(absolute)
        } else if (targetStat?.isFile() && isMarkdown(entry.name)) {
          found.push({ path: relative, absolute, outsideRoot: false })
        }
      } else if (entry.isDirectory()) {
        await walk(absolute)
      } else if (entry.isFile() && isMarkdown(entry.name)) {
        found.push({ path: relative, absolute, outsideRoot: false })
      }
    }
  }

  await walk(path.join(root, contentDirectory))
  return found.sort((a, b) => compareStrings(a.path, b.path))
}

function isMarkdown(name: string): boolean {
  return /\.(md|markdown)$/i.test(name)
}
