import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { openArtifactCache, type ResidentArtifacts } from '../../src/build/artifact-cache.js'
import { coldFactsOf } from '../../src/build/cold-facts.js'
import { fromArtifact, type EntryArtifact } from '../../src/build/entry-artifact.js'
import { checkEntryHere, entryContext } from '../../src/build/process-entry.js'
import type { KbConfig } from '../../src/types/config.js'
import { shareFastShape } from '../helpers/v8-shape.js'

const config = { defaultLocale: 'en', locales: ['en'], categories: [], title: { en: 'Help' }, brand: 'Example' } as unknown as KbConfig

const place = (line: number) => ({ start: { line, column: 1, offset: 0 }, end: { line, column: 9, offset: 8 } })

function artifact(index: number): EntryArtifact {
  return {
    path: `content/en/account/entry-${index}.md`,
    contentHash: `sha256-${index}`,
    messages: [],
    anchors: ['steps'],
    hasText: true,
    compileAttempted: false,
    location: { locale: 'en', category: 'account', name: `entry-${index}` },
    frontmatter: undefined,
    images: [],
    links: [{ url: '../other.md', position: place(9) }],
    externalLinks: [{ url: `https://example.com/${index}`, position: place(12), verdict: 'allowed' }],
    frontmatterPlaces: { id: place(2), 'related.0': place(7) },
    sourceVersion: undefined
  } as unknown as EntryArtifact
}

async function withCache(run: (root: string) => Promise<void> | void): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-cold-facts-'))
  try {
    await run(root)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

it('reads an entry back from the cache with its external links and frontmatter places still serialized, decoded when read', () =>
  withCache((root) => {
    const first = openArtifactCache(root, config)
    for (let index = 0; index < 3; index++) first.set(`content/en/account/entry-${index}.md`, `sha256-${index}`, artifact(index))
    first.prune()

    const read = openArtifactCache(root, config).get('content/en/account/entry-1.md', 'sha256-1') as EntryArtifact
    expect(typeof coldFactsOf(read)).toBe('string')
    const entry = fromArtifact(read, root)
    // Made into an entry (and copied again, as kb dev does each build): still not decoded.
    expect(typeof coldFactsOf(entry)).toBe('string')
    expect(entry.links).toEqual([{ url: '../other.md', position: place(9) }])
    expect(entry.frontmatterPlaces['related.0']).toEqual(place(7))
    expect(typeof coldFactsOf(entry)).toBe('object')
    expect(entry.externalLinks).toEqual(artifact(1).externalLinks)
    // Fields as before for everything that reads them whole: JSON, spreading, Object.keys.
    expect(JSON.parse(JSON.stringify({ ...entry, file: undefined }))).toMatchObject({ externalLinks: artifact(1).externalLinks, frontmatterPlaces: artifact(1).frontmatterPlaces, contentHash: 'sha256-1' })
    expect(Object.keys(entry)).toEqual(expect.arrayContaining(['externalLinks', 'frontmatterPlaces', 'links', 'file', 'compiled']))
  }))

it('stores a read-back artifact again with its cold facts, decoded or not', () =>
  withCache(async (root) => {
    const first = openArtifactCache(root, config)
    first.set('content/en/account/entry-0.md', 'sha256-0', artifact(0))
    first.set('content/en/account/entry-1.md', 'sha256-1', artifact(1))
    first.prune()
    const firstPacks = await readdir(path.join(root, '.kb-cache/entries'))
    const second = openArtifactCache(root, config)
    const untouched = second.get('content/en/account/entry-0.md', 'sha256-0') as EntryArtifact
    const decoded = second.get('content/en/account/entry-1.md', 'sha256-1') as EntryArtifact
    void decoded.externalLinks
    // The artifacts themselves, not copies (spreading would make plain ones): one still serialized, one decoded.
    expect(typeof coldFactsOf(untouched)).toBe('string')
    expect(typeof coldFactsOf(decoded)).toBe('object')
    second.set('content/en/account/entry-0.md', 'sha256-0', untouched)
    second.set('content/en/account/entry-1.md', 'sha256-1', decoded)
    second.prune()
    // Only what the second run wrote is left to read them back from.
    for (const pack of firstPacks) await rm(path.join(root, '.kb-cache/entries', pack), { force: true })
    const third = openArtifactCache(root, config)
    for (const index of [0, 1]) {
      const back = third.get(`content/en/account/entry-${index}.md`, `sha256-${index}`) as EntryArtifact
      expect(back.externalLinks).toEqual(artifact(index).externalLinks)
      expect(back.frontmatterPlaces).toEqual(artifact(index).frontmatterPlaces)
      expect(back.links).toEqual(artifact(index).links)
    }
  }))

it('keeps cold facts serialized in the artifacts kb dev keeps frozen, and decodes them there when read', () =>
  withCache((root) => {
    const first = openArtifactCache(root, config)
    first.set('content/en/account/entry-0.md', 'sha256-0', artifact(0))
    first.prune()
    const resident: ResidentArtifacts = new Map()
    const kept = openArtifactCache(root, config, resident).get('content/en/account/entry-0.md', 'sha256-0') as EntryArtifact
    expect(Object.isFrozen(kept)).toBe(true)
    expect(typeof coldFactsOf(kept)).toBe('string')
    expect(kept.frontmatterPlaces['id']).toEqual(place(2))
  }))

it('gives entries read back from the cache one fast shape in V8, cold facts and all', () =>
  withCache((root) => {
    const cache = openArtifactCache(root, config)
    for (let index = 0; index < 200; index++) cache.set(`content/en/account/entry-${index}.md`, `sha256-${index}`, artifact(index))
    cache.prune()
    const reading = openArtifactCache(root, config)
    const entries = Array.from({ length: 200 }, (_, index) => fromArtifact(reading.get(`content/en/account/entry-${index}.md`, `sha256-${index}`) as EntryArtifact, root))
    expect(entries.filter((entry) => !shareFastShape(entries[0] as object, entry)).length).toBe(0)
  }))

it('keeps only the links that may lead to another entry: the cross-entry rules read no other', async () => {
  const { loadConfig } = await import('../../src/config/load-config.js')
  // The shipped KB's config.
  const loaded = await loadConfig(path.resolve('.'))
  if (!loaded.config) throw new Error('the shipped kb.config.yaml did not load')
  const text = ['---', 'id: links-kept', 'title: Which links are kept', 'summary: Only relative links are kept for the cross-entry rules.', 'type: howto', 'category: account', 'updated: 2026-01-01', 'status: published', '---', '', '## Steps', '', '1. See [the guide](./other.md#steps), [this step](#steps), [the site](https://example.com/), [home](/en/index.html) and [mail](mailto:help@example.com).', ''].join('\n')
  const entry = checkEntryHere('content/en/account/links-kept.md', Buffer.from(text), entryContext(loaded.config), false)
  expect(entry.links.map((link) => link.url)).toEqual(['./other.md#steps', '#steps'])
  expect(entry.externalLinks.map((link) => link.url)).toContain('https://example.com/')
})

it('reports problems across entries at their frontmatter places from a warm cache as from a cold one (the CLI)', async () => {
  const { layOutShippedKb, runKb } = await import('../helpers/run-kb.js')
  const { readFile, writeFile } = await import('node:fs/promises')
  const root = await layOutShippedKb('kb-cold-facts-')
  try {
    // A related id that does not exist and a translation in another category: both reported at a frontmatter place.
    const source = path.join(root, 'content/en/account/close-account.md')
    await writeFile(source, (await readFile(source, 'utf8')).replace(/^related: \[contact-support,/m, 'related: [no-such-entry,'))
    const translation = path.join(root, 'content/zh-CN/account/close-account.md')
    await writeFile(translation, (await readFile(translation, 'utf8')).replace(/^category: account$/m, 'category: security'))
    const check = (...more: string[]) => runKb(['check', '--root', root, '--format', 'json', ...more])
    const cold = await check()
    const warm = await check()
    const uncached = await check('--no-cache')
    const placed = (run: typeof cold) => (JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; column: number; ruleId: string }[] }).diagnostics.filter((diagnostic) => ['related-missing', 'translation-category'].includes(diagnostic.ruleId)).map((diagnostic) => `${diagnostic.file}:${diagnostic.line}:${diagnostic.column} ${diagnostic.ruleId}`)
    expect(placed(cold)).toEqual(['content/en/account/close-account.md:6:11 translation-category', 'content/en/account/close-account.md:11:11 related-missing'])
    expect(warm.stdout).toBe(cold.stdout)
    expect(uncached.stdout).toBe(cold.stdout)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
