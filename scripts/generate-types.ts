/**
 * Generates TypeScript types from the JSON Schemas in `schemas/`, so the content model is written once.
 * `npm run generate:types` writes them; `test/types.test.ts` fails when they are stale.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compile, type JSONSchema } from 'json-schema-to-typescript'
import { frontmatterSchemaPath, frontmatterSnippetsPath, renderFrontmatterSchema, renderFrontmatterSnippets } from './frontmatter-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Schema file (relative to `schemas/`) → generated module (relative to `src/types/`). */
export const generatedTypes: ReadonlyArray<readonly [string, string]> = [
  ['config.schema.json', 'config.ts'],
  ['entry.schema.json', 'entry-source.ts'],
  ['api/entry.schema.json', 'api-entry.ts'],
  ['api/index.schema.json', 'api-index.ts'],
  ['api/locale-index.schema.json', 'api-locale-index.ts'],
  ['api/categories.schema.json', 'api-categories.ts'],
  ['api/tags.schema.json', 'api-tags.ts'],
  ['api/faq.schema.json', 'feed-faq.ts'],
  ['manifest.schema.json', 'manifest.ts']
]

export async function renderTypes(schemaFile: string): Promise<string> {
  const schemaPath = path.join(root, 'schemas', schemaFile)
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as JSONSchema
  return compile(schema, path.basename(schemaFile), {
    cwd: path.dirname(schemaPath),
    bannerComment: `/* Generated from schemas/${schemaFile} by scripts/generate-types.ts. Do not edit: change the schema and run \`npm run generate:types\`. */`,
    additionalProperties: false,
    unreachableDefinitions: false,
    maxItems: -1,
    style: { semi: false, singleQuote: true }
  })
}

export function typesPath(moduleFile: string): string {
  return path.join(root, 'src', 'types', moduleFile)
}

async function main(): Promise<void> {
  for (const [schemaFile, moduleFile] of generatedTypes) {
    await writeFile(typesPath(moduleFile), await renderTypes(schemaFile))
    console.log(`src/types/${moduleFile} ← schemas/${schemaFile}`)
  }
  await writeFile(frontmatterSchemaPath, await renderFrontmatterSchema())
  console.log('schemas/frontmatter.schema.json ← schemas/entry.schema.json')
  await writeFile(frontmatterSnippetsPath, await renderFrontmatterSnippets())
  console.log('.vscode/kb-frontmatter.code-snippets ← schemas/entry.schema.json')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main()
}
