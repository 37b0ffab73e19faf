import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import type { Link, Parents, Root, Text } from 'mdast'

/** Built once and frozen: every entry is parsed by the same processor. */
const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze()

export function parseMarkdown(text: string): Root {
  const tree = markdown.parse(text)
  splitCjkAutolinks(tree)
  return tree
}

// Full-width punctuation never belongs to a URL, but GFM's autolink literal reads on until white space:
// `https://www.okx.com/help，然后` would link `…/help，然后`. Chinese text rarely has a space there.
const cjkPunctuation = /[，。、；：！？（）【】「」『』《》“”‘’]/

function splitCjkAutolinks(node: Parents): void {
  for (let index = 0; index < node.children.length; index++) {
    const child = node.children[index]
    if (!child) continue
    if (child.type === 'link' && isAutolinkLiteral(child)) {
      const text = child.children[0] as Text
      const cut = text.value.search(cjkPunctuation)
      if (cut > 0) {
        const rest: Text = { type: 'text', value: text.value.slice(cut) }
        text.value = text.value.slice(0, cut)
        child.url = child.url.slice(0, child.url.length - rest.value.length)
        const start = child.position?.start
        if (start && start.offset !== undefined && child.position) {
          const end = { line: start.line, column: start.column + cut, offset: start.offset + cut }
          rest.position = { start: end, end: child.position.end }
          child.position = { start, end }
          text.position = { start, end }
        }
        node.children.splice(index + 1, 0, rest)
      }
    } else if ('children' in child) {
      splitCjkAutolinks(child)
    }
  }
}

function isAutolinkLiteral(link: Link): boolean {
  const only = link.children.length === 1 ? link.children[0] : undefined
  return only?.type === 'text' && (only.value === link.url || link.url.endsWith(only.value)) && !link.title
}
