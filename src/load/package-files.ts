/**
 * kb's own files (package.json, schemas/, site-assets/), found from this module's place. It sits two folders
 * below the package root wherever it runs: src/load/ under the tests, lib/load/ as tsc writes it, and
 * lib/bundle/ where the CLI runs from one bundle (scripts/bundle-cli.ts checks that each file is there).
 */
export const packageRoot = new URL('../../', import.meta.url)
export const schemasDirectory = new URL('schemas/', packageRoot)
export const siteAssetsDirectory = new URL('site-assets/', packageRoot)
export const packageJsonFile = new URL('package.json', packageRoot)
