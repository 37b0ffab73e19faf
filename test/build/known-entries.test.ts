import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { checkKb } from '../../src/build/engine.js'
import { layOutFixture } from '../helpers/run-kb.js'

const entry = 'content/zh-CN/security/two-factor.md'

it('takes an entry the last run read, and whose stamp shows it unchanged, from the cache without reading it; any other is read', async () => {
  const { root, cleanup } = await layOutFixture('valid')
  try {
    const options = { compile: true, cache: true, env: { KB_WORKERS: '1' } }
    const first = await checkKb(root, options)
    if (first.kind !== 'checked') throw new Error('the fixture should check')
    const hashThen = first.read.hashes.get(entry)
    expect(hashThen).toMatch(/^sha256-[0-9a-f]+$/)
    const titleThen = first.entries.find((found) => found.file.path === entry)?.frontmatter?.title

    // The file changes; a run told (wrongly, to see what it reads) that it is unchanged takes the cached facts.
    const file = path.join(root, entry)
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: 改过的标题'))
    const trusting = await checkKb(root, { ...options, known: (relative) => (relative === entry ? hashThen : undefined) })
    if (trusting.kind !== 'checked') throw new Error('the fixture should check')
    expect(trusting.entries.find((found) => found.file.path === entry)?.frontmatter?.title).toBe(titleThen)
    expect(trusting.read.hashes.get(entry)).toBe(hashThen)

    // Without that word it is read, and its new title is seen.
    const reading = await checkKb(root, options)
    if (reading.kind !== 'checked') throw new Error('the fixture should check')
    expect(reading.entries.find((found) => found.file.path === entry)?.frontmatter?.title).toBe('改过的标题')
    expect(reading.read.hashes.get(entry)).not.toBe(hashThen)
  } finally {
    await cleanup()
  }
})
