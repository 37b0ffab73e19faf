import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readSchema } from '../load/schema-files.js'

let registry: Ajv2020 | undefined

/** One ajv instance for the process: schemas compile once and are reused for every entry. */
export function schemaRegistry(): Ajv2020 {
  if (registry) return registry
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true })
  addFormats.default(ajv, ['date', 'uri', 'email'])
  // Annotations the pipeline reads from the schema itself (section headings and shapes).
  ajv.addKeyword({ keyword: 'x-kb-headings', schemaType: 'object' })
  ajv.addKeyword({ keyword: 'x-kb-shape', schemaType: 'string' })
  registry = ajv
  return ajv
}

const compiled = new Map<string, ValidateFunction>()

export function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name)
  if (!validate) {
    validate = schemaRegistry().compile(readSchema(name))
    compiled.set(name, validate)
  }
  return validate
}
