import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { parseEntry } from '../parse/entry.js'
import { sectionModel } from '../parse/section-model.js'
import { safetyPolicy } from './safety/policy.js'
import { toPortable, type PortableEntry } from './portable-entry.js'
import type { KbConfig } from '../types/config.js'

/** One worker parses a contiguous slice of the entries; parseEntry is pure, so order is all that matters. */
interface Job {
  config: KbConfig
  files: { path: string; absolute: string }[]
  keepTrees: boolean
}

const { config, files, keepTrees } = workerData as Job
const context = { config, model: sectionModel(config), policy: safetyPolicy(config) }
const results: (PortableEntry | { path: string; error: string })[] = files.map((file) => {
  let bytes: Buffer
  try {
    bytes = readFileSync(file.absolute)
  } catch (error) {
    return { path: file.path, error: error instanceof Error ? error.message : String(error) }
  }
  return toPortable(parseEntry(file.path, bytes, context), keepTrees)
})
parentPort?.postMessage(results)
