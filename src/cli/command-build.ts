import path from 'node:path'
import { realpath } from 'node:fs/promises'
import { checkKb } from '../validate/check-kb.js'
import { compileKb } from '../compile/compile-kb.js'
import { writeDist } from '../write/write-dist.js'
import { OutputError } from '../write/output-error.js'
import { resolveOutputTarget } from '../write/output-target.js'
import { assertReplaceable } from '../write/replaceable.js'
import { settleUnwrittenOutput } from '../write/unwritten-output.js'
import type { Manifest } from '../types/manifest.js'
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
  const outDirRefusal = await refuseUnsafeOutDir(outDir, options.root)
  if (outDirRefusal !== undefined) {
    io.stderr.write(`kb: ${outDirRefusal}\n`)
    return exitCodes.usage
  }
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
    reported = [...outcome.files, ...scanOutput(files, safetyPolicy(outcome.config), allowedUrls(outcome.entries), outcome.config.rules)]
  }
  const { summary } = printReport(io, reported, outcome.files.length, options.format)
  const shownOutDir = path.relative(io.cwd, outDir) || '.'
  if (!files || summary.errors > 0 || tooMany(summary.warnings)) {
    const saidOfOutput = { unchanged: 'is unchanged', restored: 'was missing after an interrupted build and is restored to its last complete output', missing: 'does not exist' }
    io.stderr.write(`kb: build stopped before writing anything; ${shownOutDir} ${saidOfOutput[await settleUnwrittenOutput(outDir)]}\n`)
    return exitCodes.content
  }
  let manifest: Manifest
  try {
    manifest = await writeDist(outDir, files, { generatedAt, env: io.env, onWait: (message) => io.stderr.write(`kb: ${message}\n`) })
  } catch (error) {
    // A full disk, a read-only folder or another build holding the output: one line saying what to do, no stack.
    if (!(error instanceof OutputError)) throw error
    io.stderr.write(`kb: ${error.message}\n`)
    return exitCodes.usage
  }
  io.stderr.write(`kb: wrote ${manifest.files.length + 1} files to ${shownOutDir}\n`)
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

/**
 * Why an output folder must not be replaced (it would destroy sources or somebody's files), checked before
 * the long check; the write checks ownership again under the build lock. Symbolic links are followed, to
 * what a build really replaces.
 */
async function refuseUnsafeOutDir(outDir: string, root: string): Promise<string | undefined> {
  const target = await resolveOutputTarget(outDir)
  const realRoot = await realpath(root).catch(() => root)
  const relative = path.relative(target, realRoot)
  if (relative === '' || !relative.startsWith('..')) return `Unexpected --out \`${outDir}\`: it holds the KB root, and the build replaces its whole content`
  if (!path.relative(await resolveOutputTarget(path.join(realRoot, 'content')), target).startsWith('..')) return `Unexpected --out \`${outDir}\` inside content/, expected a separate folder`
  try {
    await assertReplaceable(target, outDir)
    return undefined
  } catch (error) {
    if (error instanceof OutputError) return error.message
    throw error
  }
}
