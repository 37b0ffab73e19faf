/* Generated from schemas/api/categories.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/api/categories.json: categories in configured order with localized names and entry counts.
 */
export interface ApiCategories {
  categories: ApiCategory[]
}
export interface ApiCategory {
  id: string
  name: {
    [k: string]: string
  }
  description?: {
    [k: string]: string
  }
  /**
   * Entry ids per locale.
   */
  entries: {
    [k: string]: string[]
  }
}
