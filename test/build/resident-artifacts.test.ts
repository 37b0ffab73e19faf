import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { openArtifactCache, type ResidentArtifacts } from '../../src/build/artifact-cache.js'
import type { EntryArtifact } from '../../src/build/entry-artifact.js'
import type { KbConfig } from '../../src/types/config.js'

const config = { defaultLocale: 'en', locales: ['en'], categories: [], title: { en: 'Help' }, brand: 'Example' } as unknown as KbConfig

function artifact(relative: string, contentHash: string): EntryArtifact {
  return { path: relative, contentHash, messages: [], anchors: ['steps'], hasText: true, compileAttempted: false, links: [{ url: 'https://example.com/', position: undefined }] } as unknown as EntryArtifact
}

it('keeps artifacts decoded between runs, frozen, and gives up those a run did not use', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-resident-'))
  try {
    const resident: ResidentArtifacts = new Map()
    const first = openArtifactCache(root, config, resident)
    first.set('content/en/a.md', 'sha256-a', artifact('content/en/a.md', 'sha256-a'))
    first.set('content/en/b.md', 'sha256-b', artifact('content/en/b.md', 'sha256-b'))
    first.prune()
    expect(resident.size).toBe(2)

    // The next run is given the artifact from memory, even with the files gone from the disk.
    await rm(path.join(root, '.kb-cache', 'entries'), { recursive: true })
    const second = openArtifactCache(root, config, resident)
    const kept = second.get('content/en/a.md', 'sha256-a')
    expect(kept?.anchors).toEqual(['steps'])
    expect(Object.isFrozen(kept)).toBe(true)
    expect(Object.isFrozen(kept?.links[0])).toBe(true)
    expect(() => (kept?.anchors as string[]).push('another')).toThrow(TypeError)
    // b.md changed: not looked up under its old hash, so it goes.
    expect(second.get('content/en/b.md', 'sha256-b2')).toBeUndefined()
    second.prune()
    expect([...resident.values()].map((found) => found.path)).toEqual(['content/en/a.md'])

    // Without memory, a run reads the disk: nothing there now.
    expect(openArtifactCache(root, config).get('content/en/a.md', 'sha256-a')).toBeUndefined()
    expect(await readdir(root)).toContain('.kb-cache')
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
