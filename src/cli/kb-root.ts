import path from 'node:path'
import { loadConfig } from '../config/load-config.js'
import { chooseLanguage } from '../diagnostics/language.js'
import type { KbConfig } from '../types/config.js'
import { printReport } from './print-report.js'
import { langFlag } from './options.js'
import type { CliIo } from './io.js'

/**
 * The KB root from `--root` and its config, for commands that write into content/: a config that does not
 * load is reported (in the editor's language) and the command stops (exit 2) before writing anything.
 */
export async function kbRootAndConfig(io: CliIo, values: { root?: string | boolean | undefined; lang?: string | boolean | undefined }): Promise<{ root: string; config: KbConfig } | undefined> {
  const root = path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.')
  const loaded = await loadConfig(root)
  if (loaded.config) return { root, config: loaded.config }
  await printReport(io, [loaded.file], 1, 'text', root, chooseLanguage(langFlag(values), io.env, loaded.lang))
  return undefined
}
