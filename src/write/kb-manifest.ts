import { readFileSync } from 'node:fs'
import { lstat, readFile } from 'node:fs/promises'
import path from 'node:path'
import { packageJsonFile } from '../load/package-files.js'
import type { Manifest, ManifestFile } from '../types/manifest.js'

export const manifestName = 'manifest.json'

/** What kb writes as the manifest's `generator`, so a later build knows the folder is its own. */
export const generator = `kb ${(JSON.parse(readFileSync(packageJsonFile, 'utf8')) as { version: string }).version}`

/**
 * Larger than any kb manifest (about 6.4 MB for 10,000 entries, so 64 MB for 100,000): a bigger manifest.json
 * is somebody else's. Below the longest string V8 reads it into.
 */
const maxManifestBytes = 400 * 1024 * 1024

/**
 * The paths a manifest.json lists when kb wrote it: one naming kb as its generator, or one without a
 * generator in kb's shape (kb wrote those before it had the field). Undefined for anything else.
 */
export async function readKbManifestPaths(folder: string): Promise<Set<string> | undefined> {
  const file = path.join(folder, manifestName)
  const stats = await lstat(file).catch(() => undefined)
  if (!stats?.isFile() || stats.size > maxManifestBytes) return undefined
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { generator: writtenBy, files } = value as { generator?: unknown; files?: unknown }
  if (writtenBy !== undefined && (typeof writtenBy !== 'string' || !/^kb( |$)/.test(writtenBy))) return undefined
  if (!Array.isArray(files) || !files.every(isManifestFile)) return undefined
  return new Set(files.map((entry) => entry.path))
}

/**
 * The manifest's text, as `JSON.stringify(manifest, null, 2)` and a line break write it, a thousand files at
 * a time: at 100,000 entries it runs to some 60 MB, which no build needs to hold at once.
 */
export function* manifestText(manifest: Manifest): Generator<string> {
  const { files, ...fields } = manifest
  if (files.length === 0) {
    yield JSON.stringify(manifest, null, 2) + '\n'
    return
  }
  const withStandIn = JSON.stringify({ ...fields, files: [null] }, null, 2)
  yield withStandIn.slice(0, withStandIn.length - standInEnd.length) + '\n'
  for (let start = 0; start < files.length; start += filesAtATime) {
    yield files
      .slice(start, start + filesAtATime)
      .map((file, index) => (start + index === 0 ? '' : ',\n') + '    ' + fileText(file))
      .join('')
  }
  yield '\n  ]\n}\n'
}

/**
 * A file's object as `JSON.stringify(file, null, 2)` writes it inside the list: written out for kb's own shape
 * (path, size, sha256, in that order), which pretty-printing 27,000 objects took 10 ms a build to do.
 */
function fileText(file: ManifestFile): string {
  const keys = Object.keys(file)
  if (keys.length === 3 && keys[0] === 'path' && keys[1] === 'size' && keys[2] === 'sha256' && Number.isFinite(file.size)) {
    return `{\n      "path": ${JSON.stringify(file.path)},\n      "size": ${file.size},\n      "sha256": ${JSON.stringify(file.sha256)}\n    }`
  }
  return JSON.stringify(file, null, 2).replace(/\n/g, '\n    ')
}

const standInEnd = '\n    null\n  ]\n}'
const filesAtATime = 1000

function isManifestFile(value: unknown): value is { path: string } {
  if (typeof value !== 'object' || value === null) return false
  const { path: relative, size, sha256 } = value as { path?: unknown; size?: unknown; sha256?: unknown }
  return typeof relative === 'string' && typeof size === 'number' && typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256)
}
