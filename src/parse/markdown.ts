import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import type { Root } from 'mdast'

/** Built once and frozen: every entry is parsed by the same processor. */
const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze()

export function parseMarkdown(text: string): Root {
  return markdown.parse(text)
}
