import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { layOutFixture, repoRoot, runKb, type KbRun } from '../helpers/run-kb.js'
import { treeHashes } from '../helpers/dist.js'
import { layOutBulkKb } from '../helpers/bulk-kb.js'
import { leftoversBeside, outputProblems } from '../helpers/whole-output.js'

/** A process id that is certainly not running any more. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid
  if (pid === undefined) throw new Error('could not start a process')
  return pid
}

function lockFile(root: string, pid: number): Promise<void> {
  return writeFile(path.join(root, '.dist.lock'), JSON.stringify({ pid, hostname: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z', token: 'somebody-else' }) + '\n')
}

/** No stack trace, no "internal error": kb said what happened in lines of its own. */
function expectNoCrash(run: KbRun, context: string): void {
  expect(run.stderr, context).not.toMatch(/internal error|\n\s+at /)
  expect(run.signal, context).toBe(null)
}

describe('two builds into one output', () => {
  it('eight times two builds at once: each exits 0 or 2, and dist/ is always one whole build', async () => {
    const kb = await layOutBulkKb(150)
    const out = path.join(kb.root, 'dist')
    try {
      for (let round = 0; round < 8; round++) {
        const title = `第 ${round} 轮标题`
        await kb.setBulkTitle(title)
        const runs = await Promise.all([runKb(['build', '--root', kb.root], { timeoutMs: 150_000 }), runKb(['build', '--root', kb.root], { timeoutMs: 150_000 })])
        for (const run of runs) {
          expectNoCrash(run, `round ${round}: ${run.stderr}`)
          expect([0, 2], `round ${round}: ${run.stderr}`).toContain(run.code)
        }
        expect(runs.some((run) => run.code === 0), `round ${round}: ${runs.map((run) => run.stderr).join('')}`).toBe(true)
        expect(await outputProblems(out), `round ${round}`).toEqual([])
        expect(JSON.parse(await readFile(path.join(out, 'api/entries/zh-CN/kb-bulk-0.json'), 'utf8'))).toMatchObject({ title })
        expect(await leftoversBeside(out), `round ${round}`).toEqual([])
      }
    } finally {
      await kb.cleanup()
    }
  }, 240_000)

  it('a build waits for the one holding the lock, then exits 2 naming its pid and leaves dist/ alone', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const out = path.join(root, 'dist')
    try {
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      const before = await treeHashes(out)
      // This test process is alive: its lock is honoured, never taken over.
      await lockFile(root, process.pid)
      const run = await runKb(['build', '--root', root], { env: { KB_LOCK_TIMEOUT_MS: '1500' } })
      expectNoCrash(run, run.stderr)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(new RegExp(`^kb: waiting for another kb build \\(pid ${process.pid}, started [^)]+\\) to finish writing .*dist\\n`))
      expect(run.stderr).toMatch(new RegExp(`\\nkb: another kb build \\(pid ${process.pid}, .*\\) is writing .*dist; gave up after waiting 1.5 s\\. Run kb build again when it has finished; if no kb build is running, delete .*\\.dist\\.lock\\n$`))
      expect(await treeHashes(out)).toEqual(before)
      expect(await leftoversBeside(out)).toEqual(['.dist.lock'])

      const impatient = await runKb(['build', '--root', root], { env: { KB_LOCK_TIMEOUT_MS: '0' } })
      expect(impatient.code).toBe(2)
      expect(impatient.stderr).toMatch(new RegExp(`^kb: another kb build \\(pid ${process.pid}, .*\\) is writing .*dist\\. Run kb build again`))
    } finally {
      await cleanup()
    }
  }, 180_000)

  it('takes over the lock of a dead build and removes only leftovers of dead processes', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const out = path.join(root, 'dist')
    try {
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      const dead = deadPid()
      await lockFile(root, dead)
      await mkdir(path.join(root, `.dist.tmp-${dead}-0badc0de/api`), { recursive: true })
      await writeFile(path.join(root, `.dist.tmp-${dead}-0badc0de/api/index.json`), '{}')
      await mkdir(path.join(root, `.dist.old-${dead}-0badc0df`))
      // Named like a build of this (live) test process: a build that is still writing, so it must survive.
      const live = `.dist.tmp-${process.pid}-00aa11bb`
      await mkdir(path.join(root, live))
      await writeFile(path.join(root, live, 'half-written.json'), '{')

      const run = await runKb(['build', '--root', root], { env: { KB_LOCK_TIMEOUT_MS: '60000' } })
      expectNoCrash(run, run.stderr)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).not.toContain('waiting')
      expect(await leftoversBeside(out)).toEqual([live])
      expect(await readFile(path.join(root, live, 'half-written.json'), 'utf8')).toBe('{')
      expect(await outputProblems(out)).toEqual([])
    } finally {
      await cleanup()
    }
  }, 180_000)

  it('Ctrl-C or a kill while writing removes the temporary folder, releases the lock and keeps dist/', async () => {
    const { root, cleanup } = await layOutFixture('valid')
    const out = path.join(root, 'dist')
    try {
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      const before = await treeHashes(out)
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        // The build stops itself before its 20th file, so the signal surely arrives mid-write.
        // --no-cache: with the cache, a build with nothing changed has nothing to write, and this one must write.
        const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), 'build', '--root', root, '--no-cache'], {
          env: { ...process.env, NODE_ENV: 'test', KB_FAULT_INJECT: 'SIGSTOP@write:20' },
          stdio: 'ignore'
        })
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, exitSignal) => resolve(exitSignal)))
        // Writing, and stopped at the 20th file: files stream out while the build compiles, so the signal must
        // wait for the stop, or it could arrive before it and the stop would then never be continued.
        let writing = false
        for (let attempt = 0; attempt < 3000 && !writing && child.exitCode === null; attempt++) {
          const names = await leftoversBeside(out)
          writing = names.includes('.dist.lock') && names.some((name) => name.startsWith('.dist.tmp-')) && (await processState(child.pid)) === 'T'
          if (!writing) await new Promise((resolve) => setTimeout(resolve, 20))
        }
        expect(writing, 'the build never started writing').toBe(true)
        child.kill(signal)
        child.kill('SIGCONT')
        expect(await exited).toBe(signal)
        expect(await leftoversBeside(out)).toEqual([])
        expect(await treeHashes(out)).toEqual(before)
      }
    } finally {
      await cleanup()
    }
  }, 180_000)
})

/** The state letter of a process in /proc (`T`: stopped), or undefined when it is gone. */
async function processState(pid: number | undefined): Promise<string | undefined> {
  if (pid === undefined) return undefined
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return /\) (\w) /.exec(stat)?.[1]
}

describe('two runs sharing one entry cache', () => {
  it('rounds of two checks at once, an entry changed before each: no damaged cache, and the next run takes every entry from it', async () => {
    const kb = await layOutBulkKb(150)
    // One thread each, so both say how many entries came from the cache.
    const check = () => runKb(['check', '--root', kb.root, '--format', 'json'], { env: { KB_WORKERS: '1' }, timeoutMs: 150_000 })
    try {
      let files = 0
      for (let round = 0; round < 4; round++) {
        await kb.setBulkTitle(`第 ${round} 轮`)
        const runs = await Promise.all([check(), check()])
        for (const run of runs) {
          expectNoCrash(run, `round ${round}: ${run.stderr}`)
          expect(run.stderr, `round ${round}`).not.toContain('kb: note:')
          expect(run.stdout).toBe(runs[0]?.stdout)
          files = (JSON.parse(run.stdout) as { summary: { files: number } }).summary.files
        }
      }
      // What the two wrote and pruned at once is whole, and holds every entry of the last round.
      const last = await check()
      expect(last.stderr).not.toContain('kb: note:')
      expect(last.stderr).toContain(`kb: parsed with 1 thread (${files} from the cache)\n`)
    } finally {
      await kb.cleanup()
    }
  }, 240_000)
})
