import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, truncate, unlink, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { layOutBulkKb } from '../helpers/bulk-kb.js'
import { treeHashes } from '../helpers/dist.js'
import { cachePacks, cacheRecords, cacheUse, cleanBuild, kbCli, privateInstall, runCli, treeDifferences, type CleanBuild } from '../helpers/incremental.js'
import { layOutFixture, type KbRun } from '../helpers/run-kb.js'
import type { ApiEntry } from '../../src/types/api-entry.js'
import { sourceVersion } from '../../src/validate/source-version.js'
import { encodePack, packIndex, type PackPlace } from '../../src/build/artifact-pack.js'

/**
 * The incremental build (per-entry cache in .kb-cache, output state, linked output files) against a clean
 * build: after every kind of change, `kb build` into a dist/ it built before must give what a build of the
 * same sources from nothing gives, byte for byte, with the same report. The clean build runs on a copy of
 * the sources (never their .kb-cache or dist) with --no-cache. Each case also checks, from the cache's
 * records, that the incremental build did take unchanged entries from the cache: it cannot pass by the cache
 * being off.
 */

const timeout = 120_000
const execFileAsync = promisify(execFile)
const upToDate = /^kb: dist is up to date \(\d+ files\); nothing changed since the last build$/m
const damagedRecord = /^kb: note: ignored a damaged cache record for (content\/\S+) \(in (\.kb-cache\/entries\/[0-9a-z-]+\.pack)\); the entry was checked again$/gm
const damagedPack = /^kb: note: ignored a damaged cache file \((\.kb-cache\/entries\/[0-9a-z-]+\.pack)\); its entries were checked again$/gm
const truncatedPack = /^kb: note: ignored (\d+) records of a truncated cache file \((\.kb-cache\/entries\/[0-9a-z-]+\.pack)\); their entries were checked again$/gm

interface Kb {
  root: string
  dist: string
  scratch: string
  cli: string
}

/**
 * The `valid` fixture (4 entries: zh-CN close-account, draft-entry, two-factor; en close-account) with one
 * warning (an unknown section in the en entry), so reports replayed from the cache are compared too.
 */
async function withKb(test: (kb: Kb) => Promise<void>): Promise<void> {
  const { root, cleanup } = await layOutFixture('valid')
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-incremental-'))
  try {
    await appendFile(path.join(root, 'content/en/account/close-account.md'), '\n## Notes\n\nKeep the confirmation e-mail.\n')
    await test({ root, dist: path.join(root, 'dist'), scratch, cli: kbCli })
  } finally {
    await cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
}

/** `kb build` into the KB's own dist/, cache on (whatever the environment running the tests says). */
function build(kb: Kb, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<KbRun> {
  return runCli(kb.cli, ['build', '--root', kb.root, '--out', kb.dist, ...(options.args ?? [])], { cwd: kb.root, env: { KB_CACHE: '', ...options.env }, timeoutMs: 120_000 })
}

async function firstBuild(kb: Kb): Promise<void> {
  const run = await build(kb)
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).not.toMatch(upToDate)
}

/**
 * The incremental build and a clean build of the sources as they are now, side by side: same exit code, same
 * report on stdout and, when they wrote, the same files with the same bytes. Returns the incremental run.
 */
async function expectIncrementalEqualsClean(kb: Kb, options: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<KbRun> {
  const [incremental, clean] = await Promise.all([build(kb, options), cleanBuild(kb.root, kb.scratch, { cli: kb.cli, ...options })])
  expect(clean.cacheCreated, 'a --no-cache build created .kb-cache').toBe(false)
  expect(incremental.code, `incremental: ${incremental.stderr}\nclean: ${clean.run.stderr}`).toBe(clean.run.code)
  expect(incremental.stdout).toBe(clean.run.stdout)
  if (clean.run.code === 0) expect(await treeDifferences(kb.dist, clean.out)).toEqual([])
  return incremental
}

/** Replaces text in a file of the KB, failing when the text is not there (a mutation that changes nothing proves nothing). */
async function edit(root: string, file: string, from: string | RegExp, to: string): Promise<void> {
  const absolute = path.join(root, file)
  const text = await readFile(absolute, 'utf8')
  const changed = text.replace(from, to)
  expect(changed, `${file} does not contain ${String(from)}`).not.toBe(text)
  await writeFile(absolute, changed)
}

/**
 * Edits an output file in place (a title changed to another of the same length) and gives it back its size and
 * modification time to the nanosecond, with `touch -r` (fs.utimes cannot), as `cp -p`, `rsync -a` or unpacking
 * an archive leave files.
 */
async function editKeepingSizeAndTime(kb: Kb, relative: string): Promise<void> {
  const file = path.join(kb.dist, relative)
  const times = path.join(kb.scratch, 'times')
  await writeFile(times, '')
  await execFileAsync('touch', ['-r', file, times])
  const written = await stat(file, { bigint: true })
  await writeFile(file, (await readFile(file, 'utf8')).replace('重置双重验证', '找回双重验证'))
  await execFileAsync('touch', ['-r', times, file])
  const edited = await stat(file, { bigint: true })
  expect(await readFile(file, 'utf8')).toContain('找回双重验证')
  expect([edited.size, edited.mtimeNs]).toEqual([written.size, written.mtimeNs])
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T
}

describe.concurrent('an incremental kb build equals a clean build', () => {
  it(
    'when nothing changed: it says up to date, replaces nothing and equals a clean build',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        expect(before.size).toBe(4)
        const distInode = (await stat(kb.dist)).ino
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).toMatch(upToDate)
        expect((await stat(kb.dist)).ino, 'dist/ was replaced by a build that had nothing to do').toBe(distInode)
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 4, written: 0, removed: 0 })
      }),
    timeout
  )

  it(
    "when an entry's body changes",
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        const siteCss = (await stat(path.join(kb.dist, 'assets/site.css'))).ino
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', '1. 打开安全设置。', '1. 打开 App 的安全设置。')
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).not.toMatch(upToDate)
        expect(await readFile(path.join(kb.dist, 'zh-CN/security/two-factor.html'), 'utf8')).toContain('打开 App 的安全设置')
        // Only the changed entry was processed again; its old artifact is pruned.
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 3, written: 1, removed: 1 })
        // An output file whose bytes did not change is linked from the previous output, not written again.
        expect((await stat(path.join(kb.dist, 'assets/site.css'))).ino).toBe(siteCss)
      }),
    timeout
  )

  it(
    'when the config changes (a category name and the site title): pages show the new names',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        await edit(kb.root, 'kb.config.yaml', 'name: { zh-CN: 账户, en: Account }', 'name: { zh-CN: 账户与注销, en: Account and closure }')
        await edit(kb.root, 'kb.config.yaml', 'title: { zh-CN: 示例帮助中心, en: Example Help Center }', 'title: { zh-CN: 示例支持中心, en: Example Support Center }')
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).not.toMatch(upToDate)
        // The category name is part of each compiled entry, which the cache keeps: a cache blind to the config would serve the old one.
        expect((await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/zh-CN/close-account.json'))).category.name).toBe('账户与注销')
        expect((await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/en/close-account.json'))).category.name).toBe('Account and closure')
        expect(await readFile(path.join(kb.dist, 'zh-CN/account/close-account.html'), 'utf8')).toContain('账户与注销')
        expect(await readFile(path.join(kb.dist, 'zh-CN/index.html'), 'utf8')).toContain('示例支持中心')
      }),
    timeout
  )

  it(
    "when a related entry's title changes: the entry listing it shows the new title",
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        // zh-CN close-account lists two-factor in related:.
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', 'title: 重置双重验证', 'title: 找回双重验证')
        await expectIncrementalEqualsClean(kb)
        // close-account itself came from the cache; its related list is linked anew.
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 3, written: 1, removed: 1 })
        expect((await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/zh-CN/close-account.json'))).related.map((related) => related.title)).toEqual(['找回双重验证'])
        const page = await readFile(path.join(kb.dist, 'zh-CN/account/close-account.html'), 'utf8')
        expect(page).toContain('找回双重验证')
        expect(page).not.toContain('重置双重验证')
      }),
    timeout
  )

  it(
    "when an entry's date changes: the newest-first indexes and listings reorder, the entry moves to the top and back",
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const newest = async () => (await readJson<{ entries: { id: string }[] }>(path.join(kb.dist, 'api/locales/zh-CN.json'))).entries.map((entry) => entry.id)
        expect(await newest()).toEqual(['close-account', 'two-factor'])
        // The files made of a part per entry copy the unchanged parts: the one now second gains its comma.
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', 'updated: 2026-11-10', 'updated: 2026-11-25')
        await expectIncrementalEqualsClean(kb)
        expect(await newest()).toEqual(['two-factor', 'close-account'])
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', 'updated: 2026-11-25', 'updated: 2026-11-10')
        await expectIncrementalEqualsClean(kb)
        expect(await newest()).toEqual(['close-account', 'two-factor'])
      }),
    timeout
  )

  it(
    "when a source's text changes under a translation that records its version: the translation is outdated now, in its record and on its page",
    () =>
      withKb(async (kb) => {
        // As kb translate writes it: the version of the source the translation was made from.
        const source = await readFile(path.join(kb.root, 'content/zh-CN/account/close-account.md'), 'utf8')
        await edit(kb.root, 'content/en/account/close-account.md', 'updated: 2026-11-21', `updated: 2026-11-21\nsourceHash: ${sourceVersion('注销账户失败', '提交注销后被拒绝时，逐项检查余额、挂单和冷静期。', source)}`)
        await firstBuild(kb)
        const outdated = async () => (await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/en/close-account.json'))).outdated
        expect(await outdated()).toBe(false)
        // Neither the translation's bytes nor any date changes: only the source's body.
        await edit(kb.root, 'content/zh-CN/account/close-account.md', '3. 重新提交注销。', '3. 重新提交注销申请。')
        await expectIncrementalEqualsClean(kb)
        expect(await outdated()).toBe(true)
        expect(await readFile(path.join(kb.dist, 'en/account/close-account.html'), 'utf8')).toContain('notice-outdated')
      }),
    timeout
  )

  it(
    'when an entry is deleted (a translation: the source loses its link to it)',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        await unlink(path.join(kb.root, 'content/en/account/close-account.md'))
        await expectIncrementalEqualsClean(kb)
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 3, written: 0, removed: 1 })
        expect(existsSync(path.join(kb.dist, 'en/account/close-account.html'))).toBe(false)
        expect((await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/zh-CN/close-account.json'))).translations).toEqual([])
      }),
    timeout
  )

  it(
    'when an entry others refer to is deleted: the unchanged, cached entry is reported as a clean run reports it; then its references are removed',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        const distBefore = await treeHashes(kb.dist)
        await unlink(path.join(kb.root, 'content/zh-CN/security/two-factor.md'))
        const broken = await expectIncrementalEqualsClean(kb)
        expect(broken.code).toBe(1)
        expect(broken.stdout).toContain('content/zh-CN/account/close-account.md')
        expect(broken.stdout).toContain('related-missing')
        // The rules across entries ran on close-account as taken from the cache.
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 3, written: 0, removed: 1 })
        expect(await treeHashes(kb.dist)).toEqual(distBefore)

        await edit(kb.root, 'content/zh-CN/account/close-account.md', 'related: [two-factor]\n', '')
        await edit(kb.root, 'content/zh-CN/account/close-account.md', '，见[双重验证](../security/two-factor.md#操作步骤)', '')
        const fixed = await expectIncrementalEqualsClean(kb)
        expect(fixed.code).toBe(0)
        expect(existsSync(path.join(kb.dist, 'zh-CN/security/two-factor.html'))).toBe(false)
      }),
    timeout
  )

  it(
    'when an entry is renamed (file and id, with the references to it)',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        const security = path.join(kb.root, 'content/zh-CN/security')
        await rename(path.join(security, 'two-factor.md'), path.join(security, 'reset-two-factor.md'))
        await edit(kb.root, 'content/zh-CN/security/reset-two-factor.md', 'id: two-factor', 'id: reset-two-factor')
        await edit(kb.root, 'content/zh-CN/account/close-account.md', 'related: [two-factor]', 'related: [reset-two-factor]')
        await edit(kb.root, 'content/zh-CN/account/close-account.md', '../security/two-factor.md#', '../security/reset-two-factor.md#')
        await expectIncrementalEqualsClean(kb)
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 2, written: 2, removed: 2 })
        expect(existsSync(path.join(kb.dist, 'zh-CN/security/reset-two-factor.html'))).toBe(true)
        expect(existsSync(path.join(kb.dist, 'zh-CN/security/two-factor.html'))).toBe(false)
      }),
    timeout
  )

  it(
    'when an entry is added beside others and nothing else changed; a hidden file (an editor\'s swap file) beside them changes nothing',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        // A file hidden from discovery first: the folder's times change, the listing does not.
        await writeFile(path.join(kb.root, 'content/zh-CN/account/.close-account.md.swp'), 'swap\n')
        expect((await expectIncrementalEqualsClean(kb)).stderr).toMatch(upToDate)
        const source = await readFile(path.join(kb.root, 'content/zh-CN/account/close-account.md'), 'utf8')
        const copy = source.replace(/^id: close-account$/m, 'id: close-account-copy').replace(/^title: (.*)$/m, 'title: $1（副本）')
        expect(copy).not.toBe(source)
        await writeFile(path.join(kb.root, 'content/zh-CN/account/close-account-copy.md'), copy)
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).not.toMatch(upToDate)
        expect(existsSync(path.join(kb.dist, 'api/entries/zh-CN/close-account-copy.json'))).toBe(true)
      }),
    timeout
  )

  it(
    'when a translation is added: the cached source links to it (marked outdated)',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        await mkdir(path.join(kb.root, 'content/en/security'))
        await writeFile(
          path.join(kb.root, 'content/en/security/two-factor.md'),
          [
            '---',
            'id: two-factor',
            'type: howto',
            'title: Reset two-factor authentication',
            'summary: Lost your authenticator? Request a reset of two-factor authentication step by step.',
            'category: security',
            'status: published',
            'updated: 2026-11-01',
            '---',
            '',
            'Lost authenticators need a reset.',
            '',
            '## Steps',
            '',
            '1. Open the security settings.',
            '2. Choose reset two-factor authentication.',
            ''
          ].join('\n')
        )
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stdout).toContain('translation-outdated')
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 4, written: 1, removed: 0 })
        const source = await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/zh-CN/two-factor.json'))
        expect(source.translations).toEqual([expect.objectContaining({ locale: 'en', title: 'Reset two-factor authentication', outdated: true })])
        expect(existsSync(path.join(kb.dist, 'en/security/two-factor.html'))).toBe(true)
      }),
    timeout
  )

  it(
    'when build options change: --drafts, then SOURCE_DATE_EPOCH without it, then --max-warnings',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const drafts = await expectIncrementalEqualsClean(kb, { args: ['--drafts'] })
        expect(drafts.stderr).not.toMatch(upToDate)
        expect(existsSync(path.join(kb.dist, 'zh-CN/account/draft-entry.html'))).toBe(true)
        // Without --drafts again, and with a build time.
        const dated = await expectIncrementalEqualsClean(kb, { env: { SOURCE_DATE_EPOCH: '1764000000' } })
        expect(dated.stderr).not.toMatch(upToDate)
        expect((await readJson<{ generatedAt?: string }>(path.join(kb.dist, 'manifest.json'))).generatedAt).toBe('2025-11-24T16:00:00.000Z')
        expect(existsSync(path.join(kb.dist, 'zh-CN/account/draft-entry.html'))).toBe(false)
        // Nothing changed but the limit on warnings: the one warning (from the cache) now stops the build.
        const distBefore = await treeHashes(kb.dist)
        const strict = await expectIncrementalEqualsClean(kb, { args: ['--max-warnings', '0'] })
        expect(strict.code).toBe(1)
        expect(strict.stderr).not.toMatch(upToDate)
        expect(await treeHashes(kb.dist)).toEqual(distBefore)
      }),
    timeout
  )

  it(
    'when a kb check ran between two builds (it caches entries without their compiled form)',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const before = await cacheRecords(kb.root)
        await edit(kb.root, 'content/zh-CN/account/close-account.md', '3. 重新提交注销。', '3. 重新提交注销申请。')
        const check = await runCli(kb.cli, ['check', '--root', kb.root], { cwd: kb.root, env: { KB_CACHE: '', KB_WORKERS: '1' } })
        expect(check.code).toBe(0)
        expect(check.stderr).toContain('kb: parsed with 1 thread (3 from the cache)\n')
        await expectIncrementalEqualsClean(kb)
        expect(await readFile(path.join(kb.dist, 'zh-CN/account/close-account.html'), 'utf8')).toContain('重新提交注销申请')
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 3, written: 1, removed: 1 })
      }),
    timeout
  )

  it(
    "reports the output scan's findings as a clean build does, when it reuses them (nothing changed, or only one entry)",
    () =>
      withKb(async (kb) => {
        // A short link in the site title reaches every page; the config turns the output scan's error into a warning.
        await edit(kb.root, 'kb.config.yaml', 'title: { zh-CN: 示例帮助中心, en: Example Help Center }', 'title: { zh-CN: 示例帮助中心 http://bit.ly/abc, en: Example Help Center }\nrules: { unsafe-output: warning }')
        await firstBuild(kb)
        const json = await expectIncrementalEqualsClean(kb, { args: ['--format', 'json'] })
        expect(json.stderr).toMatch(upToDate)
        expect(json.stdout).toContain('"ruleId":"unsafe-output"')
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', '1. 打开安全设置。', '1. 打开 App 的安全设置。')
        const partly = await expectIncrementalEqualsClean(kb, { args: ['--format', 'json'] })
        expect(partly.stderr).not.toMatch(upToDate)
        // The default text report shows each finding in its context, as the clean build does.
        const text = await expectIncrementalEqualsClean(kb)
        expect(text.stderr).toMatch(upToDate)
      }),
    timeout
  )

  it(
    'when one KB is built into two output folders in turn, each with its own state',
    () =>
      withKb(async (kb) => {
        const other: Kb = { ...kb, dist: path.join(kb.root, 'dist-other') }
        await firstBuild(kb)
        await firstBuild(other)
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', 'title: 重置双重验证', 'title: 找回双重验证')
        const first = await expectIncrementalEqualsClean(other)
        expect(first.stderr).not.toMatch(/up to date/)
        // dist/ was built before the change, from the same cache: it must not pass for up to date.
        const second = await expectIncrementalEqualsClean(kb)
        expect(second.stderr).not.toMatch(upToDate)
        expect((await readJson<ApiEntry>(path.join(kb.dist, 'api/entries/zh-CN/close-account.json'))).related.map((related) => related.title)).toEqual(['找回双重验证'])
      }),
    timeout
  )

  it(
    "when kb's schemas, site assets or version change (in a private copy of the kb install)",
    () =>
      withKb(async (kb) => {
        const install = await privateInstall()
        try {
          kb.cli = install.cli
          await firstBuild(kb)
          // A description in an API schema: only the copy shipped in dist/api/schemas/ changes.
          await edit(install.dir, 'schemas/api/entry.schema.json', '"description": "dist/api/entries/<locale>/<id>.json: one compiled entry."', '"description": "dist/api/entries/<locale>/<id>.json: one compiled entry (edited)."')
          const described = await expectIncrementalEqualsClean(kb)
          expect(described.stderr).not.toMatch(upToDate)
          expect(await readFile(path.join(kb.dist, 'api/schemas/entry.schema.json'), 'utf8')).toContain('one compiled entry (edited).')

          await appendFile(path.join(install.dir, 'site-assets/site.css'), '\n.kb-edited { color: red; }\n')
          const styled = await expectIncrementalEqualsClean(kb)
          expect(styled.stderr).not.toMatch(upToDate)
          expect(await readFile(path.join(kb.dist, 'assets/site.css'), 'utf8')).toContain('.kb-edited')

          await edit(install.dir, 'package.json', /"version": "[^"]+"/, '"version": "99.0.0-incremental"')
          const upgraded = await expectIncrementalEqualsClean(kb)
          expect(upgraded.stderr).not.toMatch(upToDate)
          expect((await readJson<{ generator: string }>(path.join(kb.dist, 'manifest.json'))).generator).toBe('kb 99.0.0-incremental')

          // The entry schema no longer allows `ios`: zh-CN close-account (platforms: [web, ios]) fails, although its bytes did not change.
          await edit(install.dir, 'schemas/entry.schema.json', '"items": { "enum": ["web", "ios", "android", "desktop", "api"] }', '"items": { "enum": ["web", "android", "desktop", "api"] }')
          const distBefore = await treeHashes(kb.dist)
          const stricter = await expectIncrementalEqualsClean(kb, { args: ['--format', 'json'] })
          expect(stricter.code).toBe(1)
          const report = JSON.parse(stricter.stdout) as { diagnostics: { file: string; ruleId: string }[] }
          expect(report.diagnostics).toContainEqual(expect.objectContaining({ file: 'content/zh-CN/account/close-account.md', ruleId: 'schema-enum' }))
          expect(await treeHashes(kb.dist)).toEqual(distBefore)
        } finally {
          await install.cleanup()
        }
      }),
    timeout
  )
})

describe.concurrent('the spare tree: the output a build replaced, which the next build is built in', () => {
  /** The spare tree of the KB's dist/ (see spareFolder), when there is one. */
  async function spareOf(kb: Kb): Promise<string | undefined> {
    const names = await readdir(path.join(kb.root, '.kb-cache')).catch(() => [] as string[])
    const name = names.find((found) => found.endsWith('.spare'))
    return name === undefined ? undefined : path.join(kb.root, '.kb-cache', name)
  }
  const page = 'zh-CN/account/close-account.html'
  const untouched = 'zh-CN/security/two-factor.html'
  /** Edits one sentence of close-account, the n-th time. */
  const change = (kb: Kb, n: number) => edit(kb.root, 'content/zh-CN/account/close-account.md', /零碎余额也会阻止注销(（\d+）)?。/, `零碎余额也会阻止注销（${n}）。`)

  it(
    'keeps the replaced output, builds the next one in it touching only what differs, and equals a clean build each time',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        expect(await spareOf(kb), 'no output was replaced yet').toBeUndefined()
        await change(kb, 1)
        await expectIncrementalEqualsClean(kb)
        // The first output, kept: it still has the text of before.
        const spare = await spareOf(kb)
        expect(spare).toBeDefined()
        expect(await readFile(path.join(spare as string, page), 'utf8')).toContain('零碎余额也会阻止注销。')
        for (const n of [2, 3]) {
          await change(kb, n)
          await expectIncrementalEqualsClean(kb)
          expect(await readFile(path.join(kb.dist, page), 'utf8')).toContain(`零碎余额也会阻止注销（${n}）。`)
        }
        // Each tree has been built in by now: a page no change reaches stays the same file, untouched (linking
        // it into a new tree, then removing the old tree's link, would change its status change time).
        const before = await stat(path.join(kb.dist, untouched))
        for (const n of [4, 5]) {
          await change(kb, n)
          await expectIncrementalEqualsClean(kb)
        }
        const after = await stat(path.join(kb.dist, untouched))
        expect([after.ino, after.ctimeMs]).toEqual([before.ino, before.ctimeMs])
        // The files kept as the spare held them were recorded from its record, not looked at: as they stand.
        const again = await build(kb)
        expect(again.stderr).toMatch(upToDate)
      }),
    timeout
  )

  it(
    'never publishes what was changed or put in the spare tree: its file is replaced, or the tree built afresh',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        for (const n of [1, 2]) {
          await change(kb, n)
          await expectIncrementalEqualsClean(kb)
        }
        // A file of the spare replaced by hand (the output's copy may be the same file, so not edited in place)…
        const spare = (await spareOf(kb)) as string
        await unlink(path.join(spare, untouched))
        await writeFile(path.join(spare, untouched), 'changed by hand')
        await change(kb, 3)
        await expectIncrementalEqualsClean(kb)
        // Written anew where the spare's file was replaced, and recorded as it now stands, not as the spare's record said.
        expect((await build(kb)).stderr).toMatch(upToDate)
        // A file of the spare edited in place: its folder is as recorded, the file is not. (It may be the output's
        // file too, linked: then the output is edited as well, and the build sees that on its own.)
        for (const n of [4, 5]) {
          await change(kb, n)
          await expectIncrementalEqualsClean(kb)
        }
        await writeFile(path.join((await spareOf(kb)) as string, untouched), 'edited in place')
        await change(kb, 6)
        await expectIncrementalEqualsClean(kb)
        // … and a file put beside the spare's files.
        const next = (await spareOf(kb)) as string
        await writeFile(path.join(next, 'zh-CN/security/planted.html'), '<a href="https://bit.ly/x">x</a>')
        await change(kb, 7)
        await expectIncrementalEqualsClean(kb)
        expect(existsSync(path.join(kb.dist, 'zh-CN/security/planted.html'))).toBe(false)
      }),
    timeout
  )
})

describe.concurrent('a build that sees from the file system alone that nothing changed', () => {
  it(
    'says up to date without reading the entry cache, and builds as a clean build after an edit',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        await rm(path.join(kb.root, '.kb-cache/entries'), { recursive: true })
        const run = await build(kb)
        expect(run.code, run.stderr).toBe(0)
        expect(run.stderr).toMatch(upToDate)
        // The report (the en entry's warning) as a clean build gives it.
        const clean = await cleanBuild(kb.root, kb.scratch)
        expect(run.stdout).toContain('warning')
        expect(run.stdout).toBe(clean.run.stdout)
        // A run that had read the entries would have found the cache empty and written it again.
        expect((await cacheRecords(kb.root)).size).toBe(0)
        await edit(kb.root, 'content/en/account/close-account.md', '2. Submit the request again.', '2. Submit the closure request again.')
        expect((await expectIncrementalEqualsClean(kb)).stderr).not.toMatch(upToDate)
      }),
    timeout
  )

  it(
    'rebuilds an entry rewritten with the same size and given back its modification time',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const entry = path.join(kb.root, 'content/zh-CN/security/two-factor.md')
        const times = path.join(kb.scratch, 'times')
        await writeFile(times, '')
        await execFileAsync('touch', ['-r', entry, times])
        const before = await stat(entry, { bigint: true })
        await edit(kb.root, 'content/zh-CN/security/two-factor.md', 'title: 重置双重验证', 'title: 找回双重验证')
        await execFileAsync('touch', ['-r', times, entry])
        const after = await stat(entry, { bigint: true })
        expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs])
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).not.toMatch(upToDate)
        expect(await readFile(path.join(kb.dist, 'zh-CN/security/two-factor.html'), 'utf8')).toContain('找回双重验证')
      }),
    timeout
  )

  it(
    'finds an entry touched without a change up to date, and records it so the next build needs no entry read',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const later = new Date(Date.now() + 60_000)
        await utimes(path.join(kb.root, 'content/zh-CN/security/two-factor.md'), later, later)
        const touched = await expectIncrementalEqualsClean(kb)
        expect(touched.stderr).toMatch(upToDate)
        await rm(path.join(kb.root, '.kb-cache/entries'), { recursive: true })
        const next = await build(kb)
        expect(next.stderr).toMatch(upToDate)
        expect((await cacheRecords(kb.root)).size).toBe(0)
      }),
    timeout
  )
})

describe.concurrent('a build whose dist/ was touched by hand', () => {
  it(
    'restores a file edited in place (same size, then another size) or deleted, without saying up to date, and when an entry changed too',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const clean = await cleanBuild(kb.root, kb.scratch)
        expect(clean.run.code).toBe(0)
        const page = path.join(kb.dist, 'zh-CN/security/two-factor.html')
        const sameSize = (await readFile(page, 'utf8')).replace('重置双重验证', '找回双重验证')
        expect(Buffer.byteLength(sameSize)).toBe((await stat(page)).size)
        const damages: [string, () => Promise<void>][] = [
          ['same size', () => writeFile(page, sameSize)],
          ['another size', () => appendFile(path.join(kb.dist, 'api/index.json'), '\n')],
          ['deleted', () => unlink(path.join(kb.dist, 'llms.txt'))]
        ]
        for (const [what, damage] of damages) {
          await damage()
          expect(await treeDifferences(kb.dist, clean.out), `the damage (${what}) shows`).not.toEqual([])
          const run = await build(kb)
          expect(run.code, run.stderr).toBe(0)
          expect(run.stderr, what).not.toMatch(upToDate)
          expect(run.stdout).toBe(clean.run.stdout)
          expect(await treeDifferences(kb.dist, clean.out), what).toEqual([])
        }
        // The same edit again, this time with an entry changed too (the page itself renders to the same bytes).
        await writeFile(page, sameSize)
        await edit(kb.root, 'content/en/account/close-account.md', '2. Submit the request again.', '2. Submit the closure request again.')
        const withChange = await expectIncrementalEqualsClean(kb)
        expect(withChange.stderr).not.toMatch(upToDate)
      }),
    timeout
  )

  it(
    'restores a file edited in place that kept its size and modification time, when nothing else changed',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const clean = await cleanBuild(kb.root, kb.scratch)
        await editKeepingSizeAndTime(kb, 'zh-CN/security/two-factor.html')
        expect(await treeDifferences(kb.dist, clean.out)).not.toEqual([])
        const run = await build(kb)
        expect(run.code, run.stderr).toBe(0)
        expect(await treeDifferences(kb.dist, clean.out), run.stderr).toEqual([])
        expect(run.stderr).not.toMatch(upToDate)
      }),
    timeout
  )

  it(
    'restores a file edited in place that kept its size and modification time, when another entry changed',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        await editKeepingSizeAndTime(kb, 'zh-CN/security/two-factor.html')
        // An entry that two-factor's page does not show: the page's bytes are the same in the new build.
        await edit(kb.root, 'content/en/account/close-account.md', '2. Submit the request again.', '2. Submit the closure request again.')
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.stderr).not.toMatch(upToDate)
      }),
    timeout
  )

  it(
    'with a file dropped into dist/ refuses to replace it exactly as a build without the cache does, never calling it up to date',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const distBefore = await treeHashes(kb.dist)
        await writeFile(path.join(kb.dist, 'zh-CN/notes.txt'), 'mine\n')
        const incremental = await build(kb)
        const uncached = await runCli(kb.cli, ['build', '--root', kb.root, '--out', kb.dist, '--no-cache'], { cwd: kb.root })
        expect(uncached.code).toBe(2)
        expect(incremental.code).toBe(2)
        expect(incremental.stderr).toBe(uncached.stderr)
        expect(incremental.stderr).toContain('zh-CN/notes.txt')
        expect(await readFile(path.join(kb.dist, 'zh-CN/notes.txt'), 'utf8')).toBe('mine\n')
        await unlink(path.join(kb.dist, 'zh-CN/notes.txt'))
        expect(await treeHashes(kb.dist)).toEqual(distBefore)
        await expectIncrementalEqualsClean(kb)
      }),
    timeout
  )
  it(
    'with a folder made deep inside dist/ by hand refuses to replace it as a build without the cache does; without it, up to date again',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        await mkdir(path.join(kb.dist, 'api/entries/zh-CN/mine'))
        const incremental = await build(kb)
        const uncached = await runCli(kb.cli, ['build', '--root', kb.root, '--out', kb.dist, '--no-cache'], { cwd: kb.root })
        expect(uncached.code).toBe(2)
        expect(incremental.code).toBe(2)
        expect(incremental.stderr).toBe(uncached.stderr)
        await rm(path.join(kb.dist, 'api/entries/zh-CN/mine'), { recursive: true })
        expect((await expectIncrementalEqualsClean(kb)).stderr).toMatch(upToDate)
      }),
    timeout
  )
})

describe.concurrent('a damaged or unusable cache', () => {
  it(
    'ignores cut, corrupted and misplaced cache records and damaged or truncated cache files with a note each, and builds and checks as a clean run',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const packs = await cachePacks(kb.root)
        expect(packs).toHaveLength(1)
        const pack = packs[0] as string
        const file = (name: string) => path.join(kb.root, name)
        const bytes = await readFile(file(pack))
        const places = packIndex(bytes, bytes.length)?.places ?? []
        expect(places).toHaveLength(4)
        const [cut, flipped, misplaced, donor] = places as [PackPlace, PackPlace, PackPlace, PackPlace]
        const record = (place: PackPlace) => Buffer.from(bytes.subarray(place.offset, place.offset + place.length))
        const key = (place: PackPlace) => Buffer.from(place.key, 'hex')
        const corrupted = record(flipped)
        const middle = 36 + Math.floor((corrupted.length - 36) / 2)
        corrupted[middle] = (corrupted[middle] ?? 0) ^ 0xff
        await writeFile(
          file(pack),
          encodePack([
            { key: key(cut), bytes: record(cut).subarray(0, Math.floor(cut.length / 2)) },
            { key: key(flipped), bytes: corrupted },
            // A whole, intact record, but another entry's: not what its key promises.
            { key: key(misplaced), bytes: record(donor) },
            { key: key(donor), bytes: record(donor) }
          ])
        )
        // A build with output to write reads the cache; one that finds nothing changed does not need it.
        await rm(kb.dist, { recursive: true })
        const before = await cacheRecords(kb.root)

        const run = await expectIncrementalEqualsClean(kb)
        const noted = [...run.stderr.matchAll(damagedRecord)]
        expect(noted.map((match) => match[2])).toEqual([pack, pack, pack])
        expect(new Set(noted.map((match) => match[1])).size).toBe(3)
        // The damaged records are written again; the intact one is used.
        expect(cacheUse(before, await cacheRecords(kb.root))).toEqual({ reused: 1, written: 3, removed: 0 })

        // Three packs: one too short for a header, one with a wrong magic, one cut inside its last record.
        const records = [...(await cacheRecords(kb.root)).keys()]
        const whole = new Map<string, Buffer>()
        for (const name of await cachePacks(kb.root)) {
          const packBytes = await readFile(file(name))
          for (const place of packIndex(packBytes, packBytes.length)?.places ?? []) whole.set(place.key, Buffer.from(packBytes.subarray(place.offset, place.offset + place.length)))
          await rm(file(name))
        }
        const packOf = (keys: string[]) => encodePack(keys.map((hex) => ({ key: Buffer.from(hex, 'hex'), bytes: whole.get(hex) as Buffer })))
        const [tooShort, wrongMagic, cutShort] = ['.kb-cache/entries/a.pack', '.kb-cache/entries/b.pack', '.kb-cache/entries/c.pack']
        await writeFile(file(tooShort), packOf(records.slice(0, 1)).subarray(0, 10))
        const magic = packOf(records.slice(1, 2))
        magic[0] = (magic[0] ?? 0) ^ 0x01
        await writeFile(file(wrongMagic), magic)
        const last = packOf(records.slice(2))
        await writeFile(file(cutShort), last.subarray(0, last.length - 10))
        const [check, clean] = await Promise.all([
          runCli(kb.cli, ['check', '--root', kb.root, '--format', 'json'], { cwd: kb.root, env: { KB_CACHE: '', KB_WORKERS: '1' } }),
          cleanBuild(kb.root, kb.scratch, { command: 'check', args: ['--format', 'json'] })
        ])
        expect(check.code).toBe(clean.run.code)
        expect(check.stdout).toBe(clean.run.stdout)
        expect(check.stderr).toContain('kb: parsed with 1 thread (1 from the cache)\n')
        expect([...check.stderr.matchAll(damagedPack)].map((match) => match[1]).sort()).toEqual([tooShort, wrongMagic])
        expect([...check.stderr.matchAll(truncatedPack)].map((match) => [match[1], match[2]])).toEqual([['1', cutShort]])
        // The damaged packs are gone; what the check processed again is in a pack of its own.
        expect((await cachePacks(kb.root)).includes(tooShort) || (await cachePacks(kb.root)).includes(wrongMagic)).toBe(false)
        expect((await cacheRecords(kb.root)).size).toBe(4)
      }),
    timeout
  )

  it(
    'does a full build when the output state is damaged (truncated, then a flipped byte)',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const state = path.join(kb.root, '.kb-cache', (await readdir(path.join(kb.root, '.kb-cache'))).find((name) => /^output-[0-9a-f]{16}$/.test(name)) ?? 'no output state')
        // Nothing else changed: only a state that is read whole and verified could say up to date.
        await truncate(state, Math.floor((await stat(state)).size / 2))
        const afterTruncation = await expectIncrementalEqualsClean(kb)
        expect(afterTruncation.stderr).not.toMatch(upToDate)
        const bytes = await readFile(state)
        const middle = Math.floor(bytes.length / 2)
        bytes[middle] = (bytes[middle] ?? 0) ^ 0xff
        await writeFile(state, bytes)
        const afterFlip = await expectIncrementalEqualsClean(kb)
        expect(afterFlip.stderr).not.toMatch(upToDate)
      }),
    timeout
  )

  it(
    'builds correctly with a note when the cache folder cannot be written (.kb-cache is a file)',
    () =>
      withKb(async (kb) => {
        const blocker = path.join(kb.root, '.kb-cache')
        await writeFile(blocker, 'not a folder\n')
        const run = await expectIncrementalEqualsClean(kb)
        expect(run.code).toBe(0)
        expect(run.stderr).toMatch(/^kb: note: could not write the cache in .*; running without it, which is slower but gives the same result$/m)
        expect(await readFile(blocker, 'utf8')).toBe('not a folder\n')
      }),
    timeout
  )

  it(
    'is neither read nor written with --no-cache or KB_CACHE=off',
    () =>
      withKb(async (kb) => {
        await firstBuild(kb)
        const packs = await cachePacks(kb.root)
        expect(packs.length).toBeGreaterThan(0)
        for (const name of packs) await truncate(path.join(kb.root, name), 0)
        const clean = await cleanBuild(kb.root, kb.scratch)
        for (const off of [{ args: ['--no-cache'], env: {} }, { args: [], env: { KB_CACHE: 'off' } }]) {
          const run = await runCli(kb.cli, ['build', '--root', kb.root, '--out', kb.dist, ...off.args], { cwd: kb.root, env: off.env })
          expect(run.code, run.stderr).toBe(0)
          expect(run.stderr).not.toContain('kb: note:')
          expect(run.stderr).not.toMatch(upToDate)
          expect(await treeDifferences(kb.dist, clean.out)).toEqual([])
          expect(await cachePacks(kb.root)).toEqual(packs)
          for (const name of packs) expect((await stat(path.join(kb.root, name))).size).toBe(0)
        }
        // With the cache on again, every pack is found damaged, and the build is still right.
        const run = await expectIncrementalEqualsClean(kb)
        expect([...run.stderr.matchAll(damagedPack)].map((match) => match[1])).toEqual(packs)
      }),
    timeout
  )
})

describe('an incremental build with worker threads', () => {
  it(
    'gives the same dist/ under KB_WORKERS=1 and KB_WORKERS=2 (files written by the main thread, then by two writer threads), from an empty cache and after a change to some entries',
    async () => {
      // 200 copies of two-factor: in batches of 32 entries, so both workers get some.
      const bulk = 200
      const { root, cleanup } = await layOutBulkKb(bulk)
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-incremental-workers-'))
      const kb: Kb = { root, dist: path.join(root, 'dist'), scratch, cli: kbCli }
      // Every fifth copy changes: 40 entries to process again (two batches), between entries from the cache.
      const changing = Array.from({ length: bulk / 5 }, (_, index) => path.join(root, `content/zh-CN/security/kb-bulk-${index * 5}.md`))
      const originals = await Promise.all(changing.map((file) => readFile(file, 'utf8')))
      const restore = () => Promise.all(changing.map((file, index) => writeFile(file, originals[index] ?? '')))
      const change = () => Promise.all(changing.map((file, index) => writeFile(file, (originals[index] ?? '').replace(/^title: .*$/m, `title: 重置双重验证（第 ${index} 篇）`))))
      try {
        const runs = new Map<string, { cold: Map<string, string>; changed: Map<string, string>; stdout: string[] }>()
        let cleanCold: CleanBuild | undefined
        let cleanChanged: CleanBuild | undefined
        for (const workers of ['1', '2']) {
          await restore()
          await rm(path.join(root, '.kb-cache'), { recursive: true, force: true })
          await rm(kb.dist, { recursive: true, force: true })
          const env = { KB_WORKERS: workers, KB_WRITERS: workers === '1' ? '0' : '2' }
          // The clean builds (once) run beside the single-threaded builds, so both cores stay busy.
          const [cold, clean] = await Promise.all([build(kb, { env }), cleanCold ? undefined : cleanBuild(root, scratch)])
          cleanCold ??= clean
          expect(cold.code, cold.stderr).toBe(0)
          const before = await cacheRecords(root)
          expect(before.size).toBe(bulk + 4)
          const coldHashes = await treeHashes(kb.dist)
          expect(await treeDifferences(kb.dist, cleanCold?.out ?? ''), `KB_WORKERS=${workers}, empty cache`).toEqual([])

          await change()
          // A check first: it processes the changed entries in `workers` threads and takes the rest from the cache (the build then compiles them too).
          const check = await runCli(kbCli, ['check', '--root', root], { cwd: root, env: { KB_CACHE: '', ...env } })
          expect(check.stderr).toContain(`kb: parsed with ${workers} thread${workers === '1' ? '' : 's'} (${bulk + 4 - changing.length} from the cache)\n`)
          const [changed, clean2] = await Promise.all([build(kb, { env }), cleanChanged ? undefined : cleanBuild(root, scratch)])
          cleanChanged ??= clean2
          expect(changed.code, changed.stderr).toBe(0)
          expect(changed.stderr).not.toMatch(upToDate)
          expect(cacheUse(before, await cacheRecords(root))).toEqual({ reused: bulk + 4 - changing.length, written: changing.length, removed: changing.length })
          expect(await treeDifferences(kb.dist, cleanChanged?.out ?? ''), `KB_WORKERS=${workers}, some entries changed`).toEqual([])
          runs.set(workers, { cold: coldHashes, changed: await treeHashes(kb.dist), stdout: [cold.stdout, changed.stdout] })
          // Changed back: built in the spare tree (the first output, kept), through the writer threads when there are some.
          await restore()
          const back = await build(kb, { env })
          expect(back.code, back.stderr).toBe(0)
          expect(await treeDifferences(kb.dist, cleanCold?.out ?? ''), `KB_WORKERS=${workers}, changed back`).toEqual([])
        }
        expect(runs.get('2')).toEqual(runs.get('1'))
        expect(runs.get('1')?.changed).not.toEqual(runs.get('1')?.cold)
        // What the worker threads cached serves a later run whole.
        const check = await runCli(kbCli, ['check', '--root', root], { cwd: root, env: { KB_CACHE: '', KB_WORKERS: '2' } })
        expect(check.code).toBe(0)
        expect(check.stderr).toContain(`kb: parsed with 1 thread (${bulk + 4} from the cache)\n`)
      } finally {
        await cleanup()
        await rm(scratch, { recursive: true, force: true })
      }
    },
    timeout
  )
})
