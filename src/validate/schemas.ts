import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Ajv2020, Options, ValidateFunction } from 'ajv/dist/2020.js'
import type addFormatsPlugin from 'ajv-formats'
import { readSchema, readSchemaText } from '../load/schema-files.js'

// Loaded only when a schema must be compiled here: a precompiled validator needs none of ajv's compiler.
const require = createRequire(import.meta.url)

/** The schemas kb validates content with: compiled to code when kb itself is built (see generate-validators.ts). */
export const validatedSchemas = { config: 'config.schema.json', entry: 'entry.schema.json' } as const
export type ValidatedSchema = (typeof validatedSchemas)[keyof typeof validatedSchemas]

/** Where `npm run compile` writes the validators as code, beside this module in lib/validate/ (the path also holds from lib/bundle/). */
export const precompiledFile = '../validate/validators.generated.cjs'

const options: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true }

let registry: Ajv2020 | undefined

/** One ajv instance for the process: schemas compile once and are reused for every entry. */
export function schemaRegistry(extra: Options = {}): Ajv2020 {
  if (registry && Object.keys(extra).length === 0) return registry
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }
  const addFormats = require('ajv-formats') as typeof addFormatsPlugin.default
  const ajv = new Ajv({ ...options, ...extra })
  addFormats(ajv, ['date', 'uri', 'email'])
  // Annotations the pipeline reads from the schema itself (section headings and shapes).
  ajv.addKeyword({ keyword: 'x-kb-headings', schemaType: 'object' })
  ajv.addKeyword({ keyword: 'x-kb-shape', schemaType: 'string' })
  if (Object.keys(extra).length === 0) registry = ajv
  return ajv
}

/** The schema file's hash: a precompiled validator is used only for the exact schema it was made from. */
export function schemaHash(name: ValidatedSchema): string {
  return createHash('sha256').update(readSchemaText(name)).digest('hex')
}

const compiled = new Map<string, ValidateFunction>()

export function validatorFor(name: ValidatedSchema): ValidateFunction {
  let validate = compiled.get(name)
  if (!validate) {
    validate = precompiled(name) ?? schemaRegistry().compile(readSchema(name))
    compiled.set(name, validate)
  }
  return validate
}

/**
 * The validator compiled to code when kb was built: loading it costs milliseconds where compiling the schema
 * costs most of a small `kb check`. Absent (running from the sources) or made from another version of the
 * schema (edited since): undefined, and the schema is compiled here.
 */
function precompiled(name: ValidatedSchema): ValidateFunction | undefined {
  let module: { validators?: Record<string, ValidateFunction>; hashes?: Record<string, string> }
  try {
    module = require(precompiledFile) as typeof module
  } catch {
    return undefined
  }
  return module.hashes?.[name] === schemaHash(name) ? module.validators?.[name] : undefined
}
