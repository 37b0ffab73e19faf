import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { writeDist, type OutputSink, type SpareRecord } from '../../src/write/write-dist.js'
import { statFolders, statOutput } from '../../src/build/output-state.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Writes `files` as an output of `out`, built in the spare tree when `spare` has a record. */
async function publish(out: string, files: Record<string, string>, previous: SpareRecord | undefined, spare: { folder: string; record: SpareRecord | undefined }) {
  const result = await writeDist(
    out,
    async (sink: OutputSink) => {
      for (const [relative, text] of Object.entries(files)) sink.add(relative, Buffer.from(text, 'utf8'), sha256(text), text)
      return { publish: true, value: undefined }
    },
    { generatedAt: undefined, env: {}, ...(previous ? { previous: previous.files } : {}), spare: { ...spare, keep: previous !== undefined } }
  )
  // As the build records an output: each file's stamp, and each folder's.
  const recorded = statOutput(out, new Map(Object.entries(files).map(([relative, text]) => [relative, sha256(text)])))
  return { result, record: { files: recorded, folders: statFolders(out, Object.keys(recorded)) } satisfies SpareRecord }
}

async function listing(folder: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {}
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'manifest.json') found[path.relative(folder, path.join(entry.parentPath, entry.name))] = await readFile(path.join(entry.parentPath, entry.name), 'utf8')
  }
  return found
}

it('builds in the spare tree where a file of the old output stands on a new folder, and a folder where a new file goes', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-spare-'))
  try {
    const out = path.join(root, 'dist')
    const spare = path.join(root, 'spare')
    const first = await publish(out, { a: 'file a', 'b/c': 'in folder b', 'same/x': 'unchanged' }, undefined, { folder: spare, record: undefined })
    const second = await publish(out, { a: 'file a, changed', 'b/c': 'in folder b', 'same/x': 'unchanged' }, first.record, { folder: spare, record: undefined })
    expect(second.result.spareKept).toBe(true)
    expect(second.result.reused?.size ?? 0, 'no spare tree yet').toBe(0)
    // Built in the first output: `a` is a file there where a folder now goes, `b` a folder where a file now goes,
    // and `b/c` is no longer made (its path now leads through a file).
    const third = await publish(out, { 'a/d': 'in folder a', b: 'file b', 'same/x': 'unchanged' }, second.record, { folder: spare, record: first.record })
    expect(third.result.spareKept).toBe(true)
    expect(await listing(out)).toEqual({ 'a/d': 'in folder a', b: 'file b', 'same/x': 'unchanged' })
    // `same/x` of the first output was linked into the second since its record was made, which changed its status
    // change time: the writers remade it instead of keeping it, and it is not told as kept with the stale record.
    expect([...(third.result.reused?.keys() ?? [])]).toEqual([])
    // The second output is the spare now, whole.
    expect(await listing(spare)).toEqual({ a: 'file a, changed', 'b/c': 'in folder b', 'same/x': 'unchanged' })
    // With the spare's record as its files stand (as a build makes it, see asSpare), the unchanged file is kept
    // and told with that record, which is how it stands now: the build records it without looking at it again.
    const secondFiles = { a: 'file a, changed', 'b/c': 'in folder b', 'same/x': 'unchanged' }
    const spareNow = statOutput(spare, new Map(Object.entries(secondFiles).map(([relative, text]) => [relative, sha256(text)])))
    const fourth = await publish(out, secondFiles, third.record, { folder: spare, record: { files: spareNow, folders: statFolders(spare, Object.keys(spareNow)) } })
    expect([...(fourth.result.reused?.keys() ?? [])].sort()).toEqual(['a', 'b/c', 'same/x'])
    expect(fourth.result.reused?.get('same/x')).toEqual(fourth.record.files['same/x'])
    expect(await listing(out)).toEqual(secondFiles)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
