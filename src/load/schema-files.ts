import { readFileSync } from 'node:fs'

/** The folder of the JSON Schemas, found from this module so it works from src/ and from lib/. */
export const schemasDirectory = new URL('../../schemas/', import.meta.url)

/** A schema file as data: for the validator, and for the parser, which reads the section model from it. */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readSchemaText(name)) as Record<string, unknown>
}

export function readSchemaText(name: string): string {
  return readFileSync(new URL(name, schemasDirectory), 'utf8')
}
