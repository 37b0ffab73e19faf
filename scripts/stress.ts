/**
 * `npm run stress [-- <shape>…] [--sizes 100000,2000000]`: lays out a one-entry KB for every pathological
 * shape in `stress-shapes.ts` at each size, runs the real CLI (`kb check`, then `kb build`), and prints the
 * wall time, peak RSS (from /usr/bin/time) and exit code of each as a Markdown table. The budget (issue 9):
 * any single entry up to 2 MB checks and builds in under 5 s and 1 GB. A run past `--timeout` seconds (default
 * 120) is killed and shown as such. Exit code 1 when any figure is over budget or a run crashed (exit 3).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { largestEntryBytes, stressShapes } from './stress-shapes.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cli = path.join(repoRoot, 'bin/kb.js')
const budget = { seconds: 5, megabytes: 1024 }

const { values, positionals } = parseArgs({ options: { sizes: { type: 'string' }, timeout: { type: 'string' } }, allowPositionals: true })
const sizes = (values.sizes ?? '100000,2000000').split(',').map((size) => Math.min(Number(size), largestEntryBytes))
const timeoutSeconds = Number(values.timeout ?? 120)
const shapes = positionals.length > 0 ? stressShapes.filter((shape) => positionals.includes(shape.name)) : stressShapes

if (!existsSync(path.join(repoRoot, 'lib/cli/main.js'))) {
  console.error('stress: lib/ is missing, run `npm run compile` first')
  process.exit(2)
}
if (!existsSync('/usr/bin/time')) {
  console.error('stress: /usr/bin/time is missing (it reads peak memory): apt-get install -y time')
  process.exit(2)
}

interface Measured {
  seconds: number
  megabytes: number
  code: number | string
}

function measure(args: string[], cwd: string): Measured {
  const started = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...args], { cwd, encoding: 'utf8', timeout: timeoutSeconds * 1000, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 30 })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.signal) return { seconds, megabytes: Number.NaN, code: result.signal === 'SIGTERM' ? 'timeout' : result.signal }
  const kilobytes = Number(/(\d+)\s*$/.exec(result.stderr)?.[1] ?? Number.NaN)
  return { seconds, megabytes: kilobytes / 1024, code: result.status ?? 'none' }
}

// Findings are warnings here, so every shape goes through the whole build (compile, output scan, write) and
// the text report prints a code frame under each finding.
const config = (await readFile(path.join(repoRoot, 'test/fixtures/kb.config.yaml'), 'utf8')) + 'rules:\n  insecure-url: warning\n  unofficial-contact: warning\n  referral: warning\n  lookalike-domain: warning\n'
const rows: string[] = []
let overBudget = false
console.log(`kb stress: ${shapes.length} shapes × ${sizes.length} sizes, budget ${budget.seconds} s and ${budget.megabytes} MB per command, node ${process.version}, ${os.cpus().length} cores\n`)
console.log('| shape | size | check s | check MB | check exit | build s | build MB | build exit |')
console.log('| --- | ---: | ---: | ---: | :---: | ---: | ---: | :---: |')
for (const shape of shapes) {
  for (const size of sizes) {
    const root = await mkdtemp(path.join(os.tmpdir(), `kb-stress-${shape.name}-`))
    try {
      await mkdir(path.join(root, 'content/zh-CN/account'), { recursive: true })
      await writeFile(path.join(root, 'kb.config.yaml'), config)
      const text = shape.entry(size)
      await writeFile(path.join(root, 'content/zh-CN/account/stress.md'), text)
      const check = measure(['check'], root)
      const build = measure(['build'], root)
      const cell = (run: Measured) => [run.seconds.toFixed(2), Number.isNaN(run.megabytes) ? '–' : run.megabytes.toFixed(0), String(run.code)]
      for (const run of [check, build]) if (run.seconds > budget.seconds || run.megabytes > budget.megabytes || (typeof run.code !== 'number') || run.code > 1) overBudget = true
      const row = `| ${shape.name} | ${(Buffer.byteLength(text) / 1000).toFixed(0)} KB | ${cell(check).join(' | ')} | ${cell(build).join(' | ')} |`
      rows.push(row)
      console.log(row)
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }
}
console.log(`\n${overBudget ? 'OVER BUDGET: some command took more than' : 'Within budget: every command under'} ${budget.seconds} s and ${budget.megabytes} MB, exit 0 or 1.`)
process.exitCode = overBudget ? 1 : 0
