/**
 * Imports every support article of ../shared/corpus/support-articles (5,000) into a scratch KB with the
 * real CLI and prints the figures the README reports: time, how many drafts pass kb check, how many have
 * Symptoms/Cause/Resolution mapped, the safety findings. Usage: npx tsx scripts/bench-import.ts
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface Article {
  target?: string
  failure?: string
  mapped: { heading: string; section: string }[]
  safety: unknown[]
  check: { errors: number }
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const corpus = path.resolve(repo, '../shared/corpus/support-articles/support')
const root = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-import-'))
try {
  cpSync(path.join(repo, 'test/import/microsoft.kb.config.yaml'), path.join(root, 'kb.config.yaml'))
  mkdirSync(path.join(root, 'content'))
  const started = performance.now()
  const run = spawnSync(process.execPath, [path.join(repo, 'bin/kb.js'), 'import', corpus, '--locale', 'en', '--category', 'support', '--root', root, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: '1' } })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0 && run.status !== 1) throw new Error(`kb import exited ${String(run.status)}: ${run.stderr.slice(0, 2000)}`)
  const articles = (JSON.parse(run.stdout) as { articles: Article[] }).articles
  const written = articles.filter((article) => article.target).length
  const passing = articles.filter((article) => article.target && article.check.errors === 0).length
  const mapped = articles.filter((article) => ['symptoms', 'causes', 'steps'].every((key) => article.mapped.some((item) => item.section === key))).length
  const flagged = articles.filter((article) => article.safety.length > 0).length
  const share = (count: number) => `${((100 * count) / articles.length).toFixed(1)}%`
  console.log(`kb import of ${articles.length} support articles in ${seconds.toFixed(1)} s (node ${process.version}, ${os.cpus().length} CPUs)`)
  console.log(`written as drafts: ${written} (${share(written)}); not imported: ${articles.length - written}`)
  console.log(`pass kb check as drafts: ${passing} (${share(passing)})`)
  console.log(`symptoms, causes and steps all mapped: ${mapped} (${share(mapped)})`)
  console.log(`with a safety finding: ${flagged} (${share(flagged)})`)
} finally {
  rmSync(root, { recursive: true, force: true })
}
