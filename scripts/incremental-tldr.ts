/**
 * `npm run bench:incremental [-- --limit N] [--keep]`: the incremental build proved at corpus size. Lays the
 * tldr corpus out as a KB (see tldr-kb.ts), builds it, then makes the edits an editor makes, one after the
 * other; after each, `kb build` with its cache and its output must give a dist/ equal, byte for byte, to a
 * clean build (`--no-cache`, a new folder). The unit tests prove this on small KBs; at 9,000 entries the
 * edits also move search shards and the pages of a 4,600-entry category, which a small KB never has.
 * Then kb dev's saves (see checkDev) on the KB those edits left. Prints one line per edit and exits 1 on the
 * first difference or failed build. About 15 minutes in full.
 */
import { spawnSync } from 'node:child_process'
import { appendFile, cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { repoRoot, type TldrKb } from './tldr-kb.js'
import { onTldrKb } from './tldr-scratch.js'
import { treeDifferences } from '../test/helpers/incremental.js'
import { buildKb, type BuildOptions } from '../src/build/build.js'
import { devMemory } from '../src/dev/dev-session.js'

const kbCli = path.join(repoRoot, 'bin/kb.js')

interface Edit {
  name: string
  apply: (content: string) => Promise<void>
}

/** The entry at `index` of `list`, wrapping round: the same entry every run. */
function pick(list: readonly string[], index: number): string {
  const name = list[index % list.length]
  if (name === undefined) throw new Error('the KB has too few entries for the edits (use a larger --limit)')
  return name
}

const common = (content: string, locale: string, name: string) => path.join(content, locale, 'common', name)

/** The entry files of the `common` category: the English ones, and those also translated. */
async function commonEntries(content: string): Promise<{ english: string[]; both: string[] }> {
  const names = async (locale: string) => (await readdir(path.join(content, locale, 'common')).catch(() => [] as string[])).filter((name) => name.endsWith('.md')).sort()
  const english = await names('en')
  return { english, both: (await names('zh-CN')).filter((name) => english.includes(name)) }
}

/** Each edit works on the KB as the edits before it left it; entries are picked by name, the same every run. */
function edits(kb: { english: string[]; both: string[]; otherCategory: string }): Edit[] {
  const alone = kb.english.filter((name) => !kb.both.includes(name))
  const translated = pick(kb.both, 20)
  const setField = async (file: string, field: string, value: string) => writeFile(file, (await readFile(file, 'utf8')).replace(new RegExp(`^${field}: .*$`, 'm'), `${field}: ${value}`))
  const moveTo = async (from: string, to: string, change: (text: string) => string) => {
    await mkdir(path.dirname(to), { recursive: true })
    await writeFile(to, change(await readFile(from, 'utf8')))
    await rm(from)
  }
  return [
    { name: 'a line added to an entry', apply: (content) => appendFile(common(content, 'en', pick(alone, 1)), '\nOne more line.\n') },
    { name: 'the title of a translated entry', apply: (content) => setField(common(content, 'en', translated), 'title', 'A new title for a translated entry') },
    { name: 'an entry deleted (the pages of its category shift)', apply: (content) => rm(common(content, 'en', pick(alone, 5))) },
    {
      name: 'an entry added',
      apply: async (content) => {
        const template = pick(alone, 7)
        await writeFile(common(content, 'en', 'added-by-the-check.md'), (await readFile(common(content, 'en', template), 'utf8')).replace(/^id: .*$/m, 'id: added-by-the-check'))
      }
    },
    {
      name: 'an entry renamed',
      apply: async (content) => {
        const name = pick(alone, 9)
        await moveTo(common(content, 'en', name), common(content, 'en', `renamed-${name}`), (text) => text.replace(/^id: .*$/m, `id: renamed-${name.replace(/\.md$/, '')}`))
      }
    },
    { name: 'a newer `updated` date (the order of the home and listing pages)', apply: (content) => setField(common(content, 'en', pick(alone, 11)), 'updated', '2026-11-20') },
    {
      name: 'an entry moved to another category',
      apply: async (content) => {
        const name = pick(alone, 13)
        await moveTo(common(content, 'en', name), path.join(content, 'en', kb.otherCategory, `moved-${name}`), (text) => text.replace(/^category: .*$/m, `category: ${kb.otherCategory}`).replace(/^id: .*$/m, `id: moved-${name.replace(/\.md$/, '')}`))
      }
    },
    { name: 'a translation edited', apply: (content) => appendFile(common(content, 'zh-CN', translated), '\n再加一句。\n') },
    { name: 'a source updated after its translation (the translation is outdated)', apply: (content) => setField(common(content, 'en', translated), 'updated', '2026-11-21') },
    { name: 'a translation deleted', apply: (content) => rm(common(content, 'zh-CN', translated)) },
    {
      name: 'thirty entries added (search shards fill up)',
      apply: async (content) => {
        // Templates from the folder as the edits before left it (a small KB's list wraps round to deleted entries).
        const present = (await readdir(path.join(content, 'en', 'common'))).filter((name) => name.endsWith('.md')).sort()
        for (let index = 0; index < 30; index++) {
          const text = await readFile(common(content, 'en', pick(present, 97 * (index + 1))), 'utf8')
          await writeFile(common(content, 'en', `bulk-added-${index}.md`), text.replace(/^id: .*$/m, `id: bulk-added-${index}`))
        }
      }
    },
    { name: 'an entry unpublished', apply: (content) => setField(common(content, 'en', pick(alone, 15)), 'status', 'draft') },
    {
      name: 'the config changed (brand)',
      apply: async (content) => {
        const config = path.join(path.dirname(content), 'kb.config.yaml')
        await writeFile(config, (await readFile(config, 'utf8')).replace(/^brand: .*$/m, 'brand: Renamed Help Center'))
      }
    }
  ]
}

function build(root: string, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [kbCli, 'build', '--root', root, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim().split('\n').slice(-3).join('\n') }
}

async function check(laidOut: TldrKb, scratch: string): Promise<number> {
  const root = laidOut.root
  const content = path.join(root, 'content')
  const { english, both } = await commonEntries(content)
  const otherCategory = (await readdir(path.join(content, 'en'))).sort().find((name) => name !== 'common')
  if (otherCategory === undefined) throw new Error('the KB has no category besides common (use a larger --limit)')
  const first = build(root, [])
  if (!first.ok) throw new Error(`the first build failed:\n${first.output}`)
  for (const edit of edits({ english, both, otherCategory })) {
    await edit.apply(content)
    const incremental = build(root, [])
    const clean = path.join(scratch, 'clean')
    await rm(clean, { recursive: true, force: true })
    const fromScratch = build(root, ['--no-cache', '--out', clean])
    if (!incremental.ok || !fromScratch.ok) {
      console.log(`FAILED  ${edit.name}: the build with the cache ${incremental.ok ? 'passed' : 'failed'}, the clean one ${fromScratch.ok ? 'passed' : 'failed'}\n${incremental.ok ? fromScratch.output : incremental.output}`)
      return 1
    }
    const differences = await treeDifferences(path.join(root, 'dist'), clean)
    console.log(`${differences.length === 0 ? 'same   ' : 'DIFFERS'} ${edit.name}${differences.length === 0 ? '' : `: ${differences.length} files, ${differences.slice(0, 5).join('; ')}`}`)
    if (differences.length > 0) return 1
  }
  return 0
}

/** kb dev's saves, with what each must do: patch the site (the entries whose bodies alone changed) or compile it all. */
function devEdits(kb: { english: string[]; both: string[] }): (Edit & { patched: number | undefined })[] {
  const alone = kb.english.filter((name) => !kb.both.includes(name))
  const translated = pick(kb.both, 40)
  return [
    { name: 'a line added to an entry', patched: 1, apply: (content) => appendFile(common(content, 'en', pick(alone, 21)), '\nOne more line.\n') },
    { name: 'a line added to a translation', patched: 1, apply: (content) => appendFile(common(content, 'zh-CN', translated), '\n再加一句。\n') },
    { name: "a line added to a translation's source", patched: 1, apply: (content) => appendFile(common(content, 'en', translated), '\nA line in the source.\n') },
    {
      name: 'lines added to two entries at once',
      patched: 2,
      apply: async (content) => {
        await appendFile(common(content, 'en', pick(alone, 23)), '\nA second line.\n')
        await appendFile(common(content, 'en', pick(alone, 25)), '\nA third line.\n')
      }
    },
    {
      name: 'a title changed (other pages show it)',
      patched: undefined,
      apply: async (content) => {
        const file = common(content, 'en', pick(alone, 27))
        await writeFile(file, (await readFile(file, 'utf8')).replace(/^title: .*$/m, 'title: A title changed in the preview'))
      }
    },
    { name: 'a line added after a full compile', patched: 1, apply: (content) => appendFile(common(content, 'en', pick(alone, 27)), '\nAnd a line after it.\n') }
  ]
}

/**
 * kb dev's preview at corpus size: its builds (drafts, the site only, in place, its memory kept between them)
 * after each save must give the site a clean build of the same sources gives, whether it patched the site
 * or compiled it all, and each save must have done what the edit calls for.
 */
async function checkDev(laidOut: TldrKb, scratch: string): Promise<number> {
  const root = laidOut.root
  const content = path.join(root, 'content')
  const memory = devMemory()
  const options = (outDir: string, cache: boolean): BuildOptions => ({ outDir, drafts: true, outputs: 'site', publish: 'in-place', generatedAt: undefined, maxWarnings: undefined, cache, env: process.env, ...(cache ? memory : {}) })
  const site = path.join(root, '.kb-cache', 'dev-site')
  if ((await buildKb(root, options(site, true))).kind !== 'written') throw new Error("kb dev's first build did not write the site")
  for (const edit of devEdits(await commonEntries(content))) {
    await edit.apply(content)
    const saved = await buildKb(root, options(site, true))
    const clean = path.join(scratch, 'clean-site')
    await rm(clean, { recursive: true, force: true })
    await mkdir(path.join(scratch, 'clean-kb'), { recursive: true })
    const copy = path.join(scratch, 'clean-kb', String(Date.now()))
    await cp(content, path.join(copy, 'content'), { recursive: true })
    await cp(path.join(root, 'kb.config.yaml'), path.join(copy, 'kb.config.yaml'))
    const fromScratch = await buildKb(copy, options(clean, false))
    await rm(copy, { recursive: true, force: true })
    if (saved.kind !== 'written' || fromScratch.kind !== 'written') {
      console.log(`FAILED  kb dev, ${edit.name}: the save gave ${saved.kind}, the clean build ${fromScratch.kind}`)
      return 1
    }
    const patched = saved.sitePatch
    const differences = await treeDifferences(site, clean)
    const did = patched === undefined ? 'compiled it all' : `patched ${patched} entries`
    console.log(`${differences.length === 0 ? 'same   ' : 'DIFFERS'} kb dev, ${edit.name} (${did})${differences.length === 0 ? '' : `: ${differences.length} files, ${differences.slice(0, 5).join('; ')}`}`)
    if (differences.length > 0) return 1
    if (patched !== edit.patched) {
      console.log(`FAILED  kb dev, ${edit.name}: ${did}, expected ${edit.patched === undefined ? 'a full compile' : `a patch of ${edit.patched}`}`)
      return 1
    }
  }
  return 0
}

process.exitCode = await onTldrKb(process.argv.slice(2), { name: 'incremental', usage: 'npm run bench:incremental' }, async (laidOut, scratch) => (await check(laidOut, scratch)) || (await checkDev(laidOut, scratch)))
