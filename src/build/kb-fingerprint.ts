import { createHash, type Hash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { packageRoot, schemasDirectory, siteAssetsDirectory } from '../load/package-files.js'

/**
 * The file in lib/bundle/ holding the hash of the bundle's code, written by scripts/bundle-cli.ts once the
 * bundle is made: hashing its 3 MB at every run took 30 ms, a tenth of a `kb check` on a small KB.
 */
export const bundleFingerprintFile = 'code-fingerprint.txt'

let fingerprintMemo: string | undefined

/**
 * kb's own code, version and schemas, hashed: a new kb (or, in development, any edit to it) never reuses what
 * an older one cached.
 */
export function kbFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo
  const hash = createHash('sha256')
  const here = new URL('./', import.meta.url)
  hash.update(here.pathname.endsWith('/bundle/') ? bundleCodeFingerprint(here) : hashFolders([new URL('../', here)])).update('\0')
  hashFilesUnder(hash, [schemasDirectory, siteAssetsDirectory])
  // The Chinese word segmentation of the search index comes from Node.js's ICU data.
  hash.update(`icu ${process.versions.icu ?? ''} unicode ${process.versions.unicode ?? ''}\0`)
  for (const name of ['package.json', 'package-lock.json']) {
    try {
      hash.update(readFileSync(new URL(name, packageRoot)))
    } catch {
      // An installed kb has no lock file; its version in package.json is then what changes.
    }
  }
  fingerprintMemo = hash.digest('hex')
  return fingerprintMemo
}

/**
 * The code that runs from the bundle: lib/bundle/ and the validators it loads from lib/validate/. Their hash
 * as recorded when the bundle was made, or hashed now when the record is missing.
 */
function bundleCodeFingerprint(bundle: URL): string {
  try {
    return readFileSync(new URL(bundleFingerprintFile, bundle), 'utf8')
  } catch {
    return hashBundleCode(bundle)
  }
}

/** The hash scripts/bundle-cli.ts records in `bundleFingerprintFile`. */
export function hashBundleCode(bundle: URL): string {
  return hashFolders([bundle, new URL('../validate/', bundle)], (name) => name !== bundleFingerprintFile)
}

/** Every file under the folders (all of lib/, or src/ under the tests, when kb runs unbundled), by name and bytes. */
function hashFolders(folders: readonly URL[], included: (name: string) => boolean = () => true): string {
  const hash = createHash('sha256')
  hashFilesUnder(hash, folders, included)
  return hash.digest('hex')
}

function hashFilesUnder(hash: Hash, folders: readonly URL[], included: (name: string) => boolean = () => true): void {
  for (const folder of folders) {
    const base = fileURLToPath(folder)
    let names: string[] = []
    try {
      names = readdirSync(base, { recursive: true }).map(String).sort()
    } catch {
      continue
    }
    for (const name of names) {
      const file = path.join(base, name)
      if (!included(name) || !statSync(file).isFile()) continue
      hash.update(name).update('\0').update(readFileSync(file)).update('\0')
    }
  }
}
