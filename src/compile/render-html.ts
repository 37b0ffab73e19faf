import { unified } from 'unified'
import remarkRehype from 'remark-rehype'
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import { toText } from 'hast-util-to-text'
import type { Root as HastRoot, Element } from 'hast'
import type { Root, RootContent } from 'mdast'
import { notInHtml } from '../text/forbidden-characters.js'

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

/**
 * Whether the sanitizer keeps `url` in an `href` or `src` (the schema's protocols), as hast-util-sanitize
 * decides it: a URL whose first `:` comes before any `/`, `?` or `#` must start with one of them. The Markdown
 * exports drop what the HTML drops (see markdown-export.ts).
 */
export function keepsUrl(property: 'href' | 'src', url: string): boolean {
  const colon = url.indexOf(':')
  const before = (mark: string) => url.indexOf(mark) !== -1 && url.indexOf(mark) < colon
  if (colon === -1 || before('/') || before('?') || before('#')) return true
  return (schema.protocols?.[property] ?? []).some((protocol) => url.slice(0, colon) === protocol)
}

export interface Rendered {
  html: string
  text: string
}

/**
 * Footnote ids (`note:fn-x`, `note:fnref-x`) that no heading id can take: heading slugs never hold a `:`.
 * The same for the footnote list's label, which mdast-util-to-hast always calls `footnote-label`; see
 * labelFootnotes.
 */
const footnotePrefix = 'note:'
const footnoteLabelId = 'footnote-label'

/**
 * Built once and frozen. Raw HTML is dropped when Markdown becomes HTML (no `allowDangerousHtml`), and
 * what is left still passes the sanitizer.
 */
const toHtml = unified()
  .use(remarkRehype, { clobberPrefix: footnotePrefix })
  .use(rehypeSanitize, schema)
  .use(() => markExternalLinks)
  .use(() => labelFootnotes)
  .use(rehypeStringify)
  .freeze()

/** Markdown nodes → sanitized HTML and its plain text. */
export function renderNodes(nodes: readonly RootContent[]): Rendered {
  const tree: Root = { type: 'root', children: [...nodes] }
  const hast = toHtml.runSync(tree) as HastRoot
  // A character HTML forbids means nothing to a reader: the page shows U+FFFD, as for an undecodable byte.
  const html = toHtml.stringify(hast).replace(notInHtml, '\uFFFD')
  // The plain text says what an image shows where it stands: chat bots and llms.txt readers see no images.
  altTextInPlace(hast)
  return { html, text: toText(hast).trim() }
}

function altTextInPlace(node: HastRoot | Element): void {
  node.children.forEach((child, index) => {
    if (child.type !== 'element') return
    if (child.tagName === 'img') node.children[index] = { type: 'text', value: typeof child.properties['alt'] === 'string' ? child.properties['alt'] : '' }
    else altTextInPlace(child)
  })
}

/** External links open no window reference back to the help center and send no referrer. */
function markExternalLinks(node: HastRoot | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'a' && typeof child.properties['href'] === 'string' && /^https?:\/\//i.test(child.properties['href'])) {
      child.properties['rel'] = ['noopener', 'noreferrer']
    }
    markExternalLinks(child)
  }
}

/**
 * Each rendering (the whole body, or one section or item of the entry page) has its own footnote list, and a
 * page holds several. Each list's label gets an id of its own, after its first footnote (a footnote is
 * defined in one part only), and the references in that rendering point to it.
 */
function labelFootnotes(tree: HastRoot): void {
  const elements: Element[] = []
  const collect = (node: HastRoot | Element): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      elements.push(child)
      collect(child)
    }
  }
  collect(tree)
  const label = elements.find((element) => element.properties['id'] === footnoteLabelId && element.tagName === 'h2')
  const first = elements.find((element) => element.tagName === 'li' && String(element.properties['id'] ?? '').startsWith(`${footnotePrefix}fn-`))
  if (!label || !first) return
  const id = String(first.properties['id']).replace(`${footnotePrefix}fn-`, `${footnotePrefix}label-`)
  label.properties['id'] = id
  for (const element of elements) {
    const describedBy = element.properties['ariaDescribedBy']
    if (Array.isArray(describedBy)) element.properties['ariaDescribedBy'] = describedBy.map((value) => (value === footnoteLabelId ? id : value))
  }
}
