import { createHash } from 'node:crypto'
import path from 'node:path'
import type { VFile } from 'vfile'
import { compareStrings, report, summarize, toDiagnostics } from '../diagnostics/report.js'
import { compileFiles, includedEntries, linkEntries } from '../compile/compile-kb.js'
import { isKept, isStreamed } from '../compile/output-file.js'
import { normalizeUrl } from '../validate/safety/check-entry-safety.js'
import { carryRecords, scannedBefore, scanThreads, startScanner, type ScannedRecords } from './scan.js'
import { threadCount } from './worker-pool.js'
import { writeDist } from '../write/write-dist.js'
import { OutputError } from '../write/output-error.js'
import { settleUnwrittenOutput } from '../write/unwritten-output.js'
import { checkKb, type CheckedKb, type CheckOutcome, type RunFacts } from './engine.js'
import { toPortableMessages, type CheckedEntry, type PortableMessage } from './entry-artifact.js'
import { kbFingerprint } from './kb-fingerprint.js'
import { outputMemo } from './output-memo.js'
import { intactPerCheck, startOutputCheck } from './output-check.js'
import { asSpare, listedAsWritten, spareFolder, statFolders, statOutput, writeOutputState, type OutputState } from './output-state.js'
import { knownEntries, listedAsRecorded, readTextOrNothing, recordRun, replayFindings, type LookedAt } from './unchanged-run.js'
import type { BuildOptions, BuildResult } from './build.js'
import { hasBuildTraces } from '../write/recover-interrupted.js'
import { manifestName } from '../write/kb-manifest.js'
import type { LoadedConfig } from '../config/load-config.js'
import { skippedWithoutBaseUrl } from '../compile/feeds/emitters.js'
import { buildNotes } from './build-notes.js'
import { planSitePatch, siteBuilt, type SiteBuilt } from './site-patch.js'
import type { ApiEntry } from '../types/api-entry.js'
import { startHeapGovernor } from './heap-governor.js'
import { publishMedia } from './media.js'
import { imageReferencePath, mediaKey } from '../validate/media-files.js'
import { isLocalImage } from '../validate/images.js'
import { reportFeedLimits } from './feed-limits.js'
import { applySeverityOverrides } from '../validate/severity-overrides.js'
import type { KbConfig } from '../types/config.js'

/**
 * The build in full: every entry checked (from the cache where it can), then, for a clean KB, the output
 * compiled, scanned and written, unless its record shows the output is what these inputs give already.
 */
export async function fullBuild(root: string, options: BuildOptions, loaded: LoadedConfig, target: string, previous: OutputState | undefined, key: string, outputCheck = previous && startOutputCheck(previous), looked?: LookedAt): Promise<BuildResult> {
  const listed = options.cache ? (looked?.listed ?? listedAsRecorded(previous?.run, root)) : undefined
  const outcome = await checkKb(root, { ...options, compile: true, loaded, known: knownEntries(previous?.run), ...(listed ? { listed } : {}), ...(options.cache && looked ? { stamped: looked.stamps } : {}) })
  if (outcome.kind === 'config-error') return outcome
  try {
    return await buildChecked(root, options, target, previous, key, outcome, outputCheck)
  } finally {
    // The entries' bodies are read from the cache's files until the output is written.
    outcome.release()
  }
}

/** The build of a checked KB: its output compiled, scanned and written, unless nothing changed or it has errors. */
async function buildChecked(root: string, options: BuildOptions, target: string, previous: OutputState | undefined, key: string, outcome: Extract<CheckOutcome, { kind: 'checked' }>, outputCheck: ReturnType<typeof startOutputCheck> | undefined): Promise<BuildResult> {
  const { files: checkedFiles, ...facts } = outcome
  // The build's own findings, then the config's severities over them, as checkKb applied them to its own.
  reportSkippedOutputs(outcome.configFile, facts.config)
  reportFeedLimits(root, outcome.entries)
  applySeverityOverrides([outcome.configFile, ...outcome.entries.map((entry) => entry.file)], facts.config)
  if (outcome.configFile.messages.length > 0 && !checkedFiles.includes(outcome.configFile)) checkedFiles.unshift(outcome.configFile)
  const run: RunFacts = { config: facts.config, threads: facts.threads, cached: facts.cached, processed: facts.processed, notes: facts.notes, timings: facts.timings }
  run.notes.push(...buildNotes(facts.config))
  const { timings } = run
  const tooMany = (warnings: number) => options.maxWarnings !== undefined && warnings > options.maxWarnings
  const checked = summarize(checkedFiles.length, toDiagnostics(checkedFiles))
  const stop = async (reported: VFile[]): Promise<BuildResult> => ({ kind: 'stopped', reported, checkedFiles: checkedFiles.length, output: await settleUnwrittenOutput(options.outDir), ...run })
  if (checked.errors > 0 || tooMany(checked.warnings)) return stop(checkedFiles)

  const allowed = allowedUrls(outcome.entries)
  const keys = options.cache ? buildKeys(outcome, options, allowed) : undefined
  const thisRun = recordRun(key, facts.config, outcome.read, outcome.media.looked, checkedFiles)
  timings.mark('output state')
  if (keys && previous?.inputKey === keys.inputKey && previous.scanKey === keys.scanKey && (await intactPerCheck(previous, outputCheck)) && !(await hasBuildTraces(target))) {
    // Nothing the output depends on changed, and the output is as the last build wrote it.
    const reported = [...checkedFiles, ...replayFindings(previous.findings, (relative) => readTextOrNothing(path.join(target, relative)))]
    if (!tooMany(summarize(checkedFiles.length, toDiagnostics(reported)).warnings)) {
      // Entries touched but not changed (or read too soon after a change): with their new stamps the next build
      // sees at once that nothing changed.
      await writeOutputState(root, { ...previous, run: thisRun }, options.residentOutput)
      // kb dev's warm-up (or a save that changed nothing): what the next save may patch, linked now, not then.
      if (options.residentSite && !options.residentSite.last) options.residentSite.last = await residentSiteNow(root, outcome, options, keys, key)
      return { kind: 'up-to-date', reported, checkedFiles: checkedFiles.length, files: Object.keys(previous.files).length, ...run }
    }
  }
  // The images, made ready (or taken from the cache) before the pages that name their files.
  const media = await publishMedia(root, outcome.media, options.cache)
  timings.mark('images')
  if (media.failed.size > 0) {
    // An image that passed the check's look at its first bytes and still cannot be read: said at the image.
    reportUnreadableImages(outcome.entries, media.failed)
    return stop(checkedFiles)
  }
  const changedOutput = (keys && (await outputCheck?.())) || new Set<string>()
  const memo = outputMemo(keys ? previous : undefined, keys?.scanKey ?? '', changedOutput)
  const compilable = { config: outcome.config, lookup: outcome.lookup, entries: outcome.entries, media }
  // kb dev: a save that changed entries' bodies alone recompiles the files that show them (see site-patch.ts).
  const resident = options.residentSite
  const siteContext = resident ? siteContextOf(key, outcome) : ''
  const patch = resident && keys ? planSitePatch(resident.last, { kb: compilable, options, previous, keys, context: siteContext, changedOutput, memo }) : undefined
  let linked: readonly ApiEntry[] | undefined
  // Whatever this build leaves, the last one's facts no longer describe the output until it is written.
  if (resident) resident.last = undefined
  // Output files whose bytes the last build wrote and scanned keep that scan's verdict; only the rest are scanned.
  const reuseScan = previous !== undefined && previous.scanKey === keys?.scanKey
  const hashes = new Map<string, string>()
  const replayable: Record<string, PortableMessage[]> = {}
  const replayedTexts = new Map<string, string>()
  const keptWhole: string[] = []
  let scannedRecords: ScannedRecords = { ofFile: new Map(), flagged: new Map() }
  try {
    const { manifest, value: reported, patched, spareKept, reused } = await writeDist(
      options.outDir,
      async (sink) => {
        // Each file is hashed, queued for the scan (on the other cores) and written as soon as it is made.
        const scanner = startScanner(outcome.config, allowed, scanThreads(threadCount(outcome.entries.length, options.env)), reuseScan ? scannedBefore(previous.records) : undefined)
        try {
          const files = patch ? patch.files() : compileFiles(compilable, options, keys ? memo.memo : undefined, keys ? memo.parts : undefined, (entries) => (linked = entries))
          let written = 0
          // Garbage bounded by a fixed amount past what is alive, not by as much again: at 10,000 entries the
          // compile step keeps 200 to 270 MB alive, and twice that let its heap reach 730 MB.
          // kb dev keeps every entry's artifact between builds: a rebuild that starts above the floor would
          // collect the whole heap at once, on the path from the editor's save to the preview; it keeps the
          // wider bounds, which a save's garbage stays within.
          const heap = options.resident ? startHeapGovernor(300_000_000, 64, 150_000_000, { pastNow: true }) : startHeapGovernor(compileHeap.floorBytes, 1, compileHeap.headroomBytes)
          for (const [relative, text] of files) {
            options.onProgress?.({ phase: 'output', done: ++written })
            // A kept file is linked, never made: nothing to collect after it, and a look at the heap per kept
            // file would cost a one-change build 36,000 looks.
            if (!isKept(text)) heap.tick()
            if (text instanceof Uint8Array) {
              // An image: written as it is (it was made from a checked image file), never scanned as text.
              const sha256 = createHash('sha256').update(text).digest('hex')
              hashes.set(relative, sha256)
              sink.add(relative, text, sha256)
              const behind = sink.ready()
              if (behind) await behind
              continue
            }
            if (isStreamed(text)) {
              // A file of many parts: written, hashed and scanned a part at a time, never held whole.
              const stream = sink.stream(relative)
              const scan = scanner.stream(relative, () => stream.textOf())
              for (const part of text.parts) {
                stream.push(part.text)
                scan?.push(part.text, part.key)
                heap.tick()
                const behind = scanner.ready()
                if (behind) await behind
              }
              // Written out before the scan's last records are settled: a flagged file is read back from disk.
              hashes.set(relative, stream.end().sha256)
              scan?.end()
              continue
            }
            if (typeof text !== 'string') {
              // A file kept from the current output: its hash and scan verdict are as recorded.
              hashes.set(relative, text.kept.sha256)
              keptWhole.push(relative)
              const findings = previous?.findings[relative]
              if (findings) replayable[relative] = findings
              sink.keep(relative, text.kept)
              const behind = sink.ready()
              if (behind) await behind
              continue
            }
            // Made once: hashed here, then moved to a writer thread.
            const bytes = Buffer.from(text, 'utf8')
            const sha256 = createHash('sha256').update(bytes).digest('hex')
            hashes.set(relative, sha256)
            if (reuseScan && previous.files[relative]?.sha256 === sha256) {
              keptWhole.push(relative)
              const findings = previous.findings[relative]
              if (findings) {
                replayable[relative] = findings
                replayedTexts.set(relative, text)
              }
            } else {
              scanner.add(relative, text)
            }
            sink.add(relative, bytes, sha256, text)
            // The scan and the disk run on other threads: when they fall behind, compiling waits for them.
            const behind = scanner.ready() ?? sink.ready()
            if (behind) await behind
          }
          // Named apart: a save that patched the site and one that compiled it all differ by a second at corpus size.
          timings.mark(patch ? 'compile (bodies only)' : 'compile')
        } catch (error) {
          // A file kb cannot make (its own assets gone, a bug): the scan's threads end too, or the process would hang.
          await scanner.stop()
          throw error
        }
        const { files: scanned, records } = await scanner.finish()
        scannedRecords = records
        // A file kept whole from the last build keeps its records' verdicts for the next one.
        if (reuseScan) carryRecords(previous.records, keptWhole, scannedRecords)
        const replayed = replayFindings(replayable, (relative) => replayedTexts.get(relative) ?? readTextOrNothing(path.join(target, relative)))
        timings.mark('scan')
        const reported = [...checkedFiles, ...[...scanned, ...replayed].sort((a, b) => compareStrings(a.path, b.path))]
        const summary = summarize(checkedFiles.length, toDiagnostics(reported))
        return { publish: summary.errors === 0 && !tooMany(summary.warnings), value: reported }
      },
      { generatedAt: options.generatedAt, env: options.env, writerThreads: writerThreads(outcome.entries.length, options.env), listedAsWritten: listedAsWritten(previous), inPlace: options.publish === 'in-place', ...(previous ? { previous: previous.files } : {}), spare: { folder: spareFolder(root, target), record: previous?.spare, keep: previous?.folders !== undefined }, ...(options.onWait ? { onWait: options.onWait } : {}) }
    )
    if (!manifest) return stop(reported)
    timings.mark('write')
    if (keys) {
      const findings = Object.fromEntries(reported.filter((file) => file.path.startsWith('dist/')).map((file) => [file.path.slice('dist/'.length), toPortableMessages(file.messages)]))
      // Read back at once, before anything else can touch the files: a file changed later must differ from its record.
      // A patched output's other files are the ones recorded, untouched: only the patch is read back. So are
      // the files kept as the spare tree held them (most of them, after one change): 36,000 looks cost 0.1 s.
      const files = statOutput(target, new Map([...hashes, [manifestName, '']]), patched && previous ? (relative) => (patched.has(relative) ? undefined : previous.files[relative]) : reused && ((relative) => reused.get(relative)))
      const folders = statFolders(target, Object.keys(files))
      // The spare tree beside the output: the output just replaced when the swap kept it, else the one before, untouched by a patch.
      const spare = spareKept && previous ? asSpare(previous, files) : patched ? previous?.spare : undefined
      const state: OutputState = { target, inputKey: keys.inputKey, scanKey: keys.scanKey, files, findings, records: scannedRecords, inputs: Object.fromEntries(memo.inputs), parts: Object.fromEntries(memo.partsOf), run: thisRun, folders, ...(spare ? { spare } : {}) }
      if (resident) resident.last = patch ? patch.built(keys) : linked && siteBuilt(outcome.entries, linked, keys, siteContext)
      // kb dev tells the pages first and stores the record after: its next build waits for it (see ResidentOutputState).
      if (options.residentOutput) options.residentOutput.recording = writeOutputState(root, state, options.residentOutput).catch(() => undefined)
      else await writeOutputState(root, state)
      timings.mark('record')
    }
    return { kind: 'written', reported, checkedFiles: checkedFiles.length, manifest, ...run, ...(patch ? { sitePatch: patch.entries } : {}) }
  } catch (error) {
    // A full disk, a read-only folder or another build holding the output: one line saying what to do.
    if (!(error instanceof OutputError)) throw error
    return { kind: 'output-error', reported: checkedFiles, checkedFiles: checkedFiles.length, message: error.message, ...run }
  }
}

/** The options and images a site patch must find as its last build did (see planSitePatch). */
function siteContextOf(key: string, outcome: CheckedKb): string {
  return `${key}\0${JSON.stringify([...outcome.media.looked])}`
}

/** What the site as it stands was built from, for the next save to patch: undefined if an image or an entry cannot be made ready. */
async function residentSiteNow(root: string, outcome: CheckedKb, options: BuildOptions, keys: { inputKey: string; scanKey: string }, key: string): Promise<SiteBuilt | undefined> {
  const media = await publishMedia(root, outcome.media, options.cache)
  if (media.failed.size > 0) return undefined
  const kb = { config: outcome.config, lookup: outcome.lookup, entries: outcome.entries, media }
  const linked = linkEntries(kb, options)
  // An entry that failed to link: the next save compiles everything, and says so at the entry.
  if (linked.length !== includedEntries(kb, options).filter((entry) => entry.compiled).length) return undefined
  return siteBuilt(outcome.entries, linked.map((entry) => entry.api), keys, siteContextOf(key, outcome))
}

function reportUnreadableImages(entries: readonly CheckedEntry[], failed: ReadonlyMap<string, { reason: string; reasonZh: string }>): void {
  for (const entry of entries) {
    for (const image of entry.images) {
      if (!isLocalImage(image.url)) continue
      const failure = failed.get(mediaKey(entry.location?.locale ?? '', imageReferencePath(entry.file.path, image.url)))
      if (failure) report(entry.file, 'image-format', `Unexpected image \`${image.url}\` that kb cannot read (${failure.reason}), expected a whole PNG, JPEG, WebP or GIF of at most 50 million pixels`, image.position, undefined, `图片 \`${image.url}\` 读不出来（${failure.reasonZh}）：应是完整的 PNG、JPEG、WebP 或 GIF，最多 5000 万像素`)
    }
  }
}

/** The keys of the output state: inputs of the whole output, and of the output scan's verdicts. */
function buildKeys(outcome: CheckedKb, options: BuildOptions, allowed: ReadonlySet<string>): { inputKey: string; scanKey: string } {
  const scanKey = createHash('sha256').update(kbFingerprint()).update('\0').update(JSON.stringify(outcome.config)).update('\0').update(JSON.stringify([...allowed].sort(compareStrings))).digest('hex')
  const input = createHash('sha256').update(scanKey).update('\0').update(JSON.stringify({ drafts: options.drafts, generatedAt: options.generatedAt ?? null, outputs: options.outputs ?? 'all' }))
  for (const entry of outcome.entries) input.update('\0').update(entry.file.path).update('\0').update(entry.contentHash)
  // Images change without their entries: their files as found (a touched image costs a rebuild, never a miss).
  for (const [relative, stamp] of outcome.media.looked) input.update('\0').update(relative).update('\0').update(JSON.stringify(stamp ?? null))
  return { inputKey: input.digest('hex'), scanKey }
}

/**
 * The compile step's heap bounds in a run of its own (see startHeapGovernor). On the tldr KB (9,000 entries) it
 * keeps 150 to 220 MB alive; a floor of 200 MB, and 100 MB past what the last collection left, took the
 * build's peak from about 710 to 640 MB in the same compile time (one run each). It looks at the heap after
 * every file it makes (5 µs a look): looking every 64 files let 64 files' garbage pile up past the bound, and on a
 * generated KB of 10,000 mostly Chinese entries the build peaked at 1,060 MB instead of 790 MB, in the same
 * compile time.
 */
const compileHeap = { floorBytes: 200_000_000, headroomBytes: 100_000_000 }

/**
 * Threads that create output files: none for a small KB, where starting them costs more than they save;
 * else three, as a virtual disk creates files several times faster with a few requests waiting at once.
 */
function writerThreads(entries: number, env: NodeJS.ProcessEnv): number {
  const fromEnvironment = Number(env['KB_WRITERS'])
  if (env['KB_WRITERS'] !== undefined && env['KB_WRITERS'] !== '' && Number.isInteger(fromEnvironment) && fromEnvironment >= 0) return fromEnvironment
  return entries >= 200 ? 3 : 0
}

/** URLs some entry allows with a reason: they may appear in the output. */
function allowedUrls(entries: readonly CheckedEntry[]): Set<string> {
  return new Set(entries.flatMap((entry) => (entry.frontmatter?.allow ?? []).map((item) => normalizeUrl(item.url))))
}

/** Outputs the config leaves out are a warning on kb.config.yaml. */
function reportSkippedOutputs(configFile: VFile, config: KbConfig): void {
  const skipped = skippedWithoutBaseUrl(config)
  if (skipped.length === 0) return
  report(
    configFile,
    'config-base-url-missing',
    `Missing \`baseUrl\`, so these were not written: ${skipped.join(', ')}; expected the address the help center is published at`,
    { line: 1, column: 1 },
    undefined,
    `没有设置 \`baseUrl\`，所以这些文件没有生成：${skipped.flatMap((files) => files.split(', ')).map((name) => `\`${name}\``).join('、')}；请把它设为帮助中心发布的地址`
  )
}
