/* Generated from schemas/manifest.schema.json by scripts/generate-types.ts. Do not edit: change the schema and run `npm run generate:types`. */

/**
 * dist/manifest.json: every file kb build wrote, with its size and sha256, sorted by path.
 */
export interface Manifest {
  /**
   * The tool and its version, such as `kb 0.1.0`: kb build replaces only a folder whose manifest says kb wrote it.
   */
  generator: string
  /**
   * Only present when SOURCE_DATE_EPOCH is set.
   */
  generatedAt?: string
  files: ManifestFile[]
}
export interface ManifestFile {
  path: string
  size: number
  sha256: string
}
