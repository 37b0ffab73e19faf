/**
 * `npx tsx scripts/limits-corpus.ts`: runs the Markdown limits (src/parse/markdown-limits.ts) over every
 * Markdown file of the public corpora in ../shared/corpus and lists each file that breaks one. The limits
 * refuse only what no help entry needs: this must print 0 breaches.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findLimitBreach } from '../src/parse/markdown-limits.js'

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus')
let files = 0
let breaches = 0
for (const name of ['support-articles', 'tldr']) {
  const root = path.join(corpus, name)
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => {
    console.error(`limits-corpus: ${root} is missing; the corpora live in ../shared/corpus`)
    process.exit(2)
  })
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue
    files++
    const file = path.join(entry.parentPath, entry.name)
    const breach = findLimitBreach((await readFile(file, 'utf8')).replace(/\r\n/g, '\n'))
    if (breach) {
      breaches++
      console.log(`${path.relative(corpus, file)}:${breach.place.line}:${breach.place.column} ${breach.message}`)
    }
  }
}
console.log(`${files} files, ${breaches} breaches`)
process.exitCode = breaches > 0 ? 1 : 0
