import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { serialize } from 'node:v8'
import { expect, it } from 'vitest'
import { openArtifactCache } from '../../src/build/artifact-cache.js'
import { encodePack, packIndex, type PackPlace } from '../../src/build/artifact-pack.js'
import type { EntryArtifact } from '../../src/build/entry-artifact.js'
import { bodyBytes, StoredBody } from '../../src/build/stored-body.js'
import type { KbConfig } from '../../src/types/config.js'

const config = { defaultLocale: 'en', locales: ['en'], categories: [], title: { en: 'Help' }, brand: 'Example' } as unknown as KbConfig

/** An artifact of about `padding` bytes, so a test can reach the sizes where the cache's rules change. */
function artifact(relative: string, contentHash: string, padding = 0): EntryArtifact {
  return { path: relative, contentHash, messages: [], anchors: ['steps', 'x'.repeat(padding)], hasText: true, compileAttempted: false, links: [] } as unknown as EntryArtifact
}

async function withRoot(test: (root: string, packs: () => Promise<string[]>) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-packs-'))
  const folder = path.join(root, '.kb-cache', 'entries')
  const packs = async () => (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith('.pack')).sort()
  try {
    await test(root, packs)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** One run: looks up each entry, stores those it did not find (as a run processes them), and prunes. */
function run(root: string, entries: readonly [string, string][], padding = 0): { found: number; notes: string[] } {
  const cache = openArtifactCache(root, config)
  let found = 0
  for (const [relative, hash] of entries) {
    if (cache.get(relative, hash)) found++
    else cache.set(relative, hash, artifact(relative, hash, padding))
  }
  cache.prune()
  cache.release()
  return { found, notes: cache.notes }
}

it('packs round-trip their records, and a damaged index or a cut record is found', () => {
  const records = [
    { key: Buffer.alloc(32, 1), bytes: Buffer.from('first record') },
    { key: Buffer.alloc(32, 2), bytes: Buffer.from('second') }
  ]
  const pack = encodePack(records)
  const index = packIndex(pack, pack.length)
  expect(index?.lost).toBe(0)
  expect(index?.places.map((place) => [place.key, pack.subarray(place.offset, place.offset + place.length).toString()])).toEqual([
    ['01'.repeat(32), 'first record'],
    ['02'.repeat(32), 'second']
  ])
  // A flipped byte in the index (its second record's length) breaks its hash.
  const flipped = Buffer.from(pack)
  flipped[40 + 40 + 39] = (flipped[40 + 40 + 39] ?? 0) ^ 0x01
  expect(packIndex(flipped, flipped.length)).toBeUndefined()
  // Cut inside the second record: the first is still there.
  expect(packIndex(pack, pack.length - 1)?.places.map((place) => place.key)).toEqual(['01'.repeat(32)])
  expect(packIndex(pack, pack.length - 1)?.lost).toBe(1)
  expect(packIndex(pack.subarray(0, 10), 10)).toBeUndefined()
  expect(packIndex(encodePack([]), encodePack([]).length)).toEqual({ places: [], lost: 0 })
})

it('a run writes what it processed in one pack, reads it back in the next, and drops what it no longer uses', async () => {
  await withRoot(async (root, packs) => {
    const entries: [string, string][] = [
      ['content/en/a.md', 'a1'],
      ['content/en/b.md', 'b1'],
      ['content/en/c.md', 'c1']
    ]
    expect(run(root, entries).found).toBe(0)
    const first = await packs()
    expect(first).toHaveLength(1)
    // Nothing changed: every entry from the cache, and the pack is left as it is.
    expect(run(root, entries)).toEqual({ found: 3, notes: [] })
    expect(await packs()).toEqual(first)
    // c changed, d is new, b is gone: a small cache is rewritten with exactly what the run used.
    expect(
      run(root, [
        ['content/en/a.md', 'a1'],
        ['content/en/c.md', 'c2'],
        ['content/en/d.md', 'd1']
      ]).found
    ).toBe(1)
    const records = new Set<string>()
    for (const name of await packs()) {
      const bytes = await readFile(path.join(root, '.kb-cache', 'entries', name))
      for (const place of packIndex(bytes, bytes.length)?.places ?? []) records.add(place.key)
    }
    expect(records.size).toBe(3)
    expect(run(root, [['content/en/b.md', 'b1']]).found).toBe(0)
  })
})

it('keeps a large cache with a few dead records as it is, and rewrites it once a quarter is dead', async () => {
  await withRoot(async (root, packs) => {
    // Twenty entries of about 100 KB: a 2 MB cache.
    const entries = Array.from({ length: 20 }, (_, index): [string, string] => [`content/en/e${index}.md`, 'v1'])
    run(root, entries, 100_000)
    const [big] = await packs()
    const changed = entries.map(([relative], index): [string, string] => [relative, index < 2 ? 'v2' : 'v1'])
    expect(run(root, changed, 100_000).found).toBe(18)
    // Two dead records of twenty: the big pack stays, the two new ones are beside it.
    expect(await packs()).toHaveLength(2)
    expect(await packs()).toContain(big)
    const more = entries.map(([relative], index): [string, string] => [relative, index < 7 ? 'v2' : 'v1'])
    expect(run(root, more, 100_000).found).toBe(15)
    // Seven of twenty dead now: the big pack is rewritten without them.
    expect(await packs()).not.toContain(big)
    let bytes = 0
    for (const name of await packs()) bytes += (await readFile(path.join(root, '.kb-cache', 'entries', name))).length
    expect(bytes).toBeLessThan(2_200_000)
    expect(run(root, more, 100_000).found).toBe(20)
  })
})

it('merges the small packs that runs of one change each leave, so their number stays bounded', async () => {
  await withRoot(async (root, packs) => {
    const entries = Array.from({ length: 40 }, (_, index): [string, string] => [`content/en/e${index}.md`, 'v0'])
    run(root, entries, 100_000)
    for (let round = 1; round <= 12; round++) {
      const edited = entries.map(([relative], index): [string, string] => [relative, index === round ? `v${round}` : 'v0'])
      expect(run(root, edited, 100_000).found).toBe(39)
      expect((await packs()).length).toBeLessThanOrEqual(9)
    }
  })
})

it('a damaged pack is noted, its entries are processed again, and it is removed', async () => {
  await withRoot(async (root, packs) => {
    const entries: [string, string][] = [
      ['content/en/a.md', 'a1'],
      ['content/en/b.md', 'b1']
    ]
    run(root, entries)
    const [name] = await packs()
    const file = path.join(root, '.kb-cache', 'entries', name as string)
    const bytes = await readFile(file)
    bytes[0] = 0
    await writeFile(file, bytes)
    const again = run(root, entries)
    expect(again.found).toBe(0)
    expect(again.notes).toEqual([`ignored a damaged cache file (.kb-cache/entries/${name}); its entries were checked again`])
    expect(await packs()).not.toContain(name)
    expect(run(root, entries)).toEqual({ found: 2, notes: [] })
  })
})

it('a body the cache stored is read back from its pack, not held in memory: while the run lasts, even once another run removed the pack, and never after the run released it', async () => {
  await withRoot(async (root, packs) => {
    const body = serialize({ html: '<p>A cause and its fix.</p>'.repeat(2000) })
    const compiled = (relative: string, hash: string): EntryArtifact => ({ ...artifact(relative, hash), compileAttempted: true, compiledBody: body })
    const read = (held: EntryArtifact | undefined) => Buffer.from(bodyBytes(held?.compiledBody ?? Buffer.alloc(0)))
    // A cold run: the body is in memory until its pack is written, then read from the pack.
    const cold = openArtifactCache(root, config)
    const stored = cold.set('content/en/a.md', 'a1', compiled('content/en/a.md', 'a1'))
    expect(stored.compiledBody).toBeInstanceOf(StoredBody)
    cold.prune()
    expect(read(stored)).toEqual(Buffer.from(body))
    // A warm run finds it and reads the body only when asked.
    const warm = openArtifactCache(root, config)
    const found = warm.get('content/en/a.md', 'a1')
    expect(found?.compiledBody).toBeInstanceOf(StoredBody)
    // Another run's clean-up removes the pack meanwhile: both runs hold it open.
    for (const name of await packs()) await rm(path.join(root, '.kb-cache', 'entries', name))
    expect(read(found)).toEqual(Buffer.from(body))
    expect(read(stored)).toEqual(Buffer.from(body))
    // Released, a run never reads a file descriptor that may belong to another file by then.
    cold.release()
    expect(() => read(stored)).toThrow(/after closing it/)
    expect(read(found)).toEqual(Buffer.from(body))
    warm.release()
    expect(() => read(found)).toThrow(/after closing it/)
  })
})

it('a resident engine keeps the bodies it stores or finds in memory', async () => {
  await withRoot(async (root) => {
    const body = serialize({ html: '<p>Steps.</p>' })
    const first = openArtifactCache(root, config, new Map())
    const stored = first.set('content/en/a.md', 'a1', { ...artifact('content/en/a.md', 'a1'), compileAttempted: true, compiledBody: body })
    first.prune()
    first.release()
    expect(stored.compiledBody).toBeInstanceOf(Uint8Array)
    const second = openArtifactCache(root, config, new Map())
    const found = second.get('content/en/a.md', 'a1')
    second.release()
    expect(found?.compiledBody).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(bodyBytes(found?.compiledBody ?? Buffer.alloc(0)))).toEqual(Buffer.from(body))
  })
})

it('a run that compiles nothing reads and checks each record up to the end of its facts: a damaged body is its builds\' concern, damaged facts everyone\'s', async () => {
  await withRoot(async (root, packs) => {
    const body = serialize({ html: '<p>A cause and its fix.</p>'.repeat(2000) })
    // Facts longer than the cache reads ahead (8 KB) as well as short ones: both are read whole.
    const entries: [string, string, number][] = [['content/en/a.md', 'a1', 0], ['content/en/b.md', 'b1', 20_000]]
    const cold = openArtifactCache(root, config)
    for (const [relative, hash, padding] of entries) cold.set(relative, hash, { ...artifact(relative, hash, padding), compileAttempted: true, compiledBody: body })
    cold.prune()
    cold.release()
    const [pack] = await packs()
    const file = path.join(root, '.kb-cache', 'entries', pack as string)
    const intact = await readFile(file)
    const places = packIndex(intact, intact.length)?.places ?? []
    expect(places).toHaveLength(2)
    const lookUp = (bodies: boolean) => {
      const cache = openArtifactCache(root, config, undefined, { bodies })
      const found = entries.map(([relative, hash]) => cache.get(relative, hash))
      cache.release()
      return { found, notes: cache.notes }
    }
    const flipped = async (inBody: boolean) => {
      const bytes = Buffer.from(intact)
      // A byte in the middle of each record's body, or in its facts (past the 72-byte header).
      for (const place of places) {
        const at = inBody ? place.offset + place.length - 100 : place.offset + 80
        bytes[at] = (bytes[at] ?? 0) ^ 0xff
      }
      await writeFile(file, bytes)
    }

    const factsOnly = lookUp(false)
    expect(factsOnly.found.map((found) => [found?.path, found?.compiledBody])).toEqual([['content/en/a.md', undefined], ['content/en/b.md', undefined]])
    expect(factsOnly.found[1]?.anchors[1]).toHaveLength(20_000)
    expect(lookUp(true).found.map((found) => found?.compiledBody instanceof StoredBody)).toEqual([true, true])

    await flipped(true)
    const check = lookUp(false)
    expect(check.found.map((found) => found?.path)).toEqual(['content/en/a.md', 'content/en/b.md'])
    expect(check.notes).toEqual([])
    const build = lookUp(true)
    expect(build.found).toEqual([undefined, undefined])
    expect(build.notes).toHaveLength(2)
    expect(build.notes[0]).toMatch(/^ignored a damaged cache record for content\/en\/a\.md/)

    await writeFile(file, intact)
    await flipped(false)
    for (const bodies of [false, true]) {
      const damaged = lookUp(bodies)
      expect(damaged.found).toEqual([undefined, undefined])
      expect(damaged.notes).toHaveLength(2)
    }

    // Records cut short (an index that says so): a, inside its facts; b, inside its body.
    const [a, b] = places as [PackPlace, PackPlace]
    const record = (place: PackPlace, length: number) => intact.subarray(place.offset, place.offset + length)
    await writeFile(file, encodePack([{ key: Buffer.from(a.key, 'hex'), bytes: record(a, 100) }, { key: Buffer.from(b.key, 'hex'), bytes: record(b, b.length - 100) }]))
    const cutCheck = lookUp(false)
    expect(cutCheck.found.map((found) => found?.path)).toEqual([undefined, 'content/en/b.md'])
    expect(cutCheck.notes).toHaveLength(1)
    expect(cutCheck.notes[0]).toMatch(/^ignored a damaged cache record for content\/en\/a\.md/)
    const cutBuild = lookUp(true)
    expect(cutBuild.found).toEqual([undefined, undefined])
    expect(cutBuild.notes).toHaveLength(2)
  })
})
