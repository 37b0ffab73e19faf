import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { checkKb } from '../build/engine.js'
import { entryKey } from '../validate/cross-entry.js'
import { sourceVersion } from '../validate/source-version.js'
import { sectionModel } from '../parse/section-model.js'
import { splitFrontmatter } from '../parse/frontmatter.js'
import { translationSkeleton } from '../new/translation.js'
import { placeholderMarkFor } from '../new/placeholders.js'
import { printReport } from './print-report.js'
import { cacheWanted, langFlag, parseCommand } from './options.js'
import { chooseLanguage } from '../diagnostics/language.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { today } from './today.js'

const git = promisify(execFile)

/**
 * `kb translate <id> --to <locale>`: writes the translation skeleton, recording the source version it
 * translates; `--diff` shows what changed in the source since, `--done` records the current source version
 * once the translation has caught up.
 */
export async function runTranslate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { to: { type: 'string' }, diff: { type: 'boolean' }, done: { type: 'boolean' } })
  if (values.help) {
    io.stdout.write(helpFor('translate'))
    return exitCodes.ok
  }
  for (const flag of ['format', 'max-warnings'] as const) if (values[flag] !== undefined) throw new UsageError(`Unexpected --${flag} for kb translate`)
  const [id, extra] = positionals
  if (id === undefined || typeof values.to !== 'string') throw new UsageError('Missing the entry id or --to: kb translate <id> --to <locale>, for example kb translate close-account --to en')
  if (extra !== undefined) throw new UsageError(`Unexpected argument \`${extra}\`: one entry at a time`)
  if (values.diff && values.done) throw new UsageError('Unexpected --diff with --done: first read the changes, then record them as translated')
  const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.')
  const outcome = await checkKb(root, { compile: false, cache: cacheWanted(values, io.env), env: io.env })
  if (outcome.kind === 'config-error') {
    await printReport(io, [outcome.configFile], 1, 'text', root, chooseLanguage(langFlag(values), io.env, outcome.lang))
    return exitCodes.usage
  }
  const { config, lookup } = outcome
  const locale = values.to
  if (!config.locales.includes(locale)) throw new UsageError(`Unexpected --to \`${locale}\`, expected one of ${config.locales.filter((item) => item !== config.defaultLocale).join(', ')}`)
  if (locale === config.defaultLocale) throw new UsageError(`Unexpected --to ${locale}: that is the source locale; translations go to ${config.locales.filter((item) => item !== locale).join(', ')}`)
  const source = lookup.byLocaleAndId.get(entryKey(config.defaultLocale, id))
  if (!source) {
    const broken = outcome.files.find((file) => file.path.startsWith(`content/${config.defaultLocale}/`) && file.path.endsWith(`/${id}.md`))
    if (broken && broken.messages.length > 0) {
      io.stderr.write(`kb: the source entry ${broken.path} has errors; fix them first:\n`)
      await printReport(io, [broken], 1, 'text', root, chooseLanguage(langFlag(values), io.env, config.lang))
      return exitCodes.content
    }
    throw new UsageError(`Unexpected id \`${id}\`: no ${config.defaultLocale} entry has it (kb status lists the entries to translate)`)
  }
  const sourceText = await readFile(path.join(root, source.file.path), 'utf8')
  const version = sourceVersion(source.frontmatter.title, source.frontmatter.summary, sourceText)
  const target = `content/${locale}/${source.frontmatter.category}/${id}.md`
  const existing = lookup.byLocaleAndId.get(entryKey(locale, id))
  const targetPath = existing?.file.path ?? target
  if (values.diff) return showDiff(io, root, source.file.path, targetPath, existing?.frontmatter.sourceHash, version)
  if (values.done) return markDone(io, root, targetPath, version)
  if (existing || existsSync(path.join(root, target))) {
    throw new UsageError(`Unexpected: ${targetPath} exists already; kb translate never overwrites it. To see what changed in the source since it was translated: kb translate ${id} --to ${locale} --diff`)
  }
  const text = translationSkeleton(
    { source: { frontmatter: source.frontmatter, text: sourceText, path: source.file.path, locale: config.defaultLocale, version }, locale, today: today(io.env), exists: (_locale, relative) => lookup.byPath.has(relative) },
    sectionModel(config)
  )
  await mkdir(path.dirname(path.join(root, target)), { recursive: true })
  await writeFile(path.join(root, target), text, { flag: 'wx' })
  io.stdout.write(`${target}\n`)
  const mark = placeholderMarkFor(locale)
  io.stderr.write(`kb: wrote ${target} (status: draft), translating ${source.file.path}. Replace each part marked ${mark} with its translation.\n`)
  return exitCodes.ok
}

/** What changed in the source since the version the translation records, from the KB's git history. */
async function showDiff(io: CliIo, root: string, sourcePath: string, targetPath: string, recorded: string | undefined, current: string): Promise<number> {
  if (!existsSync(path.join(root, targetPath))) throw new UsageError(`Unexpected --diff: ${targetPath} does not exist yet; write it with kb translate without --diff`)
  if (recorded === undefined) throw new UsageError(`Unexpected --diff: ${targetPath} records no source version (sourceHash); kb translate writes it, and --done adds it to an existing translation`)
  if (recorded === current) {
    io.stdout.write(`${targetPath} is up to date with ${sourcePath}.\n`)
    return exitCodes.ok
  }
  const commits = await git('git', ['-C', root, 'log', '--format=%H', '--', sourcePath]).then(
    ({ stdout }) => stdout.split('\n').filter(Boolean),
    () => undefined
  )
  if (commits === undefined) throw new UsageError(`Unexpected: ${root} is not in a git repository, so the version of ${sourcePath} that ${targetPath} translates cannot be found; kb translate --diff reads it from git history`)
  for (const commit of commits) {
    const text = await git('git', ['-C', root, 'show', `${commit}:./${sourcePath}`], { maxBuffer: 64 * 1024 * 1024 }).then(({ stdout }) => stdout, () => undefined)
    if (text === undefined) continue
    const frontmatter = frontmatterOf(text)
    if (!frontmatter || sourceVersion(String(frontmatter['title'] ?? ''), String(frontmatter['summary'] ?? ''), text) !== recorded) continue
    const { stdout } = await git('git', ['-C', root, 'diff', '--no-color', commit, '--', sourcePath], { maxBuffer: 64 * 1024 * 1024 })
    io.stdout.write(`${sourcePath} changed since ${targetPath} was translated (from commit ${commit.slice(0, 12)} to the file as it is now):\n${stdout}`)
    io.stderr.write(`kb: bring the translation up to date, then record it: kb translate ${path.basename(targetPath, '.md')} --to ${targetPath.split('/')[1]} --done\n`)
    return exitCodes.content
  }
  throw new UsageError(`Unexpected: no commit of ${sourcePath} has the version ${recorded} that ${targetPath} records (commit the source when a translation starts, so its changes can be shown)`)
}

/** Records the source's current version in the translation's frontmatter, changing nothing else in the file. */
async function markDone(io: CliIo, root: string, targetPath: string, version: string): Promise<number> {
  const file = path.join(root, targetPath)
  const text = await readFile(file, 'utf8').catch(() => undefined)
  if (text === undefined) throw new UsageError(`Unexpected --done: ${targetPath} does not exist`)
  const split = splitFrontmatter(text)
  if (!split) throw new UsageError(`Unexpected --done: ${targetPath} has no frontmatter`)
  const frontmatter = text.slice(0, split.closingAt)
  const updated = /^sourceHash:.*$/m.test(frontmatter) ? frontmatter.replace(/^sourceHash:.*$/m, `sourceHash: ${version}`) : `${frontmatter}sourceHash: ${version}\n`
  await writeFile(file, updated + text.slice(frontmatter.length))
  io.stderr.write(`kb: ${targetPath} now records the current version of its source (sourceHash: ${version})\n`)
  return exitCodes.ok
}

function frontmatterOf(text: string): Record<string, unknown> | undefined {
  const yaml = splitFrontmatter(text)?.yaml
  try {
    const data: unknown = yaml === undefined ? undefined : parseYaml(yaml)
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
