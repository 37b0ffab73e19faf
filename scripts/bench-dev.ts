/**
 * How long an editor waits in `kb dev`: from saving an entry to the preview having rebuilt it (the moment
 * every open page is told to reload). `npx tsx scripts/bench-dev.ts [kb root] [--edits N]`, after
 * `npm run compile`; default root: a copy of the shipped KB. For the tldr KB: `npx tsx scripts/tldr-kb.ts
 * /tmp/tk` first, then `npx tsx scripts/bench-dev.ts /tmp/tk`.
 *
 * The KB is copied to a scratch folder (the edits never touch the original). Each edit appends a sentence to
 * one entry (a different entry each time, the way an editor moves between entries) and waits for the event
 * stream to announce the next site version. Prints the first build and the median and slowest rebuild.
 * Then it stops kb dev and starts it again on the site it left (up to date), waits `--settle` seconds (default
 * 10, an editor looking at the page) and times one more save: the first save after a restart.
 * `--kb <bin/kb.js>` runs another kb (a worktree of an earlier commit, to compare).
 */
import { spawn } from 'node:child_process'
import { appendFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from './tldr-kb.js'
import { copyKb } from './tldr-scratch.js'

const { values, positionals } = parseArgs({ options: { edits: { type: 'string' }, settle: { type: 'string' }, kb: { type: 'string' } }, allowPositionals: true })
const source = path.resolve(positionals[0] ?? repoRoot)
const edits = Number(values.edits ?? 20)
const settleSeconds = Number(values.settle ?? 10)
const kbBin = path.resolve(values.kb ?? path.join(repoRoot, 'bin/kb.js'))

const { scratch, root, entries } = await copyKb(source, 'kb-bench-dev-')
try {
  const first = await startDev(root)
  const waits: number[] = []
  for (let index = 0; index < edits; index++) waits.push(await timeSave(first, path.join(root, 'content', entries[Math.floor((index * entries.length) / edits)] ?? ''), index))
  await first.stop()
  // The site is now up to date: a restart finds it so, and the save after it is timed on its own.
  const second = await startDev(root)
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000))
  const afterRestart = await timeSave(second, path.join(root, 'content', entries[Math.floor(entries.length / 2) + 1] ?? ''), edits)
  await second.stop()
  waits.sort((a, b) => a - b)
  const ms = (value: number) => `${Math.round(value)} ms`
  console.log(`kb dev on ${entries.length} entries (${source}; ${kbBin})`)
  console.log(`  start to URL (first build): ${ms(first.startup)}`)
  console.log(`  save to rebuilt, ${edits} edits: median ${ms(waits[Math.floor(waits.length / 2)] ?? 0)}, slowest ${ms(waits.at(-1) ?? 0)}`)
  console.log(`  restart on the site it left, start to URL: ${ms(second.startup)}; first save ${settleSeconds} s later: ${ms(afterRestart)}`)
} finally {
  await rm(scratch, { recursive: true, force: true })
}

interface RunningDev {
  startup: number
  versions: { next(): Promise<number> }
  version: number
  stop(): Promise<void>
}

/** kb dev started on the KB, once it serves the site and has announced its version. */
async function startDev(root: string): Promise<RunningDev> {
  const started = performance.now()
  const child = spawn(process.execPath, [kbBin, 'dev', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)
      if (match) resolve(match[0])
    })
    child.on('exit', (code) => reject(new Error(`kb dev exited with ${code}`)))
  })
  const startup = performance.now() - started
  const versions = versionStream(`${url}__kb/events`)
  const version = await versions.next()
  return {
    startup,
    versions,
    version,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    }
  }
}

/** Milliseconds from appending a sentence to `file` to the preview announcing the site rebuilt. */
async function timeSave(dev: RunningDev, file: string, index: number): Promise<number> {
  const saved = performance.now()
  await appendFile(file, `\nEdited for the bench (${index}).\n`)
  const next = await dev.versions.next()
  if (next <= dev.version) throw new Error(`edit ${index} of ${file} did not rebuild the site`)
  dev.version = next
  return performance.now() - saved
}

/** The site versions the preview announces, one `next()` per change of version. */
function versionStream(eventsUrl: string): { next(): Promise<number> } {
  const waiting: ((version: number) => void)[] = []
  const seen: number[] = []
  let last = -1
  void (async () => {
    const response = await fetch(eventsUrl)
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of response.body ?? []) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true })
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (!event.startsWith('data: ')) continue
        const version = (JSON.parse(event.slice('data: '.length)) as { version: number }).version
        if (version === last) continue
        last = version
        const resolve = waiting.shift()
        if (resolve) resolve(version)
        else seen.push(version)
      }
    }
  })()
  return {
    next: () => {
      const version = seen.shift()
      return version !== undefined ? Promise.resolve(version) : new Promise((resolve) => waiting.push(resolve))
    }
  }
}
