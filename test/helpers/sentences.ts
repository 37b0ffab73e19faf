import { toString } from 'mdast-util-to-string'
import type { Nodes } from 'mdast'
import { parseMarkdown } from '../../src/parse/markdown.js'

/** Text as compared for "no sentence lost": Markdown read as text, escapes and white space evened out. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\\/g, '').replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim()
}

/** The sentences of a Markdown text (its frontmatter left out), as readers would read them. */
export function sentencesOf(markdown: string): string[] {
  const body = markdown.replace(/^(---|\+\+\+)[^\n]*\n[\s\S]*?\n(---|\+\+\+)[ \t]*\n/, '')
  const tree = parseMarkdown(body)
  const blocks: string[] = []
  const visit = (node: { type: string; children?: unknown[] }) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell' || node.type === 'code') {
      blocks.push(toString(node as Nodes, { includeHtml: false }).replace(/\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION|div[^\]]*)\]/gi, ''))
      return
    }
    for (const child of (node.children ?? []) as { type: string }[]) visit(child)
  }
  visit(tree)
  return blocks.flatMap((block) => comparable(block).split(/(?<=[。！？!?])|(?<=\.)\s+(?=[A-Z])/)).map((sentence) => sentence.trim()).filter((sentence) => sentence.length >= 8)
}
