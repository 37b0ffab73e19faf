/**
 * The entry frontmatter as a schema of its own, for editors' tools: `$defs/frontmatter` of
 * schemas/entry.schema.json with its references written in place, in JSON Schema draft-07 (what the
 * YAML and remark language servers read). `npm run generate:types` writes schemas/frontmatter.schema.json;
 * test/editor-settings.test.ts fails when it is stale.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const frontmatterSchemaPath = path.join(root, 'schemas', 'frontmatter.schema.json')

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export async function renderFrontmatterSchema(): Promise<string> {
  const entry = JSON.parse(await readFile(path.join(root, 'schemas', 'entry.schema.json'), 'utf8')) as { $defs: Record<string, Json> }
  const inline = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(inline)
    if (value === null || typeof value !== 'object') return value
    const reference = value['$ref']
    if (typeof reference === 'string' && reference.startsWith('#/$defs/')) {
      const rest = Object.fromEntries(Object.entries(value).filter(([key]) => key !== '$ref'))
      return { ...(inline(entry.$defs[reference.slice('#/$defs/'.length)] ?? {}) as Record<string, Json>), ...(inline(rest) as Record<string, Json>) }
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inline(item)]))
  }
  const frontmatter = inline(entry.$defs['frontmatter'] ?? {}) as Record<string, Json>
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from $defs/frontmatter of schemas/entry.schema.json by scripts/frontmatter-schema.ts (npm run generate:types). Do not edit.',
    ...frontmatter,
    title: 'kb entry frontmatter'
  }
  return JSON.stringify(schema, null, 2) + '\n'
}
