import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it, vi } from 'vitest'
import { buildKb, type BuildOptions } from '../../src/build/build.js'
import { layOutFixture } from '../helpers/run-kb.js'
import type * as LoadConfig from '../../src/config/load-config.js'

const parsed = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/config/load-config.js', async (original) => {
  const actual = await original<typeof LoadConfig>()
  return { ...actual, loadConfig: async (root: string) => (parsed.count++, actual.loadConfig(root)) }
})

it('a build with nothing changed takes the config the last run parsed from the same bytes; one byte more and it is parsed again', async () => {
  const { root, cleanup } = await layOutFixture('valid')
  try {
    const options: BuildOptions = { outDir: path.join(root, 'dist'), drafts: false, generatedAt: undefined, maxWarnings: undefined, cache: true, env: { KB_WORKERS: '1', KB_WRITERS: '0' } }
    const first = await buildKb(root, options)
    expect(first.kind).toBe('written')
    expect(parsed.count).toBe(1)

    const again = await buildKb(root, options)
    expect(again.kind).toBe('up-to-date')
    expect(parsed.count).toBe(1)
    if (first.kind !== 'written' || again.kind !== 'up-to-date') throw new Error('unreachable')
    expect(again.config).toEqual(first.config)

    // A comment changes nothing in the config, but the bytes differ: parsed again, never trusted.
    await appendFile(path.join(root, 'kb.config.yaml'), '# edited\n')
    const edited = await buildKb(root, options)
    expect(parsed.count).toBe(2)
    expect(edited.kind).toBe('up-to-date')
  } finally {
    await cleanup()
  }
})
