import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** Every file under `directory` (relative, sorted) with its sha256: a fingerprint of a whole tree. */
export async function treeHashes(directory: string): Promise<Map<string, string>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
  files.sort()
  const hashes = new Map<string, string>()
  for (const file of files) hashes.set(file, createHash('sha256').update(await readFile(path.join(directory, file))).digest('hex'))
  return hashes
}
