import { scanOutputText, type OutputFinding } from '../validate/safety/scan-output.js'
import type { SafetyPolicy } from '../validate/safety/policy.js'
import type { KbConfig } from '../types/config.js'

/** An entry file to process. */
export interface EntryJob {
  path: string
  bytes: Uint8Array
}

/** A text to scan: an output file, or one record of it (see output-records.ts). */
export type ScanJob = string

/** One text through the output scan; its findings (none, usually), placed in it, as plain data. */
export function scanJob(text: ScanJob, policy: SafetyPolicy, allowed: ReadonlySet<string>, rules: KbConfig['rules']): OutputFinding[] {
  return scanOutputText(text, policy, allowed, rules)
}
