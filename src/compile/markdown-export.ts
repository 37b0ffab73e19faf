import { toMarkdown } from 'mdast-util-to-markdown'
import { gfmToMarkdown } from 'mdast-util-gfm'
import type { Nodes, Root, RootContent } from 'mdast'
import { markdownLine } from '../text/markdown-line.js'
import { keepsUrl } from './render-html.js'

/**
 * An entry as Markdown for AI assistants (llms.txt links to it): its title and summary (each one escaped
 * line), then its body as the HTML build shows it. What the HTML build drops is dropped here too: raw HTML,
 * and links and images whose address runs a script or another protocol (`javascript:`, `data:`); a dropped
 * link keeps its text, a dropped image its alt text. Comments in content never reach a reader either.
 */
export function markdownExport(title: string, summary: string, body: readonly RootContent[]): string {
  const tree: Root = { type: 'root', children: body.flatMap((node) => asShown(node) as RootContent[]) }
  return `# ${markdownLine(title)}\n\n> ${markdownLine(summary)}\n\n${toMarkdown(tree, { extensions: [gfmToMarkdown()] }).trim()}\n`
}

/** A copy of a node as the reader sees it: the input tree is shared with the HTML build and stays as it is. */
function asShown(node: Nodes): Nodes[] {
  switch (node.type) {
    case 'html':
    case 'yaml':
      return []
    case 'link':
      if (!keepsUrl('href', node.url)) return node.children.flatMap(asShown)
      break
    case 'image':
      if (!keepsUrl('src', node.url)) return node.alt ? [{ type: 'text', value: node.alt }] : []
      break
    case 'definition':
      if (!keepsUrl('href', node.url)) return []
      break
    default:
      break
  }
  // Leaves are shared as they are: only a node whose children change is copied.
  if (!('children' in node)) return [node]
  return [{ ...node, children: node.children.flatMap(asShown) } as Nodes]
}
