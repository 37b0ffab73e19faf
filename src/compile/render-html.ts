import { toHast } from 'mdast-util-to-hast'
import { sanitize, defaultSchema, type Schema } from 'hast-util-sanitize'
import { toHtml } from 'hast-util-to-html'
import { toText } from 'hast-util-to-text'
import type { Root as HastRoot, Element, Nodes as HastNodes } from 'hast'
import type { Root, RootContent } from 'mdast'

/**
 * GitHub's sanitizer schema, with two changes: heading ids are kept as written (they come from our own
 * slugger, never from content, because raw HTML is dropped before sanitizing), and `rel` on links is ours.
 */
const schema: Schema = {
  ...defaultSchema,
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.['a'] ?? []), 'rel'],
    h2: [...(defaultSchema.attributes?.['h2'] ?? []), 'id'],
    h3: [...(defaultSchema.attributes?.['h3'] ?? []), 'id'],
    h4: [...(defaultSchema.attributes?.['h4'] ?? []), 'id'],
    h5: [...(defaultSchema.attributes?.['h5'] ?? []), 'id'],
    h6: [...(defaultSchema.attributes?.['h6'] ?? []), 'id']
  }
}

export interface Rendered {
  html: string
  text: string
}

/** Markdown nodes → sanitized HTML and its plain text. Raw HTML in content never survives. */
export function renderNodes(nodes: readonly RootContent[]): Rendered {
  const tree: Root = { type: 'root', children: [...nodes] }
  const hast = sanitize(toHast(tree, { allowDangerousHtml: false }) as HastNodes, schema) as HastRoot
  markExternalLinks(hast)
  return { html: toHtml(hast), text: toText(hast).trim() }
}

function markExternalLinks(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'a' && typeof child.properties['href'] === 'string' && /^https?:\/\//i.test(child.properties['href'])) {
      child.properties['rel'] = ['noopener', 'noreferrer']
    }
    markExternalLinks(child)
  }
}
