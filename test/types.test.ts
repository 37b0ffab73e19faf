import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { generatedTypes, renderTypes, typesPath } from '../scripts/generate-types.js'

describe('types generated from schemas/', () => {
  it.each(generatedTypes)('src/types from schemas/%s is up to date (run `npm run generate:types`)', async (schemaFile, moduleFile) => {
    expect(await readFile(typesPath(moduleFile), 'utf8')).toBe(await renderTypes(schemaFile))
  })
})
