import path from 'node:path'
import { realpath } from 'node:fs/promises'
import { buildKb } from '../build/build.js'
import { resolveOutputTarget } from '../write/output-target.js'
import { printNotes, printReport, printTimings } from './print-report.js'
import { commonOptions, parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { chooseLanguage } from '../diagnostics/language.js'
import { progressLine } from './progress.js'

export async function runBuild(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { out: { type: 'string' }, drafts: { type: 'boolean' } })
  if (values.help) {
    io.stdout.write(helpFor('build'))
    return exitCodes.ok
  }
  if (positionals.length > 0) throw new UsageError(`Unexpected argument \`${positionals[0]}\`: kb build always builds the whole KB`)
  const options = commonOptions(values, io.cwd, path.resolve, io.env)
  const outDir = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : path.join(options.root, 'dist')
  const outDirRefusal = await refuseUnsafeOutDir(outDir, options.root)
  if (outDirRefusal !== undefined) {
    io.stderr.write(`kb: ${outDirRefusal}\n`)
    return exitCodes.usage
  }
  const generatedAt = sourceDateEpoch(io.env['SOURCE_DATE_EPOCH'])
  const progress = progressLine(io)
  const result = await buildKb(options.root, {
    onProgress: progress.onProgress,
    outDir,
    drafts: Boolean(values.drafts),
    generatedAt,
    maxWarnings: options.maxWarnings,
    cache: options.cache,
    env: io.env,
    onWait: (message) => {
      progress.clear()
      io.stderr.write(`kb: ${message}\n`)
    }
  })
  progress.clear()
  if (result.kind === 'refused') {
    io.stderr.write(`kb: ${result.message}\n`)
    return exitCodes.usage
  }
  if (result.kind === 'config-error') {
    await printReport(io, [result.configFile], 1, options.format, options.root, chooseLanguage(options.lang, io.env, result.lang))
    return exitCodes.usage
  }
  printNotes(io, result.notes)
  printTimings(io, result.timings)
  await printReport(io, result.reported, result.checkedFiles, options.format, options.root, chooseLanguage(options.lang, io.env, result.config.lang))
  const shownOutDir = path.relative(io.cwd, outDir) || '.'
  if (result.kind === 'stopped') {
    const saidOfOutput = { unchanged: 'is unchanged', restored: 'was missing after an interrupted build and is restored to its last complete output', missing: 'does not exist' }
    io.stderr.write(`kb: build stopped before writing anything; ${shownOutDir} ${saidOfOutput[result.output]}\n`)
    return exitCodes.content
  }
  if (result.kind === 'output-error') {
    io.stderr.write(`kb: ${result.message}\n`)
    return exitCodes.usage
  }
  if (result.kind === 'up-to-date') io.stderr.write(`kb: ${shownOutDir} is up to date (${result.files} files); nothing changed since the last build\n`)
  else io.stderr.write(`kb: wrote ${result.manifest.files.length + 1} files to ${shownOutDir}\n`)
  return exitCodes.ok
}

function sourceDateEpoch(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  if (!/^\d+$/.test(value)) throw new UsageError(`Unexpected SOURCE_DATE_EPOCH \`${value}\`, expected seconds since 1970 such as 1764000000`)
  return new Date(Number(value) * 1000).toISOString()
}

/**
 * Why an output folder must not be replaced because it would destroy the sources; whether it holds somebody
 * else's files is buildKb's to say (see assertReplaceable). Symbolic links are followed, to what a build
 * really replaces.
 */
async function refuseUnsafeOutDir(outDir: string, root: string): Promise<string | undefined> {
  const target = await resolveOutputTarget(outDir)
  const realRoot = await realpath(root).catch(() => root)
  const relative = path.relative(target, realRoot)
  if (relative === '' || !relative.startsWith('..')) return `Unexpected --out \`${outDir}\`: it holds the KB root, and the build replaces its whole content`
  if (!path.relative(await resolveOutputTarget(path.join(realRoot, 'content')), target).startsWith('..')) return `Unexpected --out \`${outDir}\` inside content/, expected a separate folder`
  return undefined
}
