import path from 'node:path'
import type { VFile } from 'vfile'
import { summarize, toDiagnostics } from '../diagnostics/report.js'
import type { UnwrittenOutcome } from '../write/unwritten-output.js'
import type { Manifest } from '../types/manifest.js'
import type { CheckOptions, RunFacts } from './engine.js'
import { listedAsWritten, outputIntact, readOutputState, recordedFileCount, type OutputState, type ResidentOutputState } from './output-state.js'
import { listedAsRecorded, readTextOrNothing, replayFindings, replayRun, runKey, sameEntries, type LookedAt, type RecordedRun } from './unchanged-run.js'
import { discoverEntries } from '../load/discover.js'
import type { LoadedConfig } from '../config/load-config.js'
import { readConfigText } from '../config/config-file.js'
import { buildNotes } from './build-notes.js'
import { startTimings } from './timings.js'
import { resolveOutputTarget } from '../write/output-target.js'
import { assertReplaceable } from '../write/replaceable.js'
import { OutputError } from '../write/output-error.js'
import { hasBuildTraces } from '../write/recover-interrupted.js'
import { patchCutShort } from '../write/patch-marker.js'
import { startOutputCheck } from './output-check.js'
import type { KbConfig } from '../types/config.js'
import type { ResidentSite } from './site-patch.js'
import type { SearchTermsMemory } from '../compile/site/search-index.js'

export interface BuildOptions extends Omit<CheckOptions, 'compile'> {
  outDir: string
  /** Also build `draft` and `review` entries (never `archived`). */
  drafts: boolean
  /** From SOURCE_DATE_EPOCH; output carries no time otherwise, so builds are byte-identical. */
  generatedAt: string | undefined
  /** More warnings than this stop the build like an error. */
  maxWarnings: number | undefined
  /** `site` for the preview of `kb dev`: the help center only, without the JSON API and the feeds. */
  outputs?: 'all' | 'site'
  /** Told once, when another build is writing the same output and this one waits for it. */
  onWait?: (message: string) => void
  /** `in-place` for kb dev's own site: see WriteOptions.inPlace. A build into dist/ always swaps. */
  publish?: 'swap' | 'in-place'
  /** kb dev's memory of its last build, for a save that changes bodies alone (see site-patch.ts). */
  residentSite?: ResidentSite
  /** kb dev's entries' search terms, for the search shards a save rebuilds (see SearchTermsMemory). */
  searchTerms?: SearchTermsMemory
  /** kb dev's output state as its last build wrote it (see ResidentOutputState). */
  residentOutput?: ResidentOutputState
  /** Read every entry even when the record shows nothing changed: kb dev's warm-up, which loads them. */
  reread?: boolean
}

export type BuildResult =
  /** The output folder may not be replaced (see assertReplaceable): nothing was checked. */
  | { kind: 'refused'; message: string }
  | { kind: 'config-error'; configFile: LoadedConfig['file']; lang: LoadedConfig['lang'] }
  | ({ kind: 'stopped'; reported: VFile[]; checkedFiles: number; output: UnwrittenOutcome } & RunFacts)
  | ({ kind: 'output-error'; reported: VFile[]; checkedFiles: number; message: string } & RunFacts)
  /** `sitePatch`: the entries whose body alone changed, when only their files were compiled (see site-patch.ts). */
  | ({ kind: 'written'; reported: VFile[]; checkedFiles: number; manifest: Manifest; sitePatch?: number } & RunFacts)
  | ({ kind: 'up-to-date'; reported: VFile[]; checkedFiles: number; files: number } & RunFacts)

/**
 * check → compile → scan the output → write, as one run. The output is compiled and scanned only for a clean
 * KB, and the report covers both; dist/ changes only when all of it is clean.
 */
export async function buildKb(root: string, options: BuildOptions): Promise<BuildResult> {
  const target = await resolveOutputTarget(options.outDir)
  await options.residentOutput?.recording
  // An output a patch left half made is not what its record says: it is written whole.
  const previous = options.cache && !patchCutShort(target) ? await readOutputState(root, target, options.residentOutput) : undefined
  const keyOf = (configText: string | undefined) => runKey(configText, { drafts: options.drafts, generatedAt: options.generatedAt ?? null, outputs: options.outputs ?? 'all' })
  // The config as the last run read it, when the file is byte for byte the same: neither parsed nor validated again.
  const looked: LookedAt = { stamps: new Map() }
  if (previous?.run?.config && !options.reread) {
    const configText = await readConfigText(root)
    if (configText !== undefined && previous.run.key === keyOf(configText)) {
      const unchanged = await unchangedBuild(root, previous, previous.run, previous.run.config, configText, options, looked)
      if (unchanged) return unchanged
    }
  }
  // Which output files were changed by hand since: looked up on another thread while the entries are read.
  const outputCheck = previous && startOutputCheck(previous)
  const { loadConfig } = await import('../config/load-config.js')
  const { loadConfigRemembered } = await import('./config-memo.js')
  const loaded = await (options.cache ? loadConfigRemembered(root) : loadConfig(root))
  if (!loaded.config) return { kind: 'config-error', configFile: loaded.file, lang: loaded.lang }
  const key = keyOf(typeof loaded.file.value === 'string' ? loaded.file.value : undefined)
  // Refused before the long check, so the editor hears at once; the write checks again under the build lock.
  try {
    await assertReplaceable(target, options.outDir, listedAsWritten(previous))
  } catch (error) {
    if (error instanceof OutputError) return { kind: 'refused', message: error.message }
    throw error
  }
  const { fullBuild } = await import('./full-build.js')
  return fullBuild(root, options, loaded, target, previous, key, outputCheck, looked)
}

/**
 * The build when the last one's record shows, from the file system alone, that nothing it read has changed
 * and its output is as it wrote it: its report again, without reading an entry or the cache. Undefined when
 * anything differs; the full build then decides.
 */
async function unchangedBuild(root: string, previous: OutputState, recorded: RecordedRun, config: KbConfig, configText: string | undefined, options: BuildOptions, looked: LookedAt): Promise<BuildResult | undefined> {
  const timings = startTimings()
  const listed = listedAsRecorded(recorded, root)
  if (listed) looked.listed = listed
  const discovered = listed?.files ?? (await discoverEntries(root))
  if (!sameEntries(recorded, discovered, root, looked)) return undefined
  timings.mark('read')
  if (!outputIntact(previous) || (await hasBuildTraces(previous.target))) return undefined
  timings.mark('output state')
  const checked = replayRun(recorded, root, configText)
  const reported = [...checked, ...replayFindings(previous.findings, (relative) => readTextOrNothing(path.join(previous.target, relative)))]
  const warnings = summarize(recorded.checkedFiles, toDiagnostics(reported)).warnings
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return undefined
  return { kind: 'up-to-date', reported, checkedFiles: recorded.checkedFiles, files: recordedFileCount(previous), config, threads: 1, cached: recorded.stamps.size, processed: 0, notes: buildNotes(config), timings }
}

