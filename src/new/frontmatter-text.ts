import { Document, isScalar, isSeq, visit } from 'yaml'

/** Frontmatter as editors write it: one key per line, lists of plain values inline (`tags: [注销, 账户]`). */
export function frontmatterText(data: Record<string, unknown>): string {
  const document = new Document(data)
  visit(document, {
    Seq(_key, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true
    }
  })
  return ['---', document.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd(), '---'].join('\n')
}
