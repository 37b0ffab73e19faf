/**
 * What a `kb dev` save costs inside its process, phase by phase: `node --expose-gc --import tsx
 * scripts/bench-dev-build.ts <kb root> [--edits N] [--same] [--lib <lib folder>]`, after `npm run compile`. scripts/bench-dev.ts times a save as the
 * editor waits for it (the watcher, the build, the page told to reload); this one starts kb dev's session in
 * its own process and times each build, with the phases `KB_TIMINGS=1` prints, so a change to one phase shows.
 *
 * The KB is copied to a scratch folder. The first build (a start on that copy) is not counted; each edit then
 * appends a sentence to an entry (a different one each time, spread over the KB; `--same`: always the same
 * one, as an editor fixing one entry) and rebuilds. Prints the median build and each phase's mean over the
 * edits after the first two (the code is optimized by then), and the heap kept after a collection when run
 * with `node --expose-gc`. `--lib` runs another kb's compiled `lib/` (a worktree of an earlier commit).
 */
import { appendFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from './tldr-kb.js'
import { copyKb } from './tldr-scratch.js'
import type { startDevSession as StartDevSession, DevBuild } from '../src/dev/dev-session.js'

const { values, positionals } = parseArgs({ options: { edits: { type: 'string' }, same: { type: 'boolean' }, lib: { type: 'string' } }, allowPositionals: true })
const source = path.resolve(positionals[0] ?? repoRoot)
const edits = Number(values.edits ?? 12)
const lib = path.resolve(values.lib ?? path.join(repoRoot, 'lib'))
const { startDevSession } = (await import(path.join(lib, 'dev/dev-session.js'))) as { startDevSession: typeof StartDevSession }

const { scratch, root, entries } = await copyKb(source, 'kb-bench-dev-build-')
try {
  const builds: DevBuild[] = []
  const session = startDevSession(root, { env: process.env, cache: true, lang: undefined, onBuilt: (build) => builds.push(build) })
  await session.rebuild()
  await session.settled()
  const walls: number[] = []
  const phases = new Map<string, number>()
  for (let index = 0; index < edits; index++) {
    const entry = entries[values.same ? Math.floor(entries.length / 3) : Math.floor(((index + 0.5) * entries.length) / edits)] ?? ''
    await appendFile(path.join(root, 'content', entry), `\nEdited for the bench (${index}).\n`)
    const started = performance.now()
    await session.rebuild()
    const wall = performance.now() - started
    await session.settled()
    const result = builds.at(-1)?.result
    if (result?.kind !== 'written') throw new Error(`edit ${index} of ${entry} gave ${result?.kind ?? 'no build'}`)
    if (index < 2) continue
    walls.push(wall)
    for (const [phase, milliseconds] of result.timings.phases) phases.set(phase, (phases.get(phase) ?? 0) + milliseconds)
  }
  session.close()
  walls.sort((a, b) => a - b)
  const counted = walls.length
  console.log(`kb dev builds on ${entries.length} entries (${source}; ${lib}), ${counted} edits${values.same ? ' of one entry' : ''}`)
  console.log(`  build after a save: median ${Math.round(walls[Math.floor(counted / 2)] ?? 0)} ms, slowest ${Math.round(walls.at(-1) ?? 0)} ms`)
  console.log(`  phases (mean ms): ${[...phases].map(([phase, total]) => `${phase} ${(total / Math.max(1, counted)).toFixed(0)}`).join(', ')}`)
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect) {
    collect()
    console.log(`  heap kept after a collection: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`)
  }
} finally {
  await rm(scratch, { recursive: true, force: true })
}
