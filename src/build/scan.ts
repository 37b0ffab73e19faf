import { VFile } from 'vfile'
import { safetyPolicy } from '../validate/safety/policy.js'
import { restoreMessages } from './entry-artifact.js'
import { scanJob, type ScanJob } from './jobs.js'
import { runInWorkers, threadCount } from './worker-pool.js'
import type { KbConfig } from '../types/config.js'

/** Text per scan batch: big enough to pay for the message, small enough to share out evenly. */
const batchBytes = 1_000_000
/** Output text per worker thread: below about this much, the main thread scans faster alone. */
const bytesPerThread = 8_000_000

/**
 * The output scan over `files`, on both cores when there is enough text: the same verdicts as scanning
 * them one by one on the main thread, as files (`dist/<path>`, holding their text) with their findings.
 */
export async function scanFiles(files: ReadonlyMap<string, string>, config: KbConfig, allowed: ReadonlySet<string>, env: NodeJS.ProcessEnv): Promise<VFile[]> {
  const jobs: ScanJob[] = [...files]
  const bytes = jobs.reduce((sum, [, text]) => sum + text.length, 0)
  const threads = threadCount(Math.floor((bytes / bytesPerThread) * 400), env)
  let policy: ReturnType<typeof safetyPolicy> | undefined
  const here = (job: ScanJob) => scanJob(job, (policy ??= safetyPolicy(config)), allowed, config.rules)
  const findings = threads > 1 ? (await runInWorkers('scan', batchesBySize(jobs), threads, config, [...allowed], here)).flat() : jobs.map(here)
  return jobs.flatMap(([relative, text], index) => {
    const messages = findings[index] ?? []
    if (messages.length === 0) return []
    const file = new VFile({ path: `dist/${relative}`, value: text })
    restoreMessages(file, messages)
    return [file]
  })
}

function batchesBySize(jobs: readonly ScanJob[]): ScanJob[][] {
  const batches: ScanJob[][] = []
  let current: ScanJob[] = []
  let size = 0
  for (const job of jobs) {
    current.push(job)
    size += job[1].length
    if (size >= batchBytes) {
      batches.push(current)
      current = []
      size = 0
    }
  }
  if (current.length > 0) batches.push(current)
  return batches
}
