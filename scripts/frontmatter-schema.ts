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

export const frontmatterSnippetsPath = path.join(root, '.vscode', 'kb-frontmatter.code-snippets')

interface PropertySchema {
  type?: string
  enum?: string[]
  format?: string
  description?: string
  items?: { enum?: string[]; type?: string; properties?: Record<string, unknown> }
}

/**
 * VS Code snippets for entry frontmatter, from the same schema: the YAML language server cannot complete keys
 * inside a Markdown file's frontmatter (redhat-developer/vscode-yaml#207), so completion comes as snippets.
 * `kb-entry` writes the required keys with the listed values to choose from; each key's name writes that key.
 */
export async function renderFrontmatterSnippets(): Promise<string> {
  const schema = JSON.parse(await renderFrontmatterSchema()) as { required: string[]; properties: Record<string, PropertySchema> }
  const valueOf = (key: string, property: PropertySchema, stop: number): string => {
    if (property.enum) return `\${${stop}|${property.enum.join(',')}|}`
    if (property.items?.enum) return `[\${${stop}|${property.items.enum.join(',')}|}]`
    if (property.format === 'date') return '${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}'
    if (property.type === 'array' && property.items?.properties) return `\n  - url: \${${stop}:https://}\n    reason: \${${stop + 1}:why readers may follow it}`
    if (property.type === 'array') return `[\${${stop}}]`
    return `\${${stop}:${key}}`
  }
  const snippets: Record<string, { scope: string; prefix: string; body: string[]; description: string }> = {
    'kb entry frontmatter': {
      scope: 'markdown',
      prefix: 'kb-entry',
      body: ['---', ...schema.required.map((key, index) => `${key}: ${valueOf(key, schema.properties[key] ?? {}, index + 1)}`), 'tags: []', '---', '', '$0'],
      description: 'The frontmatter every kb entry needs (schemas/frontmatter.schema.json); then check it with kb check.'
    }
  }
  for (const [key, property] of Object.entries(schema.properties)) {
    snippets[`kb ${key}`] = { scope: 'markdown', prefix: key, body: [`${key}: ${valueOf(key, property, 1)}`], description: property.description ?? `The \`${key}\` key of a kb entry.` }
  }
  // Snippet files are JSON with comments: the note goes in a comment, where VS Code does not read it as a snippet.
  return `// Generated from schemas/entry.schema.json by scripts/frontmatter-schema.ts (npm run generate:types). Do not edit.\n${JSON.stringify(snippets, null, 2)}\n`
}
