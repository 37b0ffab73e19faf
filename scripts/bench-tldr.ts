/**
 * `npm run bench`: kb against the static-site generators on a real corpus. Lays the tldr-pages corpus
 * (../shared/corpus/tldr, CC BY 4.0, attribution in the generated KB's ATTRIBUTION.md) out as a KB, builds it
 * with kb cold (no cache, no output), again with nothing changed, after one entry changed, and after it changed
 * again (the first rebuild has no replaced output to build in yet, every later one does); checks
 * that the incremental output equals a clean build byte for byte; times `kb check` warm; then builds the
 * same Markdown with Eleventy 3 and Hugo when they are installed (`npm ci` brings Eleventy; Hugo is
 * `apt-get install -y hugo`, never installed by this script) and prints one table.
 *
 * Until the safety rules stop refusing honest documentation (a separate issue), the generated config turns
 * off the rules that refuse tldr pages; the table says which. Peak RSS comes from GNU time (/usr/bin/time).
 * Options: --limit N (the first N pages per locale, for a quick run), --keep (keep the temporary folder).
 */
import { appendFile, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { countHtml, layOutForEleventy, layOutForHugo, runSsg, runTimed, type ChildRun, type SsgRun } from './bench-ssg.js'
import { measureSearch, type SearchTiming } from './bench-search-browser.js'
import { treeDifferences } from '../test/helpers/incremental.js'
import { repoRoot, tldrRoot, type TldrKb } from './tldr-kb.js'
import { onTldrKb } from './tldr-scratch.js'

const kbCli = path.join(repoRoot, 'bin/kb.js')
/** The entry the one-change run edits (it has a translation), as in the generators' one-change run. */
const changedEntry = 'content/en/common/tar.md'

interface KbRun {
  coldMs: number
  rebuildMs: number
  oneChangeMs: number
  /** Another change after it: built in the output the first rebuild replaced (the spare tree), as every later rebuild is. */
  laterChangeMs: number
  checkMs: number
  peakRssMb: number | undefined
  pagesOut: number
  identical: boolean
  search: SearchTiming[] | string
}

async function kb(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  const run = await runTimed(process.execPath, [kbCli, ...args], cwd, env)
  if (run.error || run.code !== 0) throw new Error(`kb ${args.join(' ')} exited ${String(run.code)}${run.error ? ` (${run.error})` : ''}: ${run.output.slice(-1500)}`)
  return run
}

/** tldr's `tar` page, or (when --limit left it out) the first English entry. */
async function entryToChange(root: string): Promise<string> {
  const preferred = path.join(root, changedEntry)
  if (await readFile(preferred).then(() => true, () => false)) return preferred
  const names = (await readdir(path.join(root, 'content/en'), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name))
  const first = names.sort()[0]
  if (!first) throw new Error(`no English entry in ${root} to change`)
  return first
}

async function benchKb(root: string): Promise<KbRun> {
  const out = path.join(root, 'dist')
  await rm(out, { recursive: true, force: true })
  await rm(path.join(root, '.kb-cache'), { recursive: true, force: true })
  const cold = await kb(['build', '--root', root, '--out', out], root, { KB_TIMINGS: '1' })
  const rebuild = await kb(['build', '--root', root, '--out', out], root, { KB_TIMINGS: '1' })
  await appendFile(await entryToChange(root), '\nOne more line, added by the one-change run.\n')
  const oneChange = await kb(['build', '--root', root, '--out', out], root, { KB_TIMINGS: '1' })
  await appendFile(await entryToChange(root), '\nAnd one more, added by the later one-change run.\n')
  const laterChange = await kb(['build', '--root', root, '--out', out], root, { KB_TIMINGS: '1' })
  const check = await kb(['check', '--root', root], root)
  for (const [name, run] of [['cold', cold], ['no-change', rebuild], ['one-change', oneChange], ['later one-change', laterChange]] as const) {
    console.error(`bench: kb ${name}: ${(run.wallMs / 1000).toFixed(2)} s; ${run.output.match(/kb: timings: .*/)?.[0] ?? ''}`)
  }
  const search = await measureSearch(out, [
    ['en', 'tar archive'],
    ['en', 'git commit amend'],
    ['zh-CN', '压缩 文件']
  ])
  const clean = path.join(root, 'dist-clean')
  await kb(['build', '--root', root, '--out', clean, '--no-cache'], root)
  const identical = (await treeDifferences(out, clean)).length === 0
  await rm(clean, { recursive: true, force: true })
  const rss = [cold, rebuild, oneChange, laterChange, check].map((run) => run.maxRssKb)
  return {
    coldMs: cold.wallMs,
    rebuildMs: rebuild.wallMs,
    oneChangeMs: oneChange.wallMs,
    laterChangeMs: laterChange.wallMs,
    checkMs: check.wallMs,
    peakRssMb: rss.every((value) => value !== undefined) ? Math.max(...rss.map((value) => value ?? 0)) / 1024 : undefined,
    pagesOut: await countHtml(out),
    identical,
    search
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2)

function table(kbRun: KbRun, others: readonly SsgRun[]): string {
  const rss = (mb: number | undefined) => (mb === undefined ? 'n/a' : mb.toFixed(0))
  const lines = [
    '| tool | cold s | rebuild s | one-change s | peak RSS MB | pages out | kb cold ÷ tool cold |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| kb (JSON API, HTML site, search, feeds, all checks) | ${seconds(kbRun.coldMs)} | ${seconds(kbRun.rebuildMs)} | ${seconds(kbRun.oneChangeMs)} | ${rss(kbRun.peakRssMb)} | ${kbRun.pagesOut} | 1.00 |`
  ]
  for (const run of others) {
    if (!run.available) lines.push(`| ${run.tool} | – | – | – | – | – | ${run.reason} |`)
    else lines.push(`| ${run.version} (bare HTML) | ${seconds(run.coldMs)} | ${seconds(run.rebuildMs)} | ${seconds(run.oneChangeMs)} | ${rss(run.peakRssMb)} | ${run.pagesOut} | ${(kbRun.coldMs / run.coldMs).toFixed(2)} |`)
  }
  return lines.join('\n')
}

async function bench(laidOut: TldrKb, scratch: string, options: { limit?: number }): Promise<number> {
  const kbRun = await benchKb(laidOut.root)
  const others: SsgRun[] = []
  const eleventy = await layOutForEleventy(tldrRoot, path.join(scratch, 'eleventy'), options)
  others.push(await runSsg('eleventy', eleventy.siteDir))
  const hugo = await layOutForHugo(tldrRoot, path.join(scratch, 'hugo'), options)
  if (hugo.rewritten && hugo.rewritten.pages > 0) console.error(`bench: hugo: ${hugo.rewritten.pages} pages rewritten (${hugo.rewritten.why})`)
  others.push(await runSsg('hugo', hugo.siteDir))
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  console.log(`\nkb bench on the tldr corpus: ${laidOut.entries} entries (${Object.entries(laidOut.locales).map(([locale, count]) => `${count} ${locale}`).join(', ')}); ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB\n`)
  console.log(table(kbRun, others))
  console.log(`\nkb one change again (built in the output the first rebuild replaced, as every later rebuild is): ${seconds(kbRun.laterChangeMs)} s.`)
  console.log(`kb check (warm cache): ${seconds(kbRun.checkMs)} s. Incremental dist/ after the changes equals a clean build: ${kbRun.identical ? 'yes' : 'NO'}.`)
  if (typeof kbRun.search === 'string') console.log(`Search in Chromium: ${kbRun.search}`)
  else for (const timing of kbRun.search) console.log(`Search in Chromium, ${timing.locale} “${timing.query}”: index shards loaded in ${timing.loadMs} ms, query ${timing.queryMs} ms, first results shown ${timing.firstResultMs.toFixed(0)} ms after navigation (${timing.results} shown).`)
  console.log('Every rule is on in the generated config; it vouches for one third-party domain (trustedDomains, see scripts/tldr-kb.ts).')
  return kbRun.identical ? 0 : 1
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await onTldrKb(process.argv.slice(2), { name: 'bench', usage: 'npm run bench' }, bench)
}
