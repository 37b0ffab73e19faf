import { appendFile, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startDevSession, type DevBuild } from '../../src/dev/dev-session.js'
import { layOutShippedKb } from '../helpers/run-kb.js'

let root: string

beforeAll(async () => {
  root = await layOutShippedKb('kb-dev-session-')
})

afterAll(() => rm(root, { recursive: true, force: true }))

function session() {
  const builds: DevBuild[] = []
  const dev = startDevSession(root, { env: {}, cache: true, lang: 'en', onBuilt: (build) => builds.push(build) })
  return { dev, builds }
}

it('started on an up-to-date site, loads the entries while the editor reads, so the first save costs that entry and its files only', async () => {
  const entries = (await readdir(path.join(root, 'content'), { recursive: true })).filter((name) => name.endsWith('.md')).length
  const first = session()
  await first.dev.rebuild()
  expect(first.builds.map((build) => build.result?.kind)).toEqual(['written'])
  first.dev.close()

  // A restart: the site is as the last session left it, so no entry is read to say so...
  const second = session()
  await second.dev.rebuild()
  expect(second.builds.map((build) => build.result?.kind)).toEqual(['up-to-date'])
  // ...nor before the site is served (the build is done, the entries are loaded after it)...
  expect(second.dev.residentEntries()).toBe(0)
  // ...and then every entry is, before any save.
  await second.dev.settled()
  expect(second.dev.residentEntries()).toBe(entries)

  await appendFile(path.join(root, 'content/en/account/close-account.md'), '\nOne more line.\n')
  await second.dev.rebuild()
  const saved = second.builds.at(-1)?.result
  expect(saved?.kind).toBe('written')
  expect(saved && 'processed' in saved ? [saved.processed, saved.cached] : undefined).toEqual([1, entries - 1])
  // And the warm-up linked what the site was built from: that save recompiled the entry's files alone.
  expect(saved?.kind === 'written' ? saved.sitePatch : undefined).toBe(1)
  second.dev.close()
})
