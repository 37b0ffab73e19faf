/* Generated from schemas/api/tags.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/api/tags.json: per locale, every tag with the entries carrying it, most used first.
 */
export interface ApiTags {
  locales: {
    [k: string]: ApiTag[]
  }
}
export interface ApiTag {
  tag: string
  count: number
  entries: string[]
}
