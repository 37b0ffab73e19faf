import { parseArgs } from 'node:util'
import { UsageError } from './io.js'
import { reportFormats, type ReportFormat } from './print-report.js'
import { languageOfLocale, languages } from '../diagnostics/language.js'

export interface CommonOptions {
  root: string
  format: ReportFormat
  maxWarnings: number | undefined
  /** The per-entry cache in `<root>/.kb-cache`: off with --no-cache or KB_CACHE=off. */
  cache: boolean
  /** `--lang` as given (see chooseLanguage for the rest of the choice). */
  lang: string | undefined
}

const shared = {
  root: { type: 'string' },
  format: { type: 'string' },
  'max-warnings': { type: 'string' },
  'no-cache': { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** Parses a command's flags; anything unknown or malformed is a usage error (exit 2). */
export function parseCommand<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(args: string[], extra: T) {
  try {
    return parseArgs({ args, options: { ...shared, ...extra }, allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error))
  }
}

export function commonOptions(
  values: { root?: string | boolean | undefined; format?: string | boolean | undefined; 'max-warnings'?: string | boolean | undefined; 'no-cache'?: string | boolean | undefined; lang?: string | boolean | undefined },
  cwd: string,
  resolve: (from: string, to: string) => string,
  env: NodeJS.ProcessEnv
): CommonOptions {
  const format = typeof values.format === 'string' ? values.format : 'text'
  if (!(reportFormats as readonly string[]).includes(format)) throw new UsageError(`Unexpected --format \`${format}\`, expected one of ${reportFormats.join(', ')}`)
  let maxWarnings: number | undefined
  if (typeof values['max-warnings'] === 'string') {
    maxWarnings = Number(values['max-warnings'])
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`Unexpected --max-warnings \`${values['max-warnings']}\`, expected a whole number such as 0`)
  }
  const cache = cacheWanted(values, env)
  const lang = langFlag(values)
  if (lang !== undefined && !languageOfLocale(lang)) throw new UsageError(`Unexpected --lang \`${lang}\`, expected one of ${languages.join(', ')}`)
  return { root: resolve(cwd, typeof values.root === 'string' ? values.root : '.'), format: format as ReportFormat, maxWarnings, cache, lang }
}

/** `--lang` as given, for commands that print a report but not with the common options (status, new, translate). */
export function langFlag(values: { lang?: string | boolean | undefined }): string | undefined {
  return typeof values.lang === 'string' ? values.lang : undefined
}

/** The per-entry cache is used unless --no-cache or KB_CACHE=off says otherwise. */
export function cacheWanted(values: { 'no-cache'?: string | boolean | undefined }, env: NodeJS.ProcessEnv): boolean {
  return values['no-cache'] !== true && env['KB_CACHE'] !== 'off'
}
