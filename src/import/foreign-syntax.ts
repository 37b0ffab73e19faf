import type { Blockquote, Link, Parents, Root, RootContent, Text } from 'mdast'
import { toString } from 'mdast-util-to-string'
import type { ImportNote } from './foreign-article.js'

const alert = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i
const alertLabel: Record<string, { en: string; zh: string }> = {
  NOTE: { en: 'Note:', zh: '说明' },
  TIP: { en: 'Tip:', zh: '提示' },
  IMPORTANT: { en: 'Important:', zh: '重要' },
  WARNING: { en: 'Warning:', zh: '警告' },
  CAUTION: { en: 'Caution:', zh: '注意' }
}
/** Alerts a reader must not miss: they go to the entry's warnings. */
const warningKinds = new Set(['IMPORTANT', 'WARNING', 'CAUTION'])

/**
 * Syntax of documentation sites that kb does not render, turned into kb Markdown where it has an equivalent
 * and set aside, with its text, where it has none:
 * - `> [!WARNING]` alerts (GitHub, Microsoft Learn): warnings, cautions and important notes move to the
 *   entry's warnings; notes and tips stay where they are, as a quote starting with a bold label;
 * - `[!INCLUDE [...](file)]`: the included file is another article's text, not this one's: dropped, reported;
 * - `:::image … :::` blocks: the picture is not carried (images come with their own issue): dropped, its alt
 *   text reported;
 * - raw HTML: its text kept as text, the tags dropped (kb renders no raw HTML); comments dropped, reported.
 * Returns the alerts that belong with the warnings, in order.
 */
export function convertForeignSyntax(tree: Root, locale: string, notes: ImportNote[]): RootContent[] {
  const warnings: RootContent[] = []
  const zh = locale.startsWith('zh')
  tree.children = admonitionsAsAlerts(tree.children, zh, notes)
  tree.children = tree.children.flatMap((node) => {
    const kind = node.type === 'blockquote' ? alertKind(node) : undefined
    if (node.type === 'blockquote' && kind) {
      const labelled = labelAlert(node, kind, zh)
      if (!warningKinds.has(kind)) return [labelled]
      notes.push({ kind: 'moved', what: `a ${kind.toLowerCase()} alert, moved to the warnings`, whatZh: `${kind} 提示框移到了“注意事项”`, line: node.position?.start.line })
      warnings.push(...labelled.children)
      return []
    }
    return [node]
  })
  clean(tree, notes, zh)
  return warnings
}

function clean(parent: Parents, notes: ImportNote[], zh: boolean): void {
  parent.children = (parent.children as RootContent[]).flatMap((node): RootContent[] => {
    const line = node.position?.start.line
    if (node.type === 'paragraph') {
      const text = toString(node).trim()
      if (/^\[!INCLUDE\b/i.test(text)) {
        const targets = node.children.flatMap((child) => (child.type === 'link' ? [child.url] : []))
        notes.push({ kind: 'dropped', what: 'an include of another file (no equivalent in kb: paste the text it stands for if this entry needs it)', whatZh: '引用其他文件的 include（kb 没有对应写法：如果需要，把它代表的文字贴进来）', text: targets.length > 0 ? `${text} (${targets.join(', ')})` : text, line })
        return []
      }
      if (/^:::image\b/i.test(text)) {
        const altText = /alt-text="([^"]*)"/i.exec(text)?.[1] ?? ''
        const source = /source="([^"]*)"/i.exec(text)?.[1]
        // A Markdown image in its place: the import copies the file into the draft's .assets/ when it is there.
        if (source) {
          notes.push({ kind: 'converted', what: 'an image block became a Markdown image', whatZh: '图片块改写成了 Markdown 图片', text, line })
          return [{ type: 'paragraph', children: [{ type: 'image', url: source, alt: altText }], ...(node.position ? { position: node.position } : {}) }]
        }
        notes.push({ kind: 'dropped', what: `an image block without a source${altText ? `; its alt text: ${altText}` : ''}`, whatZh: `没有图片来源的图片块${altText ? `；替代文字：${altText}` : ''}`, text, line })
        return []
      }
      if (/^\{\{[<%][\s\S]*[>%]\}\}$/.test(text)) {
        notes.push({ kind: 'dropped', what: 'a Hugo shortcode (no equivalent in kb)', whatZh: 'Hugo 短代码（kb 没有对应写法）', text, line })
        return []
      }
      if (/^:::(?:image-end|row|column|row-end|column-end|zone|zone-end|moniker|moniker-end)\b.*:::$/i.test(text)) {
        notes.push({ kind: 'dropped', what: 'a layout marker of the source site', whatZh: '原网站的排版标记', text, line })
        return []
      }
    }
    if (node.type === 'blockquote') {
      const kind = alertKind(node)
      if (kind) node = labelAlert(node, kind, zh)
      else if (node.children[0]?.type === 'paragraph' && /^\[!div\b[^\]]*\]/i.test(toString(node.children[0]))) node = withoutLayoutMarker(node, notes)
    }
    if ('children' in node && node.children.some((child) => child.type === 'html')) node = { ...node, children: withHtmlLinks(node.children as RootContent[]) } as typeof node
    if (node.type === 'html') {
      if (/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) {
        notes.push({ kind: 'dropped', what: 'an HTML comment (readers never see it)', whatZh: 'HTML 注释（读者看不到）', text: node.value.trim(), line })
        return []
      }
      const text = htmlText(node.value)
      notes.push({ kind: 'converted', what: 'raw HTML, kept as its text', whatZh: 'HTML 代码，只保留了其中的文字', text: node.value.trim(), line })
      if (text === '') return []
      const value: Text = { type: 'text', value: text }
      return parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem' ? [{ type: 'paragraph', children: [value] }] : [value as RootContent]
    }
    if ('children' in node) clean(node, notes, zh)
    return [node]
  }) as typeof parent.children
}

const admonitionKinds: Record<string, string> = { note: 'NOTE', info: 'NOTE', tip: 'TIP', important: 'IMPORTANT', warning: 'WARNING', caution: 'CAUTION', danger: 'CAUTION' }
const admonitionOpen = /^:::(note|info|tip|important|warning|caution|danger)\b[^\n]*\n?/i
const admonitionClose = /\n?:::\s*$/

/**
 * Docusaurus admonitions (`:::warning` … `:::`, in one paragraph or around several blocks) as the alerts they
 * are (`> [!WARNING]`), so they go where alerts go. A title after the kind stays as the first words.
 */
function admonitionsAsAlerts(children: RootContent[], zh: boolean, notes: ImportNote[]): RootContent[] {
  const out: RootContent[] = []
  for (let index = 0; index < children.length; index++) {
    const node = children[index] as RootContent
    const opening = node.type === 'paragraph' ? admonitionOpen.exec(toString(node).trim()) : null
    const end = opening ? children.findIndex((other, at) => at >= index && other.type === 'paragraph' && admonitionClose.test(toString(other)) && (at > index || toString(other).trim().length > opening[0].trim().length + 3)) : -1
    if (!opening || end === -1) {
      out.push(node)
      continue
    }
    const kind = admonitionKinds[(opening[1] ?? '').toLowerCase()] ?? 'NOTE'
    const title = opening[0].trim().slice(3 + (opening[1] ?? '').length).trim()
    const blocks = children.slice(index, end + 1).map((block, at, all) => {
      if (block.type !== 'paragraph') return block
      const texts = block.children
      const first = texts[0]
      const last = texts.at(-1)
      const edited = [...texts]
      if (at === 0 && first?.type === 'text') edited[0] = { ...first, value: first.value.replace(admonitionOpen, '') }
      const tail = edited.at(-1)
      if (at === all.length - 1 && tail?.type === 'text' && last?.type === 'text') edited[edited.length - 1] = { ...tail, value: tail.value.replace(admonitionClose, '') }
      return { ...block, children: edited.filter((child) => child.type !== 'text' || child.value !== '') }
    }).filter((block) => block.type !== 'paragraph' || block.children.length > 0)
    const marker: Text = { type: 'text', value: `[!${kind}] ${title ? `${title}${zh ? '：' : ': '}` : ''}` }
    const [lead, ...rest] = blocks
    const body = lead?.type === 'paragraph' ? [{ ...lead, children: [marker, ...lead.children] }, ...rest] : [{ type: 'paragraph', children: [marker] } as RootContent, ...blocks]
    notes.push({ kind: 'converted', what: `a Docusaurus \`:::${opening[1]}\` admonition, read as an alert`, whatZh: `Docusaurus 的 \`:::${opening[1]}\` 提示块，按提示框处理`, line: node.position?.start.line })
    out.push({ type: 'blockquote', children: body as Blockquote['children'], position: node.position })
    index = end
  }
  return out
}

/** `> [!div class="nextstepaction"]`: a layout marker of Microsoft Learn; the quote's text stays, the marker goes. */
function withoutLayoutMarker(quote: Blockquote, notes: ImportNote[]): Blockquote {
  const [first, ...rest] = quote.children
  if (first?.type !== 'paragraph') return quote
  const children = [...first.children]
  const lead = children[0]
  const marker = lead?.type === 'text' ? /^\[!div\b[^\]]*\]\s*/i.exec(lead.value) : null
  if (!lead || lead.type !== 'text' || !marker) return quote
  notes.push({ kind: 'dropped', what: 'a layout marker of the source site', whatZh: '原网站的排版标记', text: marker[0].trim(), line: quote.position?.start.line })
  children[0] = { ...lead, value: lead.value.slice(marker[0].length) }
  return { ...quote, children: [{ ...first, children }, ...rest] }
}

/** `<a href="…">text</a>` written as raw HTML inside a paragraph: a Markdown link, so its address is kept (and checked). */
function withHtmlLinks(children: RootContent[]): RootContent[] {
  const out: RootContent[] = []
  for (let index = 0; index < children.length; index++) {
    const node = children[index] as RootContent
    const open = node.type === 'html' ? /^<a\s[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>$/i.exec(node.value.trim()) : null
    const close = open ? children.findIndex((other, at) => at > index && other.type === 'html' && /^<\/a\s*>$/i.test(other.value.trim())) : -1
    if (!open || close === -1) {
      out.push(node)
      continue
    }
    const url = (open[1] ?? open[2] ?? '').replace(/&amp;/g, '&')
    out.push({ type: 'link', url, children: children.slice(index + 1, close) as Link['children'], position: node.position } as RootContent)
    index = close
  }
  return out
}

function alertKind(quote: Blockquote): string | undefined {
  const first = quote.children[0]
  if (first?.type !== 'paragraph') return undefined
  const match = alert.exec(toString(first))
  return match?.[1]?.toUpperCase()
}

/** The alert as a quote whose first words are a bold label (`**Warning:**`), the `[!WARNING]` marker gone. */
function labelAlert(quote: Blockquote, kind: string, zh: boolean): Blockquote {
  const [first, ...rest] = quote.children
  if (first?.type !== 'paragraph') return quote
  const children = [...first.children]
  const lead = children[0]
  if (lead?.type === 'text') children[0] = { ...lead, value: lead.value.replace(alert, '') }
  while (children[0]?.type === 'text' && children[0].value.trim() === '') children.shift()
  if (children[0]?.type === 'break') children.shift()
  const label = alertLabel[kind] ?? { en: `${kind}:`, zh: kind }
  // `**警告**：` with the colon outside the bold: `**警告：**请` would not close the bold in CommonMark.
  const labelled = { ...first, children: [{ type: 'strong', children: [{ type: 'text', value: zh ? label.zh : label.en }] }, { type: 'text', value: zh ? '：' : ' ' }, ...children] } as typeof first
  return { ...quote, children: [labelled, ...rest] }
}

/** The text of an HTML fragment, its tags and comments gone and its entities of the common kind decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
}
