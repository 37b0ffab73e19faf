/**
 * Builds the tldr pages behind the tldr KB (scripts/tldr-kb.ts) with other static site generators, so the
 * bench can put kb's times beside theirs: Eleventy 3 (a dev dependency) and Hugo (Debian's `hugo`, which
 * the bench's set-up installs with `apt-get install -y hugo`; this script only looks for it on PATH).
 * `npx tsx scripts/bench-ssg.ts [--limit N] [--keep]` lays both sites out in a temporary folder and prints
 * a Markdown table.
 *
 * The pages are the corpus files as they are (no frontmatter), at the paths kb gives the same pages
 * (`<locale>/<category>/<id>.md`), so each tool reads the same Markdown at the same places. Each tool runs
 * three times in a child process: cold (no output folder), rebuild (nothing changed) and one-change (one
 * line appended to one page); peak RSS is the largest of the three, as GNU time reports it.
 */
import { spawn } from 'node:child_process'
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compareStrings, limitOption, planTldr, repoRoot, tldrRoot, type TldrPage } from './tldr-kb.js'

export type SsgTool = 'eleventy' | 'hugo'

export type SsgRun =
  | {
      tool: SsgTool
      available: true
      version: string
      coldMs: number
      rebuildMs: number
      oneChangeMs: number
      /** Undefined when GNU time (/usr/bin/time) is missing. */
      peakRssMb: number | undefined
      pagesOut: number
    }
  | { tool: SsgTool; available: false; reason: string }

export interface SsgSite {
  siteDir: string
  pages: number
  /** Pages whose text had to change for this tool, and why; empty when the Markdown is copied unchanged. */
  rewritten: { pages: number; why: string } | undefined
}

const timeoutMs = 10 * 60_000
const gnuTime = '/usr/bin/time'
const eleventyCli = path.join(repoRoot, 'node_modules/@11ty/eleventy/cmd.cjs')
const hugoMissing = 'not installed: apt-get install -y hugo'

/** Where each tool reads and writes inside its site folder. */
const layout: Readonly<Record<SsgTool, { content: string; output: string }>> = {
  eleventy: { content: 'pages', output: '_site' },
  hugo: { content: 'content', output: 'public' }
}

/** The page the one-change run edits when the site has it (a `--limit` may leave it out); it has a translation. */
const preferredChange = 'en/common/tar.md'

// ---------------------------------------------------------------------------------------------------------
// Laying the sites out.

function targetOf(page: TldrPage): string {
  return path.join(page.locale, page.category, `${page.id}.md`)
}

/** Copies every page (or rewrites it with `transform`) to `<contentDir>/<locale>/<category>/<id>.md`. */
async function copyPages(contentDir: string, pages: readonly TldrPage[], transform?: (text: string) => string): Promise<number> {
  for (const folder of new Set(pages.map((page) => path.join(contentDir, path.dirname(targetOf(page)))))) await mkdir(folder, { recursive: true })
  let rewritten = 0
  const batch = 128
  for (let start = 0; start < pages.length; start += batch) {
    await Promise.all(
      pages.slice(start, start + batch).map(async (page) => {
        const target = path.join(contentDir, targetOf(page))
        if (!transform) return copyFile(page.absolute, target)
        const text = await readFile(page.absolute, 'utf8')
        const changed = transform(text)
        if (changed !== text) rewritten++
        return writeFile(target, changed)
      })
    )
  }
  return rewritten
}

const pageTemplate = (title: string, content: string): string =>
  `<!doctype html>\n<html>\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${content}\n</body>\n</html>\n`

/**
 * Eleventy would run Markdown through Liquid first, and tldr's `{{ }}` placeholders are not Liquid: the
 * template engine is off for Markdown, as the issue asks. Only the layout is Liquid.
 */
const eleventyConfig = `export default function (eleventyConfig) {
  eleventyConfig.addGlobalData('layout', 'page.liquid')
  return {
    dir: { input: 'pages', includes: '_includes', output: '_site' },
    templateFormats: ['md'],
    markdownTemplateEngine: false,
    htmlTemplateEngine: false
  }
}
`

export async function layOutForEleventy(corpus: string, target: string, options: { limit?: number } = {}): Promise<SsgSite> {
  const { pages } = await planTldr(corpus, options)
  const content = path.join(target, layout.eleventy.content)
  await copyPages(content, pages)
  await mkdir(path.join(content, '_includes'), { recursive: true })
  await writeFile(path.join(content, '_includes/page.liquid'), pageTemplate('{{ title }}', '{{ content }}'))
  await writeFile(path.join(target, 'eleventy.config.mjs'), eleventyConfig)
  return { siteDir: target, pages: pages.length, rewritten: undefined }
}

/**
 * Hugo reads `{{<` and `{{%` in content as shortcode calls, with no switch to turn that off, and stops at the
 * first one it cannot find; tldr writes `{{<ArrowUp>|<ArrowDown>}}` and `"{{%s}}"`. A space after the braces
 * keeps the text readable and the page count equal.
 */
export function unshortcode(text: string): string {
  return text.replace(/\{\{([<%])/g, '{{ $1')
}

const hugoConfig = `baseURL = "https://tldr.invalid/"
languageCode = "en"
title = "tldr-pages"
# Taxonomies, feeds and sitemaps have no counterpart in the Eleventy site: pages, sections and home only.
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
`

const hugoSingle = pageTemplate('{{ .Title }}', '{{ .Content }}')
const hugoList = pageTemplate('{{ .Title }}', '<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>')

export async function layOutForHugo(corpus: string, target: string, options: { limit?: number } = {}): Promise<SsgSite> {
  const { pages } = await planTldr(corpus, options)
  const rewritten = await copyPages(path.join(target, layout.hugo.content), pages, unshortcode)
  await mkdir(path.join(target, 'layouts/_default'), { recursive: true })
  await writeFile(path.join(target, 'hugo.toml'), hugoConfig)
  await writeFile(path.join(target, 'layouts/_default/single.html'), hugoSingle)
  await writeFile(path.join(target, 'layouts/_default/list.html'), hugoList)
  return { siteDir: target, pages: pages.length, rewritten: { pages: rewritten, why: 'Hugo reads `{{<` and `{{%` as shortcodes: written `{{ <` and `{{ %`' } }
}

// ---------------------------------------------------------------------------------------------------------
// Running a tool.

export interface ChildRun {
  code: number | null
  wallMs: number
  /** Max RSS in KB from GNU time; undefined without it. */
  maxRssKb: number | undefined
  output: string
  error?: string
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined
}

/** Runs a command under GNU time when present, capturing its output; never rejects. */
export async function runTimed(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  const timed = await exists(gnuTime)
  const rssFile = path.join(cwd, '.bench-ssg-rss')
  await rm(rssFile, { force: true })
  const [file, fileArgs] = timed ? [gnuTime, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, [...args]]
  const run = await new Promise<ChildRun>((resolve) => {
    const started = performance.now()
    const child = spawn(file, fileArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: null, wallMs: 0, maxRssKb: undefined, output: '', error: error.message })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const output = Buffer.concat(chunks).toString('utf8')
      resolve({ code, wallMs: performance.now() - started, maxRssKb: undefined, output, ...(signal ? { error: `killed by ${signal} (limit ${timeoutMs / 1000} s)` } : {}) })
    })
  })
  const rss = timed ? Number.parseInt((await readFile(rssFile, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '', 10) : Number.NaN
  await rm(rssFile, { force: true })
  return { ...run, maxRssKb: Number.isFinite(rss) ? rss : undefined }
}

/** Output from a quick command, or undefined when it cannot run (such as `hugo` not on PATH). */
async function probe(command: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] })
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', () => resolve(undefined))
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks).toString('utf8').trim() : undefined))
  })
}

interface ToolCommand {
  command: string
  args: string[]
}

/** The command that builds the site in `siteDir`, with its version; or why there is none. */
async function resolveTool(tool: SsgTool): Promise<{ run: ToolCommand; version: string } | { reason: string }> {
  if (tool === 'hugo') {
    const version = await probe('hugo', ['version'])
    if (version === undefined) return { reason: hugoMissing }
    return { run: { command: 'hugo', args: ['--quiet', '--destination', layout.hugo.output] }, version: version.split(' ').slice(0, 2).join(' ') }
  }
  if (!(await exists(eleventyCli))) return { reason: 'not installed: run `npm install` (devDependency @11ty/eleventy)' }
  const manifest = JSON.parse(await readFile(path.join(path.dirname(eleventyCli), 'package.json'), 'utf8')) as { version?: string }
  const version = manifest.version ?? '?'
  if (!version.startsWith('3.')) return { reason: `@11ty/eleventy ${version} is installed, the bench wants version 3` }
  return { run: { command: process.execPath, args: [eleventyCli, '--quiet', '--config=eleventy.config.mjs'] }, version: `eleventy ${version}` }
}

export async function countHtml(folder: string): Promise<number> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).length
}

function failure(run: ChildRun, phase: string): string | undefined {
  if (run.error) return `${phase} run failed: ${run.error}`
  if (run.code !== 0) return `${phase} run exited with ${String(run.code)}: ${run.output.trim().split('\n').slice(-3).join(' / ').slice(0, 400)}`
  return undefined
}

async function pageToChange(contentDir: string): Promise<string> {
  if (await exists(path.join(contentDir, preferredChange))) return path.join(contentDir, preferredChange)
  const entries = await readdir(path.join(contentDir, 'en'), { recursive: true, withFileTypes: true })
  const pages = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.md')).map((entry) => path.join(entry.parentPath, entry.name))
  const first = pages.sort(compareStrings)[0]
  if (first === undefined) throw new Error(`no English page in ${contentDir} for the one-change run`)
  return first
}

async function changeOnePage(contentDir: string): Promise<void> {
  await appendFile(await pageToChange(contentDir), '\n- One more example, added by the one-change run:\n\n`echo {{one-change}}`\n')
}

/** Cold, rebuild and one-change builds of the site in `siteDir`; a tool that is missing or fails is reported, never thrown. */
export async function runSsg(tool: SsgTool, siteDir: string): Promise<SsgRun> {
  try {
    const resolved = await resolveTool(tool)
    if ('reason' in resolved) return { tool, available: false, reason: resolved.reason }
    const output = path.join(siteDir, layout[tool].output)
    await rm(output, { recursive: true, force: true })
    const runs: ChildRun[] = []
    for (const phase of ['cold', 'rebuild', 'one-change'] as const) {
      if (phase === 'one-change') await changeOnePage(path.join(siteDir, layout[tool].content))
      const run = await runTimed(resolved.run.command, resolved.run.args, siteDir)
      const failed = failure(run, phase)
      if (failed) return { tool, available: false, reason: failed }
      runs.push(run)
    }
    const [cold, rebuild, oneChange] = runs.map((run) => run.wallMs)
    const rss = runs.map((run) => run.maxRssKb)
    const peakRssMb = rss.every((value) => value !== undefined) ? Math.max(...rss.map((value) => value ?? 0)) / 1024 : undefined
    return { tool, available: true, version: resolved.version, coldMs: cold ?? 0, rebuildMs: rebuild ?? 0, oneChangeMs: oneChange ?? 0, peakRssMb, pagesOut: await countHtml(output) }
  } catch (error) {
    return { tool, available: false, reason: error instanceof Error ? error.message : String(error) }
  }
}

// ---------------------------------------------------------------------------------------------------------
// CLI.

const seconds = (ms: number): string => (ms / 1000).toFixed(2)

export function ssgTable(runs: readonly SsgRun[]): string {
  const lines = ['| tool | cold s | rebuild s | one-change s | peak RSS MB | pages out |', '| --- | ---: | ---: | ---: | ---: | ---: |']
  for (const run of runs) {
    if (!run.available) lines.push(`| ${run.tool} | – | – | – | – | ${run.reason} |`)
    else lines.push(`| ${run.version} | ${seconds(run.coldMs)} | ${seconds(run.rebuildMs)} | ${seconds(run.oneChangeMs)} | ${run.peakRssMb === undefined ? 'n/a' : run.peakRssMb.toFixed(0)} | ${run.pagesOut} |`)
  }
  return lines.join('\n')
}

async function main(args: readonly string[]): Promise<number> {
  const options = limitOption(args)
  if (!options) {
    console.error('usage: npx tsx scripts/bench-ssg.ts [--limit N] [--keep]')
    return 2
  }
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-bench-ssg-'))
  try {
    const sites = { eleventy: await layOutForEleventy(tldrRoot, path.join(root, 'eleventy'), options), hugo: await layOutForHugo(tldrRoot, path.join(root, 'hugo'), options) }
    console.log(`${sites.eleventy.pages} tldr pages laid out in ${root}`)
    for (const site of Object.values(sites)) if (site.rewritten && site.rewritten.pages > 0) console.log(`${path.basename(site.siteDir)}: ${site.rewritten.pages} pages rewritten (${site.rewritten.why})`)
    const runs: SsgRun[] = []
    for (const tool of ['eleventy', 'hugo'] as const) runs.push(await runSsg(tool, sites[tool].siteDir))
    console.log(`\n${ssgTable(runs)}`)
    return 0
  } catch (error) {
    console.error(`bench-ssg: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  } finally {
    if (args.includes('--keep')) console.log(`\nKept ${root}`)
    else await rm(root, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exitCode = await main(process.argv.slice(2))
