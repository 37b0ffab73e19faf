import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from '../helpers/run-kb.js'
import { startFileWriters as fromSources } from '../../src/write/file-writers.js'

/** A replaced output: files at the top, in nested folders of several sizes, and an empty folder. */
async function layOutTree(root: string): Promise<string> {
  const tree = path.join(root, '.dist.old-1-abc')
  for (const [folder, count] of [['', 3], ['api/entries/en', 300], ['en/common', 200], ['en/common/deeper', 5], ['feeds/zendesk', 120], ['empty', 0]] as const) {
    await mkdir(path.join(tree, folder), { recursive: true })
    for (let index = 0; index < count; index++) await writeFile(path.join(tree, folder, `file-${index}.txt`), `${folder} ${index}`)
  }
  return tree
}

it('removes a replaced output whole, its folders shared out among the writer threads, and on the calling thread without threads', async () => {
  // The compiled kb has the writers' script (the sources run without threads).
  const compiled = path.join(repoRoot, 'lib/write/file-writers.js')
  expect(existsSync(path.join(repoRoot, 'lib/write/file-writer-worker.js')), 'run npm run compile first').toBe(true)
  const { startFileWriters } = (await import(compiled)) as { startFileWriters: typeof fromSources }
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-remove-tree-'))
  try {
    for (const [writers, threads] of [[startFileWriters, 3], [startFileWriters, 0], [fromSources, 3]] as const) {
      const tree = await layOutTree(root)
      const started = writers(threads)
      await started.removeTree(tree)
      await started.close()
      expect(await readdir(root), `${threads} threads`).toEqual([])
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}, 60_000)
