import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline/promises'
import { sectionModel } from '../parse/section-model.js'
import { entrySkeleton, entryTypes, type EntryType } from '../new/skeleton.js'
import { placeholderMarkFor } from '../new/placeholders.js'
import { freeId, idFromTitle, idsInUse, isValidId } from '../new/entry-id.js'
import { kbRootAndConfig } from './kb-root.js'
import { parseCommand } from './options.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { today } from './today.js'

/**
 * `kb new [type]`: writes a draft entry that passes `kb check`, with the type's sections under the locale's
 * headings. What the flags leave out it asks on a terminal; in a script or CI it says which flags are missing.
 */
export async function runNew(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { type: { type: 'string' }, locale: { type: 'string' }, category: { type: 'string' }, title: { type: 'string' }, id: { type: 'string' } })
  if (values.help) {
    io.stdout.write(helpFor('new'))
    return exitCodes.ok
  }
  for (const flag of ['format', 'max-warnings', 'no-cache'] as const) if (values[flag] !== undefined) throw new UsageError(`Unexpected --${flag} for kb new`)
  if (positionals.length > 1) throw new UsageError(`Unexpected argument \`${positionals[1]}\`: kb new takes one type at most`)
  const kb = await kbRootAndConfig(io, values)
  if (!kb) return exitCodes.usage
  const { root, config } = kb
  const { types } = entryTypes()
  const locale = typeof values.locale === 'string' ? values.locale : config.defaultLocale
  if (!config.locales.includes(locale)) throw new UsageError(`Unexpected --locale \`${locale}\`, expected one of ${config.locales.join(', ')}`)
  if (locale !== config.defaultLocale) {
    throw new UsageError(`Unexpected --locale ${locale}: new entries start in the default locale ${config.defaultLocale}, since an ${locale} entry without a ${config.defaultLocale} source is an error (translation-orphan); write it in ${config.defaultLocale} first, then add its ${locale} translation`)
  }
  const taken = idsInUse(root)
  const ask = interactive(io) ? await prompter(io) : undefined
  try {
    const given = {
      type: typeof values.type === 'string' ? values.type : positionals[0],
      category: typeof values.category === 'string' ? values.category : undefined,
      title: typeof values.title === 'string' ? values.title.trim() : undefined,
      id: typeof values.id === 'string' ? values.id : undefined
    }
    if (!ask) {
      const missing = [given.type === undefined && '--type (or the type as argument)', given.category === undefined && '--category', given.title === undefined && '--title'].filter(Boolean)
      if (missing.length > 0) throw new UsageError(`Missing ${missing.join(', ')}: without a terminal kb new asks nothing, for example kb new troubleshooting --category ${config.categories[0]?.id ?? 'account'} --title "…"`)
    }
    const type = (given.type ?? (await choose(ask, 'Type', types, types[0] ?? 'troubleshooting'))) as EntryType
    if (!types.includes(type)) throw new UsageError(`Unexpected type \`${type}\`, expected one of ${types.join(', ')}`)
    const categories = config.categories.map((category) => category.id)
    const category = given.category ?? (await choose(ask, 'Category', categories, categories[0] ?? '', (id) => config.categories.find((item) => item.id === id)?.name[locale]))
    if (!categories.includes(category)) throw new UsageError(`Unexpected category \`${category}\`, expected one of ${categories.join(', ')} (from kb.config.yaml)`)
    const title = given.title ?? (await askTitle(ask))
    if (title.length < 2 || title.length > 120) throw new UsageError(`Unexpected title of ${title.length} characters, expected 2 to 120`)
    const id = await chooseId(given.id, title, taken, ask)
    const relative = `content/${locale}/${category}/${id}.md`
    const text = entrySkeleton({ id, type, locale, category, title, today: today(io.env) }, sectionModel(config))
    await mkdir(path.join(root, path.dirname(relative)), { recursive: true })
    try {
      // `wx`: an entry that appeared meanwhile is never overwritten.
      await writeFile(path.join(root, relative), text, { flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`Unexpected: ${relative} exists already; kb new never overwrites an entry (choose another --id)`)
      throw error
    }
    const mark = placeholderMarkFor(locale)
    io.stdout.write(`${relative}\n`)
    io.stderr.write(`kb: wrote ${relative} (status: draft). Fill in the parts marked ${mark}, preview with kb dev, then set status: published.\n`)
    return exitCodes.ok
  } finally {
    ask?.close()
  }
}

function interactive(io: CliIo): boolean {
  return Boolean(io.stdin?.isTTY && io.stdout.isTTY) && !io.env['CI']
}

interface Prompter {
  question(text: string): Promise<string>
  say(text: string): void
  close(): void
}

/**
 * Questions on the terminal, one answer per line. Lines typed or pasted ahead are kept for the next
 * questions; Ctrl-C or Ctrl-D cancels, and nothing is written.
 */
async function prompter(io: CliIo): Promise<Prompter> {
  const lines = createInterface({ input: io.stdin as NodeJS.ReadableStream, output: io.stdout, terminal: true })
  const ahead: string[] = []
  const waiting: ((line: string | undefined) => void)[] = []
  let closed = false
  lines.on('line', (line) => {
    const next = waiting.shift()
    if (next) next(line)
    else ahead.push(line)
  })
  lines.on('SIGINT', () => lines.close())
  lines.on('close', () => {
    closed = true
    for (const next of waiting.splice(0)) next(undefined)
  })
  return {
    async question(text) {
      lines.setPrompt(text)
      lines.prompt()
      const line = ahead.shift() ?? (closed ? undefined : await new Promise<string | undefined>((resolve) => waiting.push(resolve)))
      if (line === undefined) {
        io.stdout.write('\n')
        throw new UsageError('Cancelled: no entry was written')
      }
      return line
    },
    say: (text) => io.stdout.write(`${text}\n`),
    close: () => lines.close()
  }
}

async function choose(ask: Prompter | undefined, label: string, options: readonly string[], fallback: string, describe?: (option: string) => string | undefined): Promise<string> {
  if (!ask) return fallback
  const listed = options.map((option, index) => `  ${index + 1}) ${option}${describe?.(option) ? `  ${describe(option)}` : ''}`).join('\n')
  for (;;) {
    const answer = (await ask.question(`${label}:\n${listed}\n${label} [${fallback}]: `)).trim()
    if (answer === '') return fallback
    const byNumber = options[Number(answer) - 1]
    if (/^\d+$/.test(answer) && byNumber) return byNumber
    if (options.includes(answer)) return answer
  }
}

async function askTitle(ask: Prompter | undefined): Promise<string> {
  if (!ask) throw new UsageError('Missing --title')
  for (;;) {
    const title = (await ask.question('Title (as readers will see it): ')).trim()
    if (title.length >= 2 && title.length <= 120) return title
    ask.say('A title has 2 to 120 characters.')
  }
}

/** The id: as given, or derived from the title and confirmed on a terminal; never one in use. */
async function chooseId(given: string | undefined, title: string, taken: ReadonlySet<string>, ask: Prompter | undefined): Promise<string> {
  if (given !== undefined) {
    if (!isValidId(given)) throw new UsageError(`Unexpected --id \`${given}\`, expected lowercase letters, digits and hyphens, such as close-account (at most 64)`)
    if (taken.has(given)) throw new UsageError(`Unexpected --id \`${given}\`: an entry with that id exists already (in some locale), expected a new id`)
    return given
  }
  const suggested = freeId(idFromTitle(title), (id) => taken.has(id))
  if (!ask) return suggested
  for (;;) {
    const answer = (await ask.question(`Id, also the file name (Enter keeps it, or type an English one) [${suggested}]: `)).trim()
    if (answer === '') return suggested
    if (isValidId(answer) && !taken.has(answer)) return answer
    ask.say(taken.has(answer) ? `An entry with the id ${answer} exists already.` : 'Use lowercase letters, digits and hyphens, such as close-account.')
  }
}
