import { readFileSync } from 'node:fs'
import { schemasDirectory } from './package-files.js'

/** A schema file as data: for the validator, and for the parser, which reads the section model from it. */
export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readSchemaText(name)) as Record<string, unknown>
}

export function readSchemaText(name: string): string {
  return readFileSync(new URL(name, schemasDirectory), 'utf8')
}
