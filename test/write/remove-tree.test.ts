import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from '../helpers/run-kb.js'
import { startFileWriters as fromSources } from '../../src/write/file-writers.js'

/**
 * A replaced output (files at the top, in nested folders of several sizes, an empty folder) and the listing
 * the removal is given: the new output's, which lacks a folder of the old one and names one it never had.
 */
async function layOutTree(root: string): Promise<{ tree: string; listed: string[] }> {
  const tree = path.join(root, '.dist.old-1-abc')
  const listed: string[] = ['gone/since/file-0.txt']
  for (const [folder, count] of [['', 3], ['api/entries/en', 300], ['en/common', 200], ['en/common/deeper', 5], ['feeds/zendesk', 120], ['empty', 0], ['unlisted', 40]] as const) {
    await mkdir(path.join(tree, folder), { recursive: true })
    for (let index = 0; index < count; index++) {
      const relative = path.posix.join(folder, `file-${index}.txt`)
      await writeFile(path.join(tree, relative), `${folder} ${index}`)
      if (folder !== 'unlisted') listed.push(relative)
    }
  }
  return { tree, listed }
}

it('removes a replaced output whole, the folders its listing names shared out among the writer threads, the rest after, and on the calling thread without threads', async () => {
  // The compiled kb has the writers' script (the sources run without threads).
  const compiled = path.join(repoRoot, 'lib/write/file-writers.js')
  expect(existsSync(path.join(repoRoot, 'lib/write/file-writer-worker.js')), 'run npm run compile first').toBe(true)
  const { startFileWriters } = (await import(compiled)) as { startFileWriters: typeof fromSources }
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-remove-tree-'))
  try {
    for (const [writers, threads] of [[startFileWriters, 3], [startFileWriters, 0], [fromSources, 3]] as const) {
      const { tree, listed } = await layOutTree(root)
      const started = writers(threads)
      await started.removeTree(tree, listed)
      await started.close()
      expect(await readdir(root), `${threads} threads`).toEqual([])
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}, 60_000)
