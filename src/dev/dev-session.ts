import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { VFile } from 'vfile'
import { buildKb, type BuildOptions, type BuildResult } from '../build/build.js'
import { cacheFolderName, type ResidentArtifacts } from '../build/artifact-cache.js'
import type { ResidentSite } from '../build/site-patch.js'
import type { SearchTermsMemory } from '../compile/site/search-index.js'
import type { ResidentOutputState } from '../build/output-state.js'
import { summarize, toDiagnostics, type Diagnostic } from '../diagnostics/report.js'
import { codeFrame } from '../diagnostics/format-text.js'
import { loadTerminalWidth, type WidthOf } from '../diagnostics/terminal-width.js'
import { sitePathPrefix } from '../compile/site-paths.js'
import { chooseLanguage, type Language } from '../diagnostics/language.js'
import { ruleAdvice } from '../diagnostics/advice.js'

/** One problem as the page overlay shows it: where, what, and the lines around it. */
export interface DevProblem extends Diagnostic {
  frame: string | undefined
  /** The rule's title and what to do, in the editor's language. */
  explanation: string | undefined
}

/**
 * What the preview knows after its last build, sent to every open page. `version` counts the builds that
 * changed the site: a page showing an older one reloads, unless the last build has errors (then the site
 * stays as it was and the page shows them over it).
 */
export interface DevState {
  /** The editor's language, for the overlay's own words. */
  language: Language
  version: number
  errors: number
  warnings: number
  problems: DevProblem[]
  /** kb itself failed (a bug, or the output folder could not be written): the site stays as it was. */
  failure: string | undefined
}

export interface DevBuild {
  state: DevState
  result: BuildResult | undefined
  milliseconds: number
}

export interface DevSession {
  /** Where the preview's site is built: the KB's cache folder, so a restart reuses the last one. */
  siteDir: string
  /** The path the site is served under, from baseUrl in the config of the last build (see sitePathPrefix). */
  prefix(): string
  state(): DevState
  /** Builds now, or once more after the build that is running: every change is in some build. */
  rebuild(): Promise<void>
  /** Resolves when no build (nor the warm-up after an up-to-date start) is running or waiting, and the last one is recorded. */
  settled(): Promise<void>
  /** How many entries' artifacts the session holds decoded for its next build. */
  residentEntries(): number
  close(): void
}

/** What kb dev's engine keeps between its builds, so that a save costs what it changed. */
export interface DevMemory {
  /** Unchanged entries' artifacts stay decoded from one build to the next: a save costs its entry, not 9,000 reads. */
  resident: ResidentArtifacts
  /** What the last build compiled: a save that changes bodies alone recompiles the files that show them. */
  residentSite: ResidentSite
  /** The entries' search terms: a save rebuilds its entry's search shard without splitting the others' text. */
  searchTerms: SearchTermsMemory
  /** The output state the last build wrote: the next one does not read it back from disk. */
  residentOutput: ResidentOutputState
}

export function devMemory(): DevMemory {
  return { resident: new Map(), residentSite: { last: undefined }, searchTerms: new WeakMap(), residentOutput: {} }
}

/**
 * The resident engine behind `kb dev`: one process that keeps kb's modules, compiled schemas and rules
 * loaded, and builds the KB with drafts into a site of its own whenever it is told something changed.
 * Per-entry work comes from the cache, so a rebuild costs the changed entries and the pages that show them.
 */
export function startDevSession(root: string, options: { env: NodeJS.ProcessEnv; cache: boolean; lang: string | undefined; onBuilt: (build: DevBuild) => void }): DevSession {
  const siteDir = path.join(root, cacheFolderName, 'dev-site')
  const memory = devMemory()
  const { resident, residentSite } = memory
  // The preview serves the help center: the JSON API and the feeds (`kb build` writes them) are not made.
  const buildOptions: BuildOptions = { outDir: siteDir, drafts: true, outputs: 'site', publish: 'in-place', generatedAt: undefined, maxWarnings: undefined, cache: options.cache, env: options.env, ...memory }
  let state: DevState = { language: chooseLanguage(options.lang, options.env, undefined), version: 0, errors: 0, warnings: 0, problems: [], failure: undefined }
  let running: Promise<void> | undefined
  let warming: Promise<void> | undefined
  let again = false
  let closed = false
  let prefix = '/'

  /** A build, told to the pages; a warm-up (`reread`) that finds the site unchanged tells nobody. */
  async function buildOnce(reread = false): Promise<BuildResult | undefined> {
    const started = performance.now()
    let result: BuildResult | undefined
    try {
      result = await buildKb(root, reread ? { ...buildOptions, reread } : buildOptions)
      if (reread && result.kind === 'up-to-date') return result
      state = nextState(state, result, await loadTerminalWidth(), chooseLanguage(options.lang, options.env, 'config' in result ? result.config.lang : 'lang' in result ? result.lang : undefined))
      if ('config' in result) prefix = sitePathPrefix(result.config)
    } catch (error) {
      // The preview never dies on what it is shown: a failing build is reported, and the next change tries again.
      state = { ...state, errors: 0, warnings: 0, problems: [], failure: `kb failed, please report it with the file you changed:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}` }
    }
    options.onBuilt({ state, result, milliseconds: performance.now() - started })
    return result
  }

  /**
   * A start on an up-to-date site reads no entry (see unchangedBuild): the entries' artifacts are loaded now,
   * and what the site was built from is linked (see site-patch.ts), while the editor looks at the page, or the
   * first save would wait for all of it (3.5 s on 9,000 entries against 1.5 s for the saves after it, before
   * site patches). A save meanwhile is built right after; that build would have loaded them anyway.
   */
  async function warmUp(): Promise<void> {
    try {
      // A change made meanwhile is built (and shown) by this build, as by any other.
      const loaded = await buildOnce(true)
      if (loaded?.kind !== 'up-to-date' && loaded?.kind !== 'written') return
      // And the code a save runs that an up-to-date start did not load: an entry's parsing, run once on some
      // entry (its result unused), so the first save does not wait for it to be compiled.
      const processing = await import('../build/process-entry.js')
      const some = loaded.reported.find((file) => file.path.startsWith('content/'))
      if (some) processing.processEntry(some.path, await readFile(path.join(root, some.path)), processing.entryContext(loaded.config), true)
      // And a patched save's own code, loaded after the start so that it does not delay the page.
      if (residentSite.last) (await import('../build/site-patch.js')).warmSitePatch(residentSite.last, loaded.config, buildOptions.searchTerms)
    } catch {
      // The next build loads what it needs itself, and says what is wrong.
    }
  }

  const session: DevSession = {
    siteDir,
    prefix: () => prefix,
    state: () => state,
    rebuild() {
      if (closed) return Promise.resolve()
      if (running) {
        again = true
        return running
      }
      running = (async () => {
        // A warm-up under way loads what this build needs: it goes on, and the build follows it.
        await warming
        let result: BuildResult | undefined
        do {
          again = false
          result = await buildOnce()
        } while (again && !closed)
        // After the build, not inside it: the page is served meanwhile.
        if (!closed && options.cache && result?.kind === 'up-to-date' && resident.size === 0) {
          warming = warmUp().finally(() => {
            warming = undefined
          })
        }
      })().finally(() => {
        running = undefined
      })
      return running
    },
    settled: async () => {
      while (running || warming) await (running ?? warming)
      // And the last build's record, written after the pages were told.
      await memory.residentOutput.recording
    },
    residentEntries: () => resident.size,
    close() {
      closed = true
    }
  }
  return session
}

function nextState(previous: DevState, result: BuildResult, widthOf: WidthOf, language: Language): DevState {
  if (result.kind === 'config-error') return withProblems(previous.version, [result.configFile], undefined, widthOf, language)
  if (result.kind === 'refused') return withProblems(previous.version, [], result.message, widthOf, language)
  if (result.kind === 'output-error') return withProblems(previous.version, result.reported, result.message, widthOf, language)
  return withProblems(result.kind === 'written' ? previous.version + 1 : previous.version, result.reported, undefined, widthOf, language)
}

function withProblems(version: number, files: readonly VFile[], failure: string | undefined, widthOf: WidthOf, language: Language): DevState {
  const diagnostics = toDiagnostics(files)
  const summary = summarize(files.length, diagnostics)
  const linesOf = new Map(files.flatMap((file) => (file.value === undefined ? [] : [[file.path, String(file.value).split(/\r?\n/)] as const])))
  const problems = diagnostics.map((diagnostic) => {
    const lines = linesOf.get(diagnostic.file)
    const { messageZh, ...rest } = diagnostic
    const message = language === 'zh-CN' ? (messageZh ?? diagnostic.message) : diagnostic.message
    return { ...rest, message, frame: lines && codeFrame(lines, diagnostic, false, widthOf)?.replace(/^ {4}/gm, ''), explanation: ruleAdvice(diagnostic.ruleId, language) }
  })
  return { language, version, errors: summary.errors, warnings: summary.warnings, problems, failure }
}
