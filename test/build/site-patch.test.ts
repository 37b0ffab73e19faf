import { appendFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildKb, type BuildOptions, type BuildResult } from '../../src/build/build.js'
import { devMemory, type DevMemory } from '../../src/dev/dev-session.js'
import { sourceVersion } from '../../src/validate/source-version.js'
import { layOutShippedKb, repoRoot } from '../helpers/run-kb.js'
import { treeDifferences } from '../helpers/incremental.js'

// kb dev's builds: drafts, the site only, written in place, with the engine's memory kept between them.
const devOptions = (outDir: string, memory: DevMemory | undefined): BuildOptions => ({
  outDir,
  drafts: true,
  outputs: 'site',
  publish: 'in-place',
  generatedAt: undefined,
  maxWarnings: undefined,
  cache: memory !== undefined,
  env: {},
  ...(memory ?? {})
})

let root: string
let scratch: string
const memory = devMemory()
const site = () => path.join(root, '.kb-cache/dev-site')

beforeAll(async () => {
  root = await layOutShippedKb('kb-site-patch-')
  scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-site-patch-clean-'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(scratch, { recursive: true, force: true })
})

/** A build as kb dev runs it on a save. */
async function save(session = memory): Promise<BuildResult> {
  const result = await buildKb(root, devOptions(site(), session))
  const errors = 'reported' in result ? result.reported.flatMap((file) => file.messages.filter((message) => message.fatal).map((message) => `${file.path}: ${message.reason}`)) : []
  expect(result.kind, errors.join('\n')).toBe('written')
  return result
}

const patchedEntries = (result: BuildResult) => (result.kind === 'written' ? result.sitePatch : undefined)

let cleanRuns = 0
/** The same site built from scratch: the KB's sources copied to a fresh folder, built without any cache. */
async function cleanSite(): Promise<string> {
  const copy = path.join(scratch, `kb-${++cleanRuns}`)
  await cp(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true })
  await cp(path.join(root, 'kb.config.yaml'), path.join(copy, 'kb.config.yaml'))
  const out = path.join(copy, 'site')
  expect((await buildKb(copy, devOptions(out, undefined))).kind).toBe('written')
  return out
}

async function expectSameAsClean(step?: string): Promise<void> {
  expect(await treeDifferences(site(), await cleanSite()), step).toEqual([])
}

/** A save, which must patch `patched` entries (undefined: compile the whole site), and leave the site a clean build makes. */
async function saveAndCompare(patched: number | undefined, step?: string, session = memory): Promise<void> {
  expect(patchedEntries(await save(session)), step).toBe(patched)
  await expectSameAsClean(step)
}

const entry = (relative: string) => path.join(root, 'content', relative)

async function editBody(relative: string, sentence: string): Promise<void> {
  await appendFile(entry(relative), `\n${sentence}\n`)
}

async function editFrontmatter(relative: string, field: string, value: string): Promise<void> {
  const text = await readFile(entry(relative), 'utf8')
  const line = new RegExp(`^${field}: .*$`, 'm')
  await writeFile(entry(relative), line.test(text) ? text.replace(line, `${field}: ${value}`) : text.replace(/^---\n/, `---\n${field}: ${value}\n`))
}

describe('kb dev: a save that changes bodies alone recompiles only the files that show them', () => {
  it('patches the site for one body and for two, and the site equals a clean build', async () => {
    expect(patchedEntries(await save())).toBeUndefined()
    await editBody('zh-CN/account/close-account.md', '注销前请再确认一次余额。')
    await saveAndCompare(1)
    await editBody('en/security/reset-2fa.md', 'Keep your backup codes somewhere safe.')
    await editBody('zh-CN/security/reset-2fa.md', '请妥善保管备用验证码。')
    await saveAndCompare(2)
  })

  it('compiles everything when a head changes (a title shows on other pages and in listings), then patches again', async () => {
    await editFrontmatter('en/account/close-account.md', 'title', 'Closing your account fails')
    await saveAndCompare(undefined)
    await editBody('en/account/close-account.md', 'One more sentence after the new title.')
    await saveAndCompare(1)
  })

  it('compiles everything when the config changes (every page shows the brand), then patches again', async () => {
    const config = path.join(root, 'kb.config.yaml')
    const text = await readFile(config, 'utf8')
    expect(text).toMatch(/^brand: .*$/m)
    await writeFile(config, text.replace(/^brand: .*$/m, 'brand: Renamed Help Center'))
    await editBody('en/account/close-account.md', 'A line saved with the config.')
    await saveAndCompare(undefined, 'the config changed')
    await editBody('en/account/close-account.md', 'A line after the config changed.')
    await saveAndCompare(1, 'a body after the config')
  })

  it('compiles everything when a source body change makes its translation outdated', async () => {
    // The English translation records the version of the Chinese source it was made from (as kb translate does).
    const source = await readFile(entry('zh-CN/account/contact-support.md'), 'utf8')
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(source)?.[1] ?? ''
    await editFrontmatter('en/account/contact-support.md', 'sourceHash', sourceVersion(field('title'), field('summary'), source))
    await saveAndCompare(undefined, 'sourceHash recorded')
    expect(await readFile(path.join(site(), 'en/account/contact-support.html'), 'utf8')).not.toContain('outdated')
    // Its source's body changes: the translation is now behind, which its page and its source's page say.
    await editBody('zh-CN/account/contact-support.md', '客服不会向你索要密码或验证码。')
    await saveAndCompare(undefined)
    // The translation's own body: it stays behind, and only its files change.
    await editBody('en/account/contact-support.md', 'Support never asks for your password.')
    await saveAndCompare(1)
  })

  it('compiles everything when an output file was changed behind its back, and puts that file back', async () => {
    await writeFile(path.join(site(), 'en/security/reset-2fa.html'), 'edited by hand')
    await editBody('en/api/api-key-errors.md', 'Check the clock of the machine that signs the request.')
    await saveAndCompare(undefined)
  })

  it('patches a draft (shown by the preview, never searchable) and compiles everything when an entry comes or goes', async () => {
    const draft = (await readFile(entry('zh-CN/security/reset-2fa.md'), 'utf8')).replace(/^id: .*$/m, 'id: reset-2fa-draft').replace(/^status: .*$/m, 'status: draft')
    await writeFile(entry('zh-CN/security/reset-2fa-draft.md'), draft)
    expect(patchedEntries(await save())).toBeUndefined()
    await editBody('zh-CN/security/reset-2fa-draft.md', '草稿里的一句话。')
    await saveAndCompare(1)
    await rm(entry('zh-CN/security/reset-2fa-draft.md'))
    await saveAndCompare(undefined)
  })

  it('a new session primes its memory from the site as it stands (the warm-up after a restart), and its first save patches', async () => {
    expect(['written', 'up-to-date']).toContain((await buildKb(root, devOptions(site(), memory))).kind)
    // The session records its build after telling the pages (its next build waits for that); a restart comes after.
    await memory.residentOutput.recording
    const restarted = devMemory()
    // Without re-reading, a site that is up to date is served from the record alone: nothing to patch from yet.
    expect((await buildKb(root, devOptions(site(), restarted))).kind).toBe('up-to-date')
    expect(restarted.residentSite.last).toBeUndefined()
    expect((await buildKb(root, { ...devOptions(site(), restarted), reread: true })).kind).toBe('up-to-date')
    expect(restarted.residentSite.last).toBeDefined()
    await editBody('en/deposits-withdrawals/withdrawal-pending.md', 'Large withdrawals may wait for a manual review.')
    await saveAndCompare(1, undefined, restarted)
    // The other session's memory no longer describes the site: it compiles everything, and gets it right.
    await editBody('en/deposits-withdrawals/withdrawal-pending.md', 'And one more line.')
    await saveAndCompare(undefined)
  })

  it('patches around an image (its place in the file is not what the site shows), and compiles everything for a new one', async () => {
    const fixtureImages = path.join(repoRoot, 'test/fixtures/images/content')
    await mkdir(entry('zh-CN/account/close-account.assets'), { recursive: true })
    await cp(path.join(fixtureImages, 'zh-CN/security/two-factor.assets/settings.png'), entry('zh-CN/account/close-account.assets/settings.png'))
    await cp(path.join(fixtureImages, '_media/menu.png'), entry('zh-CN/account/close-account.assets/menu.png'))
    const withImage = (await readFile(entry('zh-CN/account/close-account.md'), 'utf8')).replace('## 症状', '![账户设置页面](close-account.assets/settings.png)\n\n## 症状')
    await writeFile(entry('zh-CN/account/close-account.md'), withImage)
    await saveAndCompare(undefined, 'an image added')
    // A line above the image moves it in the file, not on the page.
    await writeFile(entry('zh-CN/account/close-account.md'), withImage.replace('![账户设置页面]', '注销前先看一眼账户设置。\n\n![账户设置页面]'))
    await saveAndCompare(1, 'a line above the image')
    await editBody('zh-CN/account/close-account.md', '![菜单位置](close-account.assets/menu.png)')
    await saveAndCompare(undefined, 'a second image')
  })

  it('patches a body change in every shipped entry, one at a time, each to the site a clean build makes', async () => {
    const entries = (await readdir(path.join(root, 'content'), { recursive: true })).filter((name) => name.endsWith('.md')).sort()
    expect(entries.length).toBeGreaterThan(15)
    for (const relative of entries) {
      await editBody(relative, relative.startsWith('zh-CN') ? `补充说明：${relative}。` : `A note on ${relative}.`)
      await saveAndCompare(1, relative)
    }
  })
})
