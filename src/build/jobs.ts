import { scanOutput } from '../validate/safety/scan-output.js'
import { toPortableMessages, type PortableMessage } from './entry-artifact.js'
import type { SafetyPolicy } from '../validate/safety/policy.js'
import type { KbConfig } from '../types/config.js'

/** An entry file to process. */
export interface EntryJob {
  path: string
  bytes: Uint8Array
}

/** An output file to scan: its path under dist/ and its text. */
export type ScanJob = [string, string]

/** One output file through the output scan; its findings (none, usually) as plain data. */
export function scanJob([relative, text]: ScanJob, policy: SafetyPolicy, allowed: ReadonlySet<string>, rules: KbConfig['rules']): PortableMessage[] {
  const [file] = scanOutput(new Map([[relative, text]]), policy, allowed, rules)
  return toPortableMessages(file?.messages ?? [])
}
