import type { Heading, Root } from 'mdast'
import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'

/**
 * `##症状`, typed without the space Markdown needs, is a paragraph of text to Markdown: the section would be
 * missing and its heading printed as text. Each one is reported at its own line, and a one-line paragraph is
 * read as the heading meant, so the rest of the entry is checked as the editor sees it.
 */
export function recoverUnspacedHeadings(file: VFile, tree: Root): void {
  tree.children.forEach((node, index) => {
    if (node.type !== 'paragraph') return
    const first = node.children[0]
    if (first?.type !== 'text') return
    const match = /^(#{2,6})([^#\s][^\n]*)/.exec(first.value)
    if (!match) return
    const [, hashes = '', rest = ''] = match
    const shown = rest.slice(0, 20)
    report(
      file,
      'heading-space',
      `Unexpected \`${hashes}${shown}\` without a space after \`${hashes}\`: Markdown reads it as text, not a heading; expected \`${hashes} ${shown}\``,
      node.position,
      undefined,
      `\`${hashes}${shown}\` 的 \`${hashes}\` 后面缺少空格，Markdown 会把它当成普通文字而不是标题；应写成 \`${hashes} ${shown}\``
    )
    if (node.children.length !== 1 || first.value.includes('\n')) return
    const heading: Heading = { type: 'heading', depth: hashes.length as Heading['depth'], children: [{ type: 'text', value: rest.trim(), ...(first.position ? { position: first.position } : {}) }], ...(node.position ? { position: node.position } : {}) }
    tree.children[index] = heading
  })
}
