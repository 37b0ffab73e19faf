import { readFile } from 'node:fs/promises'
import { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import { discoverEntries, type DiscoveredFile } from '../load/discover.js'
import { parseEntry, type ParsedEntry } from '../parse/entry.js'
import { sectionModel } from '../parse/section-model.js'
import { checkCrossEntry, type EntryLookup } from './cross-entry.js'
import { safetyPolicy } from './safety/policy.js'
import { applySeverityOverrides } from './severity-overrides.js'
import type { KbConfig } from '../types/config.js'

export interface CheckedKb {
  config: KbConfig
  entries: ParsedEntry[]
  lookup: EntryLookup
}

export type CheckOutcome =
  | { kind: 'config-error'; configFile: LoadedConfig['file'] }
  | ({ kind: 'checked'; configFile: LoadedConfig['file']; files: VFile[] } & CheckedKb)

/** Loads the config and every entry, runs every rule, and returns the files with their problems attached. */
export async function checkKb(root: string): Promise<CheckOutcome> {
  const loaded = await loadConfig(root)
  if (!loaded.config) return { kind: 'config-error', configFile: loaded.file }
  const config = loaded.config
  const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
  const discovered = await discoverEntries(root)
  const entries: ParsedEntry[] = []
  const extraFiles: VFile[] = []
  for (const [index, bytes] of (await readAll(discovered)).entries()) {
    const found = discovered[index]
    if (!found) continue
    if (found.outsideRoot) {
      const file = new VFile({ path: found.path })
      report(file, 'file-symlink', `Unexpected symbolic link \`${found.path}\` to a place outside the KB root, expected a file inside it`, { line: 1, column: 1 })
      extraFiles.push(file)
    } else if (bytes instanceof Error) {
      const file = new VFile({ path: found.path })
      report(file, 'file-unreadable', `Unexpected read error: ${bytes.message}`, { line: 1, column: 1 })
      extraFiles.push(file)
    } else if (bytes) {
      entries.push(parseEntry(found.path, bytes, context))
    }
  }
  const lookup = checkCrossEntry(entries, config)
  // The config file joins the report when it has something to say (severity overrides).
  const files = [...(loaded.file.messages.length > 0 ? [loaded.file] : []), ...entries.map((entry) => entry.file), ...extraFiles]
  applySeverityOverrides(files, config)
  return { kind: 'checked', configFile: loaded.file, files, config, entries, lookup }
}

/** Reads in small batches: fast on thousands of files without running out of file handles. */
async function readAll(files: readonly DiscoveredFile[]): Promise<(Uint8Array | Error | undefined)[]> {
  const results: (Uint8Array | Error | undefined)[] = []
  const batch = 64
  for (let start = 0; start < files.length; start += batch) {
    const slice = files.slice(start, start + batch)
    results.push(
      ...(await Promise.all(
        slice.map((found) => (found.outsideRoot ? Promise.resolve(undefined) : readFile(found.absolute).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))))
      ))
    )
  }
  return results
}
