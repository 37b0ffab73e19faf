import path from 'node:path'
import { loadConfig } from '../config/load-config.js'
import type { KbConfig } from '../types/config.js'
import { printReport } from './print-report.js'
import type { CliIo } from './io.js'

/**
 * The KB root from `--root` and its config, for commands that write into content/: a config that does not
 * load is reported, and the command stops (exit 2) before writing anything.
 */
export async function kbRootAndConfig(io: CliIo, rootFlag: string | boolean | undefined): Promise<{ root: string; config: KbConfig } | undefined> {
  const root = path.resolve(io.cwd, typeof rootFlag === 'string' ? rootFlag : '.')
  const loaded = await loadConfig(root)
  if (loaded.config) return { root, config: loaded.config }
  printReport(io, [loaded.file], 1, 'text')
  return undefined
}
