import { lstat, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { foldersIntact, foldersOf } from '../../src/build/output-intact.js'
import { stampOf, type Stamp } from '../../src/build/stamp.js'

let target: string
beforeAll(async () => {
  target = await mkdtemp(path.join(os.tmpdir(), 'kb-output-folders-'))
  await mkdir(path.join(target, 'en/account'), { recursive: true })
  await writeFile(path.join(target, 'en/account/page.html'), '<p>page</p>\n')
})
afterAll(() => rm(target, { recursive: true, force: true }))

const stamps = async (): Promise<Map<string, Stamp>> => {
  const found = new Map<string, Stamp>()
  for (const folder of ['', ...foldersOf(['en/account/page.html', 'index.html'])]) {
    const stats = await lstat(path.join(target, folder))
    found.set(folder, stampOf(stats))
  }
  return found
}

it('names every folder holding a file, at any depth, once', () => {
  expect([...foldersOf(['en/account/a.html', 'en/account/b.html', 'en/index.html', 'zh-CN/tags/x/index.html', 'robots.txt'])].sort()).toEqual(['en', 'en/account', 'zh-CN', 'zh-CN/tags', 'zh-CN/tags/x'])
})

it('vouches for the listing while every folder keeps its stamp; not after a file or folder is added, nor with whole-second times', async () => {
  const time = Date.now() / 1000 - 30.25
  for (const folder of ['', 'en', 'en/account']) await utimes(path.join(target, folder), time, time)
  const recorded = await stamps()
  expect(foldersIntact(target, recorded)).toBe(true)
  expect(foldersIntact(target, new Map([...recorded].filter(([folder]) => folder !== '')))).toBe(false)
  await mkdir(path.join(target, 'en/account/mine'))
  expect(foldersIntact(target, recorded)).toBe(false)
  const again = await stamps()
  expect(foldersIntact(target, again)).toBe(true)
  await writeFile(path.join(target, 'notes.txt'), 'mine\n')
  expect(foldersIntact(target, again)).toBe(false)
  // A file system keeping whole seconds could add a file within the recorded second unseen: never trusted.
  const second = Math.floor(Date.now() / 1000) - 30
  await utimes(path.join(target, 'en'), second, second)
  expect(foldersIntact(target, await stamps())).toBe(false)
})
