import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sameEntries, stampOf, type RecordedRun } from '../../src/build/unchanged-run.js'

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
