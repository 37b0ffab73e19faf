import { existsSync } from 'node:fs'
import { appendFile, mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { startOutputCheck as fromSources } from '../../src/build/output-check.js'
import { statOutput, type OutputState } from '../../src/build/output-state.js'
import { repoRoot } from '../helpers/run-kb.js'

/**
 * An output folder of `count` files as a build records it, then three of them changed by hand: one edited
 * in place, one removed, one replaced by another file renamed over it. The check must name exactly those.
 */
async function changedByHand(count: number, check: typeof fromSources): Promise<string[]> {
  const target = await mkdtemp(path.join(os.tmpdir(), 'kb-output-check-'))
  try {
    const names = Array.from({ length: count }, (_, index) => `en/part-${index % 8}/page-${index}.html`)
    for (const folder of new Set(names.map((name) => path.dirname(name)))) await mkdir(path.join(target, folder), { recursive: true })
    await Promise.all(names.map((name) => writeFile(path.join(target, name), `<p>${name}</p>\n`)))
    const state = { target, files: statOutput(target, new Map(names.map((name) => [name, '']))) } as unknown as OutputState
    expect(Object.keys(state.files)).toHaveLength(count)
    expect([...(await check(state)())]).toEqual([])
    await appendFile(path.join(target, names[1] as string), 'edited\n')
    await unlink(path.join(target, names[2] as string))
    await writeFile(path.join(target, 'spare.html'), `<p>${names[3]}</p>\n`)
    await rename(path.join(target, 'spare.html'), path.join(target, names[3] as string))
    return [...(await check(state)())].sort()
  } finally {
    await rm(target, { recursive: true, force: true })
  }
}

it('names the recorded output files edited, removed or replaced since they were written', async () => {
  expect(await changedByHand(12, fromSources)).toEqual(['en/part-1/page-1.html', 'en/part-2/page-2.html', 'en/part-3/page-3.html'])
})

it('gives the same answer from its own thread, for a large output', async () => {
  // The compiled kb has the thread's script (the sources run without threads); 4,000 files and more take it.
  const compiled = path.join(repoRoot, 'lib/build/output-check.js')
  expect(existsSync(path.join(repoRoot, 'lib/build/output-check-worker.js')), 'run npm run compile first').toBe(true)
  const { startOutputCheck } = (await import(compiled)) as { startOutputCheck: typeof fromSources }
  expect(await changedByHand(4500, startOutputCheck)).toEqual(['en/part-1/page-1.html', 'en/part-2/page-2.html', 'en/part-3/page-3.html'])
}, 60_000)
