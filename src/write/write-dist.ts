import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { compareStrings } from '../diagnostics/report.js'
import type { Manifest } from '../types/manifest.js'

export const manifestName = 'manifest.json'

/**
 * Writes the build into a temporary folder beside `outDir`, then swaps it in with two renames, so a crash
 * or Ctrl-C leaves the previous output whole. Leftovers of an interrupted build are cleared first, and a
 * previous output caught between the two renames is put back.
 */
export async function writeDist(outDir: string, files: ReadonlyMap<string, string>, generatedAt: string | undefined): Promise<Manifest> {
  const parent = path.dirname(outDir)
  const base = path.basename(outDir)
  await mkdir(parent, { recursive: true })
  await recoverInterrupted(parent, base, outDir)

  const temporary = path.join(parent, `.${base}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  await mkdir(temporary, { recursive: true })
  const paths = [...files.keys()].sort(compareStrings)
  const manifest: Manifest = { ...(generatedAt === undefined ? {} : { generatedAt }), files: [] }
  const directories = new Set<string>()
  for (const relative of paths) {
    const content = Buffer.from(files.get(relative) ?? '', 'utf8')
    const target = path.join(temporary, relative)
    const directory = path.dirname(target)
    if (!directories.has(directory)) {
      await mkdir(directory, { recursive: true })
      directories.add(directory)
    }
    await writeFile(target, content)
    manifest.files.push({ path: relative, size: content.length, sha256: createHash('sha256').update(content).digest('hex') })
  }
  await writeFile(path.join(temporary, manifestName), JSON.stringify(manifest, null, 2) + '\n')

  const previous = path.join(parent, `.${base}.old-${process.pid}-${randomBytes(4).toString('hex')}`)
  const hadPrevious = await exists(outDir)
  if (hadPrevious) await rename(outDir, previous)
  await rename(temporary, outDir)
  if (hadPrevious) await rm(previous, { recursive: true, force: true })
  return manifest
}

async function recoverInterrupted(parent: string, base: string, outDir: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[])
  const olds = names.filter((name) => name.startsWith(`.${base}.old-`)).sort(compareStrings)
  if (!(await exists(outDir)) && olds.length > 0) {
    await rename(path.join(parent, olds[olds.length - 1] ?? ''), outDir)
  }
  for (const name of names) {
    if (name.startsWith(`.${base}.tmp-`) || (name.startsWith(`.${base}.old-`) && (await exists(path.join(parent, name))))) {
      await rm(path.join(parent, name), { recursive: true, force: true })
    }
  }
}

async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false
  )
}
