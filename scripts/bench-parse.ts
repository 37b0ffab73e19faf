/**
 * How much of a cold build the Markdown parser alone costs, beside the parser Eleventy uses: the floor under
 * issue 10's target of a cold build no slower than Eleventy's. `npm run bench:parse [-- --limit N]` lays the
 * tldr corpus out as a KB (as `npm run bench` does) and parses every entry file on one core, three rounds,
 * with kb's own Markdown parser (`parseMarkdown`: remark-parse with frontmatter and GFM, the given stack)
 * and with markdown-it rendering the same bytes to HTML (the library Eleventy 3 turns Markdown into pages
 * with, taken from Eleventy's own dependencies). Prints each round and the medians; exits 1 when the corpus
 * is missing.
 */
import { readFile, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parseMarkdown } from '../src/parse/markdown.js'
import type { TldrKb } from './tldr-kb.js'
import { onTldrKb } from './tldr-scratch.js'

interface MarkdownIt {
  render(text: string): string
}

/** markdown-it as Eleventy resolves it: the same copy and version that builds Eleventy's pages. */
function eleventysMarkdownIt(): MarkdownIt {
  const fromEleventy = createRequire(import.meta.resolve('@11ty/eleventy'))
  const MarkdownIt = fromEleventy('markdown-it') as new (options: { html: boolean }) => MarkdownIt
  // Eleventy's default: HTML allowed in Markdown.
  return new MarkdownIt({ html: true })
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

function timeAll(texts: readonly string[], parse: (text: string) => unknown): number {
  const started = performance.now()
  for (const text of texts) parse(text)
  return performance.now() - started
}

async function benchParse(laidOut: TldrKb): Promise<number> {
  const content = path.join(laidOut.root, 'content')
  const names = (await readdir(content, { recursive: true })).filter((name) => name.endsWith('.md')).sort()
  const texts = await Promise.all(names.map((name) => readFile(path.join(content, name), 'utf8')))
  const megabytes = texts.reduce((total, text) => total + Buffer.byteLength(text), 0) / 1e6
  const markdownIt = eleventysMarkdownIt()
  const parsers: [string, (text: string) => unknown][] = [
    ["kb's parser (remark-parse + frontmatter + GFM, to mdast)", parseMarkdown],
    ["markdown-it (Eleventy's), to HTML", (text) => markdownIt.render(text)]
  ]
  // A warm-up round first: both are measured with their code optimized, as in a long build.
  for (const [, parse] of parsers) timeAll(texts.slice(0, 500), parse)
  const rounds = parsers.map(() => [] as number[])
  for (let round = 0; round < 3; round++) {
    // In turn, so a machine that slows down mid-run slows both.
    parsers.forEach(([name, parse], index) => {
      const ms = timeAll(texts, parse)
      rounds[index]?.push(ms)
      console.error(`bench: round ${round + 1}, ${name}: ${(ms / 1000).toFixed(2)} s`)
    })
  }
  console.log(`\nMarkdown parsing alone, one core: ${texts.length} entry files, ${megabytes.toFixed(1)} MB; ${new Date().toISOString().slice(0, 10)}, node ${process.version}\n`)
  console.log('| parser | median of 3, s | MB/s |')
  console.log('| --- | --- | --- |')
  parsers.forEach(([name], index) => {
    const ms = median(rounds[index] ?? [])
    console.log(`| ${name} | ${(ms / 1000).toFixed(2)} | ${(megabytes / (ms / 1000)).toFixed(1)} |`)
  })
  const ratio = median(rounds[0] ?? []) / Math.max(1, median(rounds[1] ?? []))
  console.log(`\nkb's parser takes ${ratio.toFixed(1)}x as long as markdown-it on the same files.`)
  return 0
}

process.exitCode = await onTldrKb(process.argv.slice(2), { name: 'bench-parse', usage: 'npm run bench:parse' }, benchParse)
