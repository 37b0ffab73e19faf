import path from 'node:path'
import { readdir, stat } from 'node:fs/promises'
import { checkKb } from '../validate/check-kb.js'
import { compileKb } from '../compile/compile-kb.js'
import { manifestName, writeDist } from '../write/write-dist.js'
import { printReport } from './print-report.js'
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
  const { summary } = printReport(io, outcome.files, outcome.files.length, options.format)
  if (summary.errors > 0 || (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings)) {
    io.stderr.write(`kb: build stopped before writing anything; ${path.relative(io.cwd, outDir) || '.'} is unchanged\n`)
    return exitCodes.content
  }
  const files = compileKb(outcome, { drafts: Boolean(values.drafts), generatedAt })
  const manifest = await writeDist(outDir, files, generatedAt)
  io.stderr.write(`kb: wrote ${manifest.files.length + 1} files to ${path.relative(io.cwd, outDir) || '.'}\n`)
  return exitCodes.ok
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
