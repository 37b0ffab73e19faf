/**
 * Bundles the CLI and its worker threads into lib/bundle/ (run by `npm run compile`, after tsc): Node.js 20
 * has no compile cache, and a `kb build` that loads about 470 small ES modules one by one spends a third of
 * a small run resolving, reading and compiling them. From one folder of chunks, `kb check` on the shipped KB
 * takes about two thirds of the CPU time it took (see the README's session 18 figures).
 * Only sharp (a native addon, loaded when an entry has images) stays outside, and unicode-confusables, which
 * the link rules load from node_modules only for a host that is not plain ASCII. The tests run this bundle
 * through bin/kb.js, as an install does.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { browserSearchFunctions } from '../src/compile/site/compile-site.js'
import { bundleFingerprintFile, hashBundleCode } from '../src/build/kb-fingerprint.js'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.join(repoRoot, 'lib/bundle')

/** Each entry point by the name it gets in lib/bundle/: the workers are started by these names (`new URL('./entry-worker.js', import.meta.url)`). */
const entryPoints = {
  main: 'src/cli/main.ts',
  'exit-watchdog': 'src/cli/exit-watchdog.ts',
  'entry-worker': 'src/build/entry-worker.ts',
  'output-check-worker': 'src/build/output-check-worker.ts',
  'file-writer-worker': 'src/write/file-writer-worker.ts'
}

rmSync(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: repoRoot,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external: ['sharp'],
  // Some dependencies are CommonJS and call require(): give the ES module chunks one.
  banner: { js: "import { createRequire as kbCreateRequire } from 'node:module'; const require = kbCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})

// What the code finds from its own place (src/load/package-files.ts, src/validate/schemas.ts) must be there
// from lib/bundle/ too.
const bundleUrl = pathToFileURL(`${outdir}/`)
const expected = ['../../package.json', '../../schemas/entry.schema.json', '../../site-assets/dev-client.js', '../validate/validators.generated.cjs', ...Object.keys(entryPoints).map((name) => `./${name}.js`)]
const missing = expected.filter((relative) => !existsSync(fileURLToPath(new URL(relative, bundleUrl))))
// Packages the code loads at run time, by createRequire (see safety/policy.ts) or as externals.
for (const name of ['unicode-confusables', 'sharp']) {
  try {
    createRequire(new URL('main.js', bundleUrl)).resolve(name)
  } catch {
    missing.push(name)
  }
}
if (missing.length > 0) {
  console.error(`bundle-cli: lib/bundle/ cannot reach ${missing.join(', ')}`)
  process.exit(1)
}

// The browser's search.js is these functions' source text, calling each other by name: a name the bundler
// changed to avoid a clash (`rankResults2`) would be undefined in the reader's browser.
const bundled = readdirSync(outdir)
  .filter((name) => name.endsWith('.js'))
  .map((name) => readFileSync(path.join(outdir, name), 'utf8'))
  .join('\n')
const renamed = browserSearchFunctions.map((code) => code.name).filter((name) => !bundled.includes(`function ${name}(`))
if (renamed.length > 0) {
  console.error(`bundle-cli: the bundle renamed ${renamed.join(', ')}, which the browser's search.js calls by name`)
  process.exit(1)
}

// The cache's fingerprint of kb's code (see kbFingerprint), hashed once here rather than at every run.
writeFileSync(path.join(outdir, bundleFingerprintFile), hashBundleCode(bundleUrl))
