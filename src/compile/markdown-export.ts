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
 *
 * Given the entry's `source` (its text, when the tree still says what it says), a body with nothing to drop is
 * the editor's own Markdown, as written: writing the tree back cost a sixth of all per-entry work.
 */
export function markdownExport(title: string, summary: string, body: readonly RootContent[], source?: string): string {
  const head = `# ${markdownLine(title)}\n\n> ${markdownLine(summary)}\n\n`
  const written = source === undefined ? undefined : asWritten(body, source)
  if (written !== undefined) return `${head}${written}\n`
  const tree: Root = { type: 'root', children: body.flatMap((node) => asShown(node) as RootContent[]) }
  return `${head}${toMarkdown(tree, { extensions: [gfmToMarkdown()] }).trim()}\n`
}

/** The body's text as written (frontmatter left out), or undefined when the HTML build would drop any of it. */
function asWritten(body: readonly RootContent[], source: string): string | undefined {
  const content = body.filter((node) => node.type !== 'yaml')
  const start = content[0]?.position?.start.offset
  const end = content.at(-1)?.position?.end.offset
  if (start === undefined || end === undefined || !content.every(shownAsWritten)) return undefined
  return source.slice(start, end).replace(/\r\n?/g, '\n').trim()
}

function shownAsWritten(node: Nodes): boolean {
  if (node.type === 'html' || node.type === 'yaml') return false
  if ((node.type === 'link' || node.type === 'definition') && !keepsUrl('href', node.url)) return false
  if (node.type === 'image' && !keepsUrl('src', node.url)) return false
  return !('children' in node) || node.children.every(shownAsWritten)
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
