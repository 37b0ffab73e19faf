import { toMarkdown } from 'mdast-util-to-markdown'
import { gfmToMarkdown } from 'mdast-util-gfm'
import type { Nodes, Root, RootContent } from 'mdast'
import { markdownLine } from './feeds/llms-txt.js'

/** The protocols the HTML build keeps in links (GitHub's sanitizer schema): any other scheme goes, its text stays. */
const keptProtocols = /^(?:https?|mailto|xmpp|ircs?):/i
const anyScheme = /^[a-z][a-z0-9+.-]*:/i

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
      if (!isKept(node.url)) return node.children.flatMap(asShown)
      break
    case 'image':
      if (!isKept(node.url)) return node.alt ? [{ type: 'text', value: node.alt }] : []
      break
    case 'definition':
      if (!isKept(node.url)) return []
      break
    default:
      break
  }
  if (!('children' in node)) return [{ ...node }]
  return [{ ...node, children: node.children.flatMap(asShown) } as Nodes]
}

function isKept(url: string): boolean {
  // Browsers ignore tabs, line breaks and leading control characters in a scheme: `java\tscript:` runs.
  const read = url.replace(/[\u0000-\u0020]/g, '')
  return !anyScheme.test(read) || keptProtocols.test(read)
}
