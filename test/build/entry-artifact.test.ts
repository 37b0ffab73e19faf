import v8 from 'node:v8'
import { expect, it } from 'vitest'
import { fromArtifact, type EntryArtifact } from '../../src/build/entry-artifact.js'
import { shareFastShape } from '../helpers/v8-shape.js'

it('gives the entries of a KB one fast shape in V8, as the cache gives back their artifacts (a spread copy gave each its own)', () => {
  const artifact = (index: number) =>
    // Read back from v8 serialization, as the cache and the worker threads hand artifacts over.
    v8.deserialize(
      v8.serialize({
        path: `content/en/account/entry-${index}.md`,
        messages: [],
        anchors: ['symptoms'],
        compileAttempted: true,
        hasText: true,
        contentHash: `hash-${index}`,
        frontmatter: { id: `entry-${index}`, title: `Entry ${index}`, type: 'howto', related: [] },
        location: { locale: 'en', category: 'account' },
        images: [],
        links: [],
        sourceVersion: undefined
      })
    ) as EntryArtifact
  const entries = Array.from({ length: 200 }, (_, index) => fromArtifact(artifact(index), '/kb'))
  expect(entries.filter((entry) => !shareFastShape(entries[0] as object, entry)).length).toBe(0)
  expect(entries.map((entry) => entry.file.path)).toEqual(Array.from({ length: 200 }, (_, index) => `content/en/account/entry-${index}.md`))
  expect(entries[7]?.anchors).toEqual(new Set(['symptoms']))
})
