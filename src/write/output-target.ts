import { readlink, realpath } from 'node:fs/promises'
import path from 'node:path'

const maxLinks = 40

/**
 * The folder a build really replaces. When `dist` is a symbolic link (to a deploy folder, say), that is the
 * link's target, so the link stays in place; a link whose target does not exist yet is followed too, and the
 * target is created. Existing parents are resolved as well, so two paths to one folder share one lock.
 */
export async function resolveOutputTarget(outDir: string, links = 0): Promise<string> {
  const real = await realpath(outDir).catch(() => undefined)
  if (real !== undefined) return real
  const link = await readlink(outDir).catch(() => undefined)
  if (link !== undefined && links < maxLinks) return resolveOutputTarget(path.resolve(path.dirname(outDir), link), links + 1)
  const parent = path.dirname(outDir)
  if (parent === outDir) return outDir
  return path.join(await resolveOutputTarget(parent, links), path.basename(outDir))
}

/** Kernel file systems that look like folders: writing a build there can only fail, or worse. */
const virtualRoots = ['/proc', '/sys']

export function virtualFileSystemOf(target: string): string | undefined {
  if (process.platform !== 'linux') return undefined
  return virtualRoots.find((root) => target === root || target.startsWith(root + path.sep))
}
