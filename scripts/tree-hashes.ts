import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** Each file under `folder` (relative path, `/`-separated, sorted) with the sha256 of its bytes. */
export async function treeHashes(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
  const hashes = new Map<string, string>()
  for (const name of names) hashes.set(name, createHash('sha256').update(await readFile(path.join(folder, name))).digest('hex'))
  return hashes
}

/** The files two trees disagree on: missing from one of them, or with other bytes. */
export function treeDifferences(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const differences: string[] = []
  for (const [name, hash] of a) {
    const other = b.get(name)
    if (other === undefined) differences.push(`only in the first: ${name}`)
    else if (other !== hash) differences.push(`other bytes: ${name}`)
  }
  for (const name of b.keys()) if (!a.has(name)) differences.push(`only in the second: ${name}`)
  return differences
}
