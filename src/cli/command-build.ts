import path from 'node:path'
import { readdir, stat } from 'node:fs/promises'
import { checkKb } from '../validate/check-kb.js'
import { compileKb } from '../compile/compile-kb.js'
import { manifestName, writeDist } from '../write/write-dist.js'
import { printReport } from './print-report.js'
import { summarize, toDiagnostics } from '../diagnostics/report.js'
import { scanOutput } from '../validate/safety/scan-output.js'
import { safetyPolicy } from '../validate/safety/policy.js'
import { normalizeUrl } from '../validate/safety/check-entry-safety.js'
import type { ParsedEntry } from '../parse/entry.js'
import { commonOptions, parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { usage } from './help.js'

export async function runBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { out: { type: 'string' }, drafts: { type: 'boolean' } })
  if (values.help) {
    io.stdout.write(usage)
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\`: kb build always builds the whole KB`)
  const options = commonOptions(values, io.cwd, path.resolve)
  const outDir = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : path.join(options.root, 'dist')
  await assertSafeOutDir(outDir, options.root)
  const generatedAt = sourceDateEpoch(io.env['SOURCE_DATE_EPOCH'])

  const outcome = await checkKb(options.root)
  if (outcome.kind === 'config-error') {
    printReport(io, [outcome.configFile], 1, options.format)
    return exitCodes.usage
  }
  const tooMany = (warnings: number) => options.maxWarnings !== undefined && warnings > options.maxWarnings
  const checked = summarize(outcome.files.length, toDiagnostics(outcome.files))
  // The output is compiled and scanned only for a clean KB, and the report covers both, as one document.
  let files: Map<string, string> | undefined
  let reported = outcome.files
  if (checked.errors === 0 && !tooMany(checked.warnings)) {
    files = compileKb(outcome, { drafts: Boolean(values.drafts), generatedAt })
    reported = [...outcome.files, ...scanOutput(files, safetyPolicy(outcome.config), allowedUrls(outcome.entries))]
  }
  const { summary } = printReport(io, reported, outcome.files.length, options.format)
  if (!files || summary.errors > 0 || tooMany(summary.warnings)) {
    io.stderr.write(`kb: build stopped before writing anything; ${path.relative(io.cwd, outDir) || '.'} is unchanged\n`)
    return exitCodes.content
  }
  const manifest = await writeDist(outDir, files, generatedAt)
  io.stderr.write(`kb: wrote ${manifest.files.length + 1} files to ${path.relative(io.cwd, outDir) || '.'}\n`)
  return exitCodes.ok
}

/** URLs some entry allows with a reason: they may appear in the output. */
function allowedUrls(entries: readonly ParsedEntry[]): Set<string> {
  return new Set(entries.flatMap((entry) => (entry.frontmatter?.allow ?? []).map((item) => normalizeUrl(item.url))))
}

function sourceDateEpoch(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`Unexpected SOURCE_DATE_EPOCH \`${value}\`, expected seconds since 1970 such as 1764000000`)
  return new Date(Number(value) * 1000).toISOString()
}

/** Refuses an output folder whose replacement would destroy sources or somebody's files. */
async function assertSafeOutDir(outDir: string, root: string): Promise<void> {
  const relative = path.relative(outDir, root)
  if (relative === '' || !relative.startsWith('..')) throw new UsageError(`Unexpected --out \`${outDir}\`: it holds the KB root, and the build replaces its whole content`)
  if (!path.relative(path.join(root, 'content'), outDir).startsWith('..')) throw new UsageError(`Unexpected --out \`${outDir}\` inside content/, expected a separate folder`)
  const existing = await stat(outDir).catch(() => undefined)
  if (!existing) return
  if (!existing.isDirectory()) throw new UsageError(`Unexpected --out \`${outDir}\`: it is a file, expected a folder`)
  const names = await readdir(outDir)
  if (names.length > 0 && !names.includes(manifestName)) throw new UsageError(`Unexpected --out \`${outDir}\`: it is not empty and holds no ${manifestName}, so it is not a kb output folder; the build would replace it`)
}
