// Frontmatter checked as you type in VS Code (the unifiedjs.vscode-remark extension runs this file) and by
// `npx remark content`: the schema is generated from schemas/entry.schema.json. `kb check` stays the
// authority; this is the early warning in the editor.
import remarkFrontmatter from 'remark-frontmatter'
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema'

export default {
  plugins: [remarkFrontmatter, [remarkLintFrontmatterSchema, { schemas: { './schemas/frontmatter.schema.json': ['content/**/*.md'] } }]]
}
