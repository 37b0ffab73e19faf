import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, lstat, mkdir, mkdtemp, readFile, readlink, realpath, rm, statfs, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { layOutFixture, repoRoot, runCli, runKb, type KbRun } from '../helpers/run-kb.js'
import { treeHashes } from '../helpers/dist.js'
import { layOutBulkKb } from '../helpers/bulk-kb.js'
import { leftoversBeside, outputProblems } from '../helpers/whole-output.js'

/** One line starting `kb: `, no stack trace: what a user sees for a fault that is not kb's. */
function expectOneLine(run: KbRun, code: number): void {
  expect(run.signal, run.stderr).toBe(null)
  expect(run.code, run.stderr).toBe(code)
  expect(run.stderr).toMatch(/^kb: [^\n]+\n$/)
}

async function withFixture(work: (root: string, out: string) => Promise<void>): Promise<void> {
  const { root, cleanup } = await layOutFixture('valid')
  try {
    await work(root, path.join(root, 'dist'))
  } finally {
    await cleanup()
  }
}

async function breakContent(root: string): Promise<void> {
  const file = path.join(root, 'content/zh-CN/account/close-account.md')
  await writeFile(file, (await readFile(file, 'utf8')).replace('status: published', 'status: publihsed'))
}

async function restoreContent(root: string): Promise<void> {
  const file = path.join(root, 'content/zh-CN/account/close-account.md')
  await writeFile(file, (await readFile(file, 'utf8')).replace('status: publihsed', 'status: published'))
}

async function retitle(root: string, title: string): Promise<void> {
  const file = path.join(root, 'content/zh-CN/security/two-factor.md')
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, `title: ${title}`))
}

/**
 * A small tmpfs mounted at a new folder, for a real full or read-only disk. Mounting needs root; where it is
 * not allowed, `undefined`, and the test injects the same errno instead (it says which it did).
 */
async function mountTmpfs(options: string): Promise<{ folder: string; remount: (options: string) => void; unmount: () => Promise<void> } | undefined> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'kb-tmpfs-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder]).status === 0
  if (!mounted) {
    await rm(folder, { recursive: true, force: true })
    console.log(`mount -t tmpfs is not allowed here: injecting the fault instead`)
    return undefined
  }
  return {
    folder,
    remount: (more) => expect(spawnSync('mount', ['-o', `remount,${more}`, folder]).status).toBe(0),
    unmount: async () => {
      spawnSync('umount', [folder])
      await rm(folder, { recursive: true, force: true })
    }
  }
}

const injecting = (fault: string): NodeJS.ProcessEnv => ({ NODE_ENV: 'test', KB_FAULT_INJECT: fault })

describe('kb build replaces only a folder it wrote', () => {
  it('refuses a folder holding a manifest.json kb did not write, leaves it untouched and lists what is there', async () => {
    await withFixture(async (root) => {
      const app = path.join(root, 'public')
      await mkdir(app)
      await writeFile(path.join(app, 'manifest.json'), '{ "name": "My web app", "icons": [] }\n')
      await writeFile(path.join(app, 'index.html'), '<!doctype html><title>app</title>\n')
      for (let index = 0; index < 25; index++) await writeFile(path.join(app, `static-${String(index).padStart(2, '0')}.png`), 'png')
      const before = await treeHashes(app)
      const run = await runKb(['build', '--root', root, '--out', app])
      expectOneLine(run, 2)
      expect(run.stderr).toContain('kb did not write this folder')
      expect(run.stderr).toContain('deleting index.html, manifest.json, static-00.png, ')
      expect(run.stderr).toContain(', static-17.png and 7 more. ')
      expect(await treeHashes(app)).toEqual(before)
      expect(await leftoversBeside(app)).toEqual([])
    })
  }, 180_000)

  it('refuses its own dist/ once somebody dropped a file in it, naming the file', async () => {
    await withFixture(async (root, out) => {
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ generator: expect.stringMatching(/^kb \d/) })
      await mkdir(path.join(out, 'uploads'))
      await writeFile(path.join(out, 'uploads/contract.pdf'), 'mine')
      await writeFile(path.join(out, 'notes.txt'), 'mine too')
      const before = await treeHashes(out)
      await retitle(root, '新标题')
      const run = await runKb(['build', '--root', root])
      expectOneLine(run, 2)
      expect(run.stderr).toMatch(/: it holds 2 files kb did not write, and a build replaces the whole folder, deleting notes\.txt, uploads\/\. Move them elsewhere/)
      expect(await treeHashes(out)).toEqual(before)

      // Without the files, and with the manifest of an older kb (no generator) that lists every file, it builds.
      await rm(path.join(out, 'uploads'), { recursive: true })
      await rm(path.join(out, 'notes.txt'))
      const manifestFile = path.join(out, 'manifest.json')
      const { generator, ...older } = JSON.parse(await readFile(manifestFile, 'utf8')) as { generator: string }
      expect(generator).toBeDefined()
      await writeFile(manifestFile, JSON.stringify(older, null, 2) + '\n')
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      expect(await outputProblems(out)).toEqual([])
    })
  }, 180_000)

  it('follows a symlinked dist/ and updates its target, leaving the link in place', async () => {
    await withFixture(async (root, out) => {
      const deploy = path.join(root, 'deploy/help')
      await symlink('deploy/help', out)
      // The target does not exist yet: the first build creates it.
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      await retitle(root, '符号链接后的新标题')
      const run = await runKb(['build', '--root', root])
      expect(run.code, run.stderr).toBe(0)
      expect((await lstat(out)).isSymbolicLink()).toBe(true)
      expect(await readlink(out)).toBe('deploy/help')
      expect(await realpath(out)).toBe(await realpath(deploy))
      expect(await outputProblems(deploy)).toEqual([])
      expect(await readFile(path.join(deploy, 'api/entries/zh-CN/two-factor.json'), 'utf8')).toContain('符号链接后的新标题')
      expect(await leftoversBeside(out)).toEqual([])
      expect(await leftoversBeside(deploy)).toEqual([])
    })
  }, 180_000)
})

describe('kb build when the disk fails it', () => {
  it('refuses an --out under /proc or /sys in one line', async () => {
    await withFixture(async (root) => {
      for (const out of ['/proc/kb-help', '/sys/kb-help', '/proc']) {
        const run = await runKb(['build', '--root', root, '--out', out])
        expectOneLine(run, 2)
        expect(run.stderr).toContain(`Unexpected --out \`${out}\`: /${out.split('/')[1]} holds the kernel's virtual files`)
      }
    })
  }, 180_000)

  it('on a full disk exits 2 in one line, removes its temporary folder and keeps the previous output', async () => {
    await withFixture(async (root) => {
      const disk = await mountTmpfs('size=2m')
      const out = disk ? path.join(disk.folder, 'dist') : path.join(root, 'dist')
      try {
        expect((await runKb(['build', '--root', root, '--out', out])).code).toBe(0)
        const before = await treeHashes(out)
        let filler: string | undefined
        if (disk) {
          // Leave 64 KB: enough for the lock and the first folders, not for the build.
          const { bavail, bsize } = await statfs(disk.folder)
          filler = path.join(disk.folder, 'filler')
          await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - 64 * 1024)))
        }
        await retitle(root, '磁盘满时的新标题')
        const run = await runKb(['build', '--root', root, '--out', out], { env: disk ? {} : injecting('ENOSPC@write:30') })
        expectOneLine(run, 2)
        expect(run.stderr).toMatch(/^kb: could not write .*dist: the disk is full \(ENOSPC, \w+ \/.*\); .*dist is unchanged; free some space and run kb build again\n$/)
        expect(await treeHashes(out)).toEqual(before)
        expect(await leftoversBeside(out)).toEqual([])

        if (filler) await rm(filler)
        expect((await runKb(['build', '--root', root, '--out', out])).code).toBe(0)
        expect(await readFile(path.join(out, 'api/entries/zh-CN/two-factor.json'), 'utf8')).toContain('磁盘满时的新标题')
      } finally {
        await disk?.unmount()
      }
    })
  }, 180_000)

  it('a full disk injected mid-write (where no tmpfs can be mounted, this is the only disk-full test)', async () => {
    await withFixture(async (root, out) => {
      expect((await runKb(['build', '--root', root])).code).toBe(0)
      const before = await treeHashes(out)
      // The fault fails the write where it runs: on the main thread, and on a writer thread (KB_WRITERS=2).
      for (const [fault, writers] of [['ENOSPC@write:40', '0'], ['EIO@write:1', '0'], ['ENOSPC@write:40', '2'], ['EIO@write:1', '2']] as const) {
        // --no-cache here and below: with the cache, nothing changed means nothing to write, and these must write.
        const run = await runKb(['build', '--root', root, '--no-cache'], { env: { ...injecting(fault), KB_WRITERS: writers } })
        expectOneLine(run, 2)
        expect(run.stderr).toMatch(/^kb: could not write .*dist: .* \((ENOSPC|EIO), write .*\); .*dist is unchanged; /)
        expect(await treeHashes(out)).toEqual(before)
        expect(await leftoversBeside(out)).toEqual([])
      }
    })
  }, 180_000)

  it('on a read-only or forbidden folder exits 2 in one line and keeps the previous output', async () => {
    await withFixture(async (root) => {
      const disk = await mountTmpfs('size=2m')
      const out = disk ? path.join(disk.folder, 'dist') : path.join(root, 'dist')
      try {
        expect((await runKb(['build', '--root', root, '--out', out])).code).toBe(0)
        const before = await treeHashes(out)
        disk?.remount('ro')
        const readOnly = await runKb(['build', '--root', root, '--out', out, '--no-cache'], { env: disk ? {} : injecting('EROFS@write:1') })
        expectOneLine(readOnly, 2)
        expect(readOnly.stderr).toMatch(/^kb: could not write .*dist: the file system is read-only \(EROFS, \w+ .*\); .*dist is unchanged; choose a folder on a writable disk for --out\n$/)
        expect(await treeHashes(out)).toEqual(before)
        expect(await leftoversBeside(out)).toEqual([])
        disk?.remount('rw')

        // Root may write anywhere, so permission faults are injected.
        for (const code of ['EACCES', 'EPERM']) {
          const forbidden = await runKb(['build', '--root', root, '--out', out, '--no-cache'], { env: injecting(`${code}@write:5`) })
          expectOneLine(forbidden, 2)
          expect(forbidden.stderr).toContain(`(${code}, write `)
          expect(forbidden.stderr).toContain('make the folder writable for this user, or choose another --out')
          expect(await treeHashes(out)).toEqual(before)
          expect(await leftoversBeside(out)).toEqual([])
        }
      } finally {
        await disk?.unmount()
      }
    })
  }, 180_000)

  it('a build killed between the two renames loses no dist/: the next run puts it back, even one that fails', async () => {
    await withFixture(async (root, out) => {
      await breakContent(root)
      const neverBuilt = await runKb(['build', '--root', root])
      expect(neverBuilt.code).toBe(1)
      // Not "unchanged": there is nothing.
      expect(neverBuilt.stderr).toMatch(/kb: build stopped before writing anything; .*dist does not exist\n$/)
      await restoreContent(root)

      expect((await runKb(['build', '--root', root])).code).toBe(0)
      const before = await treeHashes(out)
      await retitle(root, '交换中被杀')
      const killed = await runKb(['build', '--root', root], { env: injecting('SIGKILL@swap') })
      expect(killed.signal).toBe('SIGKILL')
      expect(existsSync(out), 'the kill should have come with dist/ set aside').toBe(false)

      await breakContent(root)
      const failed = await runKb(['build', '--root', root])
      expect(failed.code).toBe(1)
      expect(failed.stderr).toMatch(/kb: build stopped before writing anything; .*dist was missing after an interrupted build and is restored to its last complete output\n$/)
      expect(await treeHashes(out)).toEqual(before)
      expect(await leftoversBeside(out)).toEqual([])

      // Killed mid-swap again, then a build that succeeds: it puts the old one back, then replaces it.
      await restoreContent(root)
      expect((await runKb(['build', '--root', root], { env: injecting('SIGKILL@swap') })).signal).toBe('SIGKILL')
      const again = await runKb(['build', '--root', root])
      expect(again.code, again.stderr).toBe(0)
      expect(await outputProblems(out)).toEqual([])
      expect(await readFile(path.join(out, 'api/entries/zh-CN/two-factor.json'), 'utf8')).toContain('交换中被杀')
      expect(await leftoversBeside(out)).toEqual([])
    })
  }, 180_000)

  it('twenty builds killed at random moments each leave dist/ the old or the new build, whole', async () => {
    const kb = await layOutBulkKb(150)
    const out = path.join(kb.root, 'dist')
    const entry = path.join(out, 'api/entries/zh-CN/kb-bulk-0.json')
    const cli = path.join(repoRoot, 'bin/kb.js')
    const seed = Number(process.env['KB_KILL_SEED'] ?? Date.now() % 1_000_000)
    let state = seed
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    try {
      const started = Date.now()
      expect((await runKb(['build', '--root', kb.root])).code).toBe(0)
      const buildMs = Date.now() - started
      let previous = await treeHashes(out)
      let killedMidWrite = 0
      let killedBetweenRenames = 0
      for (let round = 0; round < 20; round++) {
        const context = `round ${round} (KB_KILL_SEED=${seed})`
        const title = `第 ${round} 次被杀的构建`
        await kb.setBulkTitle(title)
        const child = spawn(process.execPath, [cli, 'build', '--root', kb.root], { stdio: 'ignore' })
        const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
        await new Promise((resolve) => setTimeout(resolve, random() * buildMs))
        child.kill('SIGKILL')
        await exited
        const leftovers = await leftoversBeside(out)
        if (leftovers.some((name) => name.startsWith(`.dist.tmp-${child.pid}-`) || name.startsWith(`.dist.old-${child.pid}-`))) killedMidWrite++

        // The one state that is not whole, documented and repaired by the next build: killed in the
        // microseconds between the two renames, with the previous output set aside, whole.
        const setAside = leftovers.find((name) => name.startsWith(`.dist.old-${child.pid}-`))
        if (!existsSync(out) && setAside !== undefined) {
          killedBetweenRenames++
          expect(await outputProblems(path.join(kb.root, setAside)), context).toEqual([])
          expect(await treeHashes(path.join(kb.root, setAside)), `${context}: set aside, but not the previous build`).toEqual(previous)
          const repaired = await runKb(['build', '--root', kb.root], { timeoutMs: 150_000 })
          expect(repaired.code, `${context}: ${repaired.stderr}`).toBe(0)
        }
        expect(await outputProblems(out), `${context}: ${existsSync(out) ? 'dist/ is there' : 'no dist/'}, beside it ${JSON.stringify(leftovers)}`).toEqual([])
        const now = await treeHashes(out)
        const builtTitle = (JSON.parse(await readFile(entry, 'utf8')) as { title: string }).title
        if (builtTitle !== title) expect(now, `${context}: neither the old build nor the new one`).toEqual(previous)
        previous = now

        // Halfway and at the end, a build that is not killed recovers whatever was left.
        if (round % 10 === 9) {
          const recovering = await runKb(['build', '--root', kb.root], { timeoutMs: 150_000 })
          expect(recovering.code, `${context}: ${recovering.stderr}`).toBe(0)
          expect(await leftoversBeside(out), context).toEqual([])
          expect(await outputProblems(out), context).toEqual([])
          expect((JSON.parse(await readFile(entry, 'utf8')) as { title: string }).title).toBe(title)
          previous = await treeHashes(out)
        }
      }
      // Where the kills landed depends on the machine's speed, so it is reported, not asserted.
      console.log(`${killedMidWrite} of 20 builds were killed while writing or swapping, ${killedBetweenRenames} between the two renames (KB_KILL_SEED=${seed}, build ${buildMs} ms)`)
    } finally {
      await kb.cleanup()
    }
  }, 240_000)
})

describe('kb build when kb itself is incomplete', () => {
  it('a file of its own missing (site.css) stops the build with exit 2 and one line, threads and all, instead of hanging', async () => {
    // A copy of kb without site-assets/site.css, as a broken install would be; the scan runs on threads (KB_WORKERS=2).
    const copy = await mkdtemp(path.join(os.tmpdir(), 'kb-incomplete-'))
    try {
      for (const part of ['bin', 'lib', 'schemas', 'site-assets', 'package.json']) await cp(path.join(repoRoot, part), path.join(copy, part), { recursive: true })
      await symlink(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'))
      await rm(path.join(copy, 'site-assets/site.css'))
      await withFixture(async (root, out) => {
        const run = await runCli(path.join(copy, 'bin/kb.js'), ['build', '--root', root], { env: { KB_WORKERS: '2' }, timeoutMs: 60_000 })
        expectOneLine(run, 2)
        expect(run.stderr).toContain('site.css')
        expect(existsSync(out)).toBe(false)
        expect(await leftoversBeside(out)).toEqual([])
      })
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  }, 120_000)
})
