import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { discoverEntries, type FolderTrace } from '../../src/load/discover.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'kb-trace-'))
  await mkdir(path.join(root, 'content/en/account'), { recursive: true })
  await writeFile(path.join(root, 'content/en/account/entry.md'), 'text\n')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const traced = async (): Promise<FolderTrace> => {
  const trace: FolderTrace = { folders: new Map(), covers: true }
  await discoverEntries(root, trace)
  return trace
}

it('stamps every folder it lists, and covers the listing when only plain folders and files were met', async () => {
  const trace = await traced()
  expect(trace.covers).toBe(true)
  expect([...trace.folders.keys()].map((folder) => path.relative(root, folder)).sort()).toEqual(['content', 'content/en', 'content/en/account'])
})

it('does not cover a listing that followed a link, to a folder or to a file, or met a problem, or found no content/', async () => {
  await mkdir(path.join(root, 'shared'))
  await writeFile(path.join(root, 'shared/other.md'), 'text\n')
  await symlink(path.join(root, 'shared'), path.join(root, 'content/en/linked'))
  expect((await traced()).covers).toBe(false)
  await rm(path.join(root, 'content/en/linked'))
  await symlink(path.join(root, 'shared/other.md'), path.join(root, 'content/en/other.md'))
  expect((await traced()).covers).toBe(false)
  await rm(path.join(root, 'content/en/other.md'))
  expect((await traced()).covers).toBe(true)
  // A broken link is a discovery problem.
  await symlink(path.join(root, 'nowhere.md'), path.join(root, 'content/en/broken.md'))
  expect((await traced()).covers).toBe(false)
  await rm(path.join(root, 'content'), { recursive: true })
  expect((await traced()).covers).toBe(false)
})
