import { existsSync } from 'node:fs'
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { buildKb, type BuildOptions, type BuildResult } from '../../src/build/build.js'
import { cacheFolderName } from '../../src/build/artifact-cache.js'
import { patchMarker } from '../../src/write/patch-marker.js'
import { treeHashes } from '../helpers/dist.js'
import { layOutFixture } from '../helpers/run-kb.js'

/**
 * kb dev's site is patched in place (`publish: 'in-place'`): only what changed is written, the rest stays as
 * it is, and after every kind of change the site equals one built from nothing. A patch cut short is marked,
 * and the next build writes the site whole.
 */

let root: string
let cleanup: () => Promise<void>
let site: string

beforeEach(async () => {
  ;({ root, cleanup } = await layOutFixture('valid'))
  site = path.join(root, cacheFolderName, 'dev-site')
})

afterEach(() => cleanup())

function devBuild(env: NodeJS.ProcessEnv = {}): Promise<BuildResult> {
  const options: BuildOptions = { outDir: site, drafts: true, outputs: 'site', publish: 'in-place', generatedAt: undefined, maxWarnings: undefined, cache: true, env: { ...process.env, ...env } }
  return buildKb(root, options)
}

/** The files and the folders of the site a build of the same sources from nothing gives. */
async function expectSameAsClean(): Promise<void> {
  const clean = path.join(root, 'clean-site')
  await rm(clean, { recursive: true, force: true })
  const built = await buildKb(root, { outDir: clean, drafts: true, outputs: 'site', generatedAt: undefined, maxWarnings: undefined, cache: false, env: process.env })
  expect(built.kind).toBe('written')
  expect(await treeHashes(site)).toEqual(await treeHashes(clean))
  expect(await folders(site)).toEqual(await folders(clean))
}

async function folders(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort()
}

/** What a build leaves beside the site: nothing, once it is done. */
async function besideSite(): Promise<string[]> {
  return (await readdir(path.dirname(site))).filter((name) => name.startsWith('.dev-site'))
}

it('writes only the changed files into the site where it is, removes what is no longer made with its empty folders, and gives the site a clean build gives', async () => {
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  const folder = await stat(site)
  const untouched = path.join(site, 'zh-CN/security/two-factor.html')
  const untouchedBefore = await stat(untouched)

  await appendFile(path.join(root, 'content/en/account/close-account.md'), '\nOne more line for the patch.\n')
  const changed = path.join(site, 'en/account/close-account.html')
  const changedBefore = await stat(changed)
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  // The same folder, not a new tree swapped in; the changed page is a new file, the others the same files.
  expect((await stat(site)).ino).toBe(folder.ino)
  expect((await stat(changed)).ino).not.toBe(changedBefore.ino)
  const untouchedAfter = await stat(untouched)
  expect([untouchedAfter.ino, untouchedAfter.ctimeMs]).toEqual([untouchedBefore.ino, untouchedBefore.ctimeMs])
  expect(await besideSite()).toEqual([])

  // The only English entry goes: its page goes, and its category's folder with it.
  await rm(path.join(root, 'content/en/account/close-account.md'))
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect(existsSync(path.join(site, 'en/account'))).toBe(false)
  expect((await stat(site)).ino).toBe(folder.ino)

  // Nothing changed: nothing is written.
  expect((await devBuild()).kind).toBe('up-to-date')
  await expectSameAsClean()
})

async function edit(relative: string, from: string, to: string): Promise<void> {
  const file = path.join(root, relative)
  const text = await readFile(file, 'utf8')
  expect(text).toContain(from)
  await writeFile(file, text.replace(from, to))
}

it('patches the site after a rename, an added translation in a new folder and a config change, each time to the site a clean build gives', async () => {
  expect((await devBuild()).kind).toBe('written')
  const folder = await stat(site)

  // Renamed (file and id, with the references to it): the old page goes, the new one comes.
  const security = path.join(root, 'content/zh-CN/security')
  await rename(path.join(security, 'two-factor.md'), path.join(security, 'reset-two-factor.md'))
  await edit('content/zh-CN/security/reset-two-factor.md', 'id: two-factor', 'id: reset-two-factor')
  await edit('content/zh-CN/account/close-account.md', 'related: [two-factor]', 'related: [reset-two-factor]')
  await edit('content/zh-CN/account/close-account.md', '../security/two-factor.md#', '../security/reset-two-factor.md#')
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect(existsSync(path.join(site, 'zh-CN/security/two-factor.html'))).toBe(false)

  // A translation in a folder the site did not have: the source's page links to it.
  await mkdir(path.join(root, 'content/en/security'))
  await writeFile(
    path.join(root, 'content/en/security/reset-two-factor.md'),
    ['---', 'id: reset-two-factor', 'type: howto', 'title: Reset two-factor authentication', 'summary: Lost your authenticator? Request a reset of two-factor authentication step by step.', 'category: security', 'status: published', 'updated: 2026-11-01', '---', '', 'Lost authenticators need a reset.', '', '## Steps', '', '1. Open the security settings.', '2. Choose reset two-factor authentication.', ''].join('\n')
  )
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect(existsSync(path.join(site, 'en/security/reset-two-factor.html'))).toBe(true)

  // The config: every page changes, and each is renamed into place.
  const config = await readFile(path.join(root, 'kb.config.yaml'), 'utf8')
  await writeFile(path.join(root, 'kb.config.yaml'), config.replace(/^brand: .*$/m, 'brand: Another Brand'))
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect((await stat(site)).ino).toBe(folder.ino)
  expect(await besideSite()).toEqual([])
})

it('marks a patch cut short, and the next build writes the site whole', async () => {
  expect((await devBuild()).kind).toBe('written')
  const folder = await stat(site)
  await appendFile(path.join(root, 'content/zh-CN/security/two-factor.md'), '\n再补一行。\n')
  const failed = await devBuild({ NODE_ENV: 'test', KB_FAULT_INJECT: 'EIO@patch:2' })
  expect(failed.kind).toBe('output-error')
  expect(failed.kind === 'output-error' && failed.message).toMatch(/dev-site was partly updated, and the next build writes it whole/)
  expect(existsSync(patchMarker(site))).toBe(true)

  // Nothing changed in the sources since: the build still does not trust the half-made site.
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect(existsSync(patchMarker(site))).toBe(false)
  expect((await stat(site)).ino).not.toBe(folder.ino)
  expect(await besideSite()).toEqual([])

  // Whole again, it is patched once more.
  const whole = await stat(site)
  await appendFile(path.join(root, 'content/zh-CN/security/two-factor.md'), '\n又一行。\n')
  expect((await devBuild()).kind).toBe('written')
  await expectSameAsClean()
  expect((await stat(site)).ino).toBe(whole.ino)
})
