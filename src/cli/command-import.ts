import { existsSync } from 'node:fs'
import path from 'node:path'
import { importFiles } from '../import/import-files.js'
import { formatImportText } from '../import/format-import-report.js'
import type { ImportShape } from '../import/foreign-article.js'
import { kbRootAndConfig } from './kb-root.js'
import { langFlag, parseCommand } from './options.js'
import { chooseLanguage } from '../diagnostics/language.js'
import { exitCodes, UsageError, type CliIo } from './io.js'
import { helpFor } from './help.js'
import { progressLine } from './progress.js'
import { today } from './today.js'

const shapes = ['auto', 'seed', 'markdown', 'zendesk-json'] as const

/**
 * `kb import <file|dir…>`: existing articles as draft entries. Exit 0 when every article was written and
 * passes kb check as a draft, 1 when some did not (the report says which and why), 2 for usage errors.
 */
export async function runImport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(args, { locale: { type: 'string' }, category: { type: 'string' }, from: { type: 'string' }, 'strip-unsafe': { type: 'boolean' } })
  if (values.help) {
    io.stdout.write(helpFor('import'))
    return exitCodes.ok
  }
  for (const flag of ['max-warnings', 'no-cache'] as const) if (values[flag] !== undefined) throw new UsageError(`Unexpected --${flag} for kb import`)
  const format = typeof values.format === 'string' ? values.format : 'text'
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unexpected --format \`${format}\`, expected text or json`)
  const from = typeof values.from === 'string' ? values.from : 'auto'
  if (!(shapes as readonly string[]).includes(from)) throw new UsageError(`Unexpected --from \`${from}\`, expected one of ${shapes.join(', ')}`)
  if (positionals.length === 0) throw new UsageError('Missing the files or folders to import, for example kb import old-posts/ --locale zh-CN')
  const inputs = positionals.map((input) => path.resolve(io.cwd, input))
  const missing = inputs.find((input) => !existsSync(input))
  if (missing) throw new UsageError(`Unexpected \`${path.relative(io.cwd, missing) || missing}\`: no such file or folder`)
  const kb = await kbRootAndConfig(io, values)
  if (!kb) return exitCodes.usage
  const { root, config } = kb
  if (typeof values.locale !== 'string') throw new UsageError(`Missing --locale: the language the articles are written in, one of ${config.locales.join(', ')}`)
  if (!config.locales.includes(values.locale)) throw new UsageError(`Unexpected --locale \`${values.locale}\`, expected one of ${config.locales.join(', ')}`)
  const category = typeof values.category === 'string' ? values.category : config.categories[0]?.id
  if (!category || !config.categories.some((item) => item.id === category)) throw new UsageError(`Unexpected --category \`${category ?? ''}\`, expected one of ${config.categories.map((item) => item.id).join(', ')} (from kb.config.yaml)`)
  const progress = progressLine(io)
  const results = importFiles({ root, cwd: io.cwd, config, inputs, locale: values.locale, category, from: from as ImportShape | 'auto', stripUnsafe: values['strip-unsafe'] === true, today: today(io.env), onProgress: (done, total) => progress.onProgress?.({ phase: 'import', done, total }) })
  progress.clear()
  io.stdout.write(format === 'json' ? JSON.stringify({ version: 1, articles: results }, null, 2) + '\n' : formatImportText(results, chooseLanguage(langFlag(values), io.env, config.lang)))
  return results.every((result) => result.target && result.check.errors === 0) ? exitCodes.ok : exitCodes.content
}
