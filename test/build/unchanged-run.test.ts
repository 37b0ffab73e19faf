import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listedAsRecorded, sameEntries, type RecordedRun } from '../../src/build/unchanged-run.js'
import { stampOf, type Stamp } from '../../src/build/stamp.js'

describe('sameEntries: the stamps a build recorded, against the file system now', () => {
  let folder: string
  let file: string
  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'kb-stamps-'))
    file = path.join(folder, 'entry.md')
    await writeFile(file, 'text\n')
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  const run = async (readAt: number): Promise<RecordedRun> => ({ key: 'k', readAt, stamps: new Map([['content/entry.md', stampOf(await stat(file))]]), media: new Map(), checkedFiles: 1, reports: new Map() })
  const discovered = () => [{ path: 'content/entry.md', absolute: file }]

  it('trusts a stamp in whole seconds only when the file is older than the read by more than two seconds', async () => {
    const second = Math.floor(Date.now() / 1000) - 60
    await utimes(file, second, second)
    expect((await stat(file)).mtimeMs % 1000).toBe(0)
    // Read in the same second as the file's time: a write right after the read could keep the same stamp.
    expect(sameEntries(await run(second * 1000 + 500), discovered())).toBe(false)
    expect(sameEntries(await run(second * 1000 + 5000), discovered())).toBe(true)
  })

  it('trusts a stamp with a fraction of a second, and sees any change of size, time or file', async () => {
    const time = Date.now() / 1000 - 60.25
    await utimes(file, time, time)
    const recorded = await run(Date.now())
    expect(sameEntries(recorded, discovered())).toBe(true)
    expect(sameEntries(recorded, [...discovered(), { path: 'content/other.md', absolute: path.join(folder, 'other.md') }])).toBe(false)
    expect(sameEntries(recorded, [])).toBe(false)
    await utimes(file, time + 1, time + 1)
    expect(sameEntries(recorded, discovered())).toBe(false)
  })
})

describe('listedAsRecorded: the folders a build listed, against the file system now', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'kb-folders-'))
    await mkdir(path.join(root, 'content/en'), { recursive: true })
    await writeFile(path.join(root, 'content/en/entry.md'), 'text\n')
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  const recordAt = async (readAt: number): Promise<RecordedRun> => {
    const folders = new Map<string, Stamp>()
    for (const folder of ['content', 'content/en']) folders.set(folder, stampOf(await stat(path.join(root, folder))))
    return { key: 'k', readAt, stamps: new Map([['content/en/entry.md', stampOf(await stat(path.join(root, 'content/en/entry.md')))]]), media: new Map(), checkedFiles: 1, reports: new Map(), folders }
  }

  it('gives the recorded entries while no folder changed, and nothing once a file is added, or without folder stamps', async () => {
    const time = Date.now() / 1000 - 60.25
    await utimes(path.join(root, 'content/en'), time, time)
    const recorded = await recordAt(Date.now())
    expect(listedAsRecorded(recorded, root)?.files).toEqual([{ path: 'content/en/entry.md', absolute: path.join(root, 'content/en/entry.md') }])
    expect(listedAsRecorded({ ...recorded, folders: undefined }, root)).toBeUndefined()
    // A hidden file too: the folder's times move, so the listing is made again (and finds the same entries).
    await writeFile(path.join(root, 'content/en/.swap'), 'x\n')
    expect(listedAsRecorded(recorded, root)).toBeUndefined()
  })

  it('trusts a folder stamp in whole seconds only when it is older than the read by more than two seconds', async () => {
    const second = Math.floor(Date.now() / 1000) - 60
    await utimes(path.join(root, 'content/en'), second, second)
    await utimes(path.join(root, 'content'), second, second)
    expect(listedAsRecorded(await recordAt(second * 1000 + 500), root)).toBeUndefined()
    expect(listedAsRecorded(await recordAt(second * 1000 + 5000), root)).toBeDefined()
  })
})
