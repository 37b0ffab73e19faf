import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Every way `directory` differs from the manifest.json inside it: a file listed but missing or with another
 * sha256, or a file or folder not listed. Empty when the output is whole.
 */
export async function outputProblems(directory: string): Promise<string[]> {
  let manifest: { files: { path: string; sha256: string }[] }
  try {
    manifest = JSON.parse(await readFile(path.join(directory, 'manifest.json'), 'utf8')) as typeof manifest
  } catch (error) {
    return [`no readable manifest.json: ${String(error)}`]
  }
  const listed = new Map(manifest.files.map((file) => [file.path, file.sha256]))
  const problems: string[] = []
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  const present = new Set<string>()
  for (const entry of entries) {
    if (entry.isDirectory()) continue
    const relative = path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (relative === 'manifest.json') continue
    present.add(relative)
    if (!listed.has(relative)) problems.push(`not listed: ${relative}`)
    else if (createHash('sha256').update(await readFile(path.join(directory, relative))).digest('hex') !== listed.get(relative)) problems.push(`other content: ${relative}`)
  }
  for (const file of listed.keys()) if (!present.has(file)) problems.push(`missing: ${file}`)
  return problems
}

/** The build-related names beside an output folder: temporary, set-aside and lock files. */
export async function leftoversBeside(out: string): Promise<string[]> {
  const prefix = `.${path.basename(out)}.`
  return (await readdir(path.dirname(out))).filter((name) => name.startsWith(prefix)).sort()
}
