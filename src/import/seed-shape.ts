import type { Blockquote, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'

/** Chinese and Latin list numbering at the start of a heading: `一、` `（二）` `3.` `4、`. */
const sectionNumber = /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[部步章节][分]?[：:、.．\s]?)\s*/
const itemNumber = /^\s*\d{1,2}\s*[.．、)）]\s*/
/** `故障点一：` `原因二:` `问题 3：` `Cause 1:`: a numbered item of a list of causes or questions. */
const labelledItem = /^\s*(?:故障点|原因|问题|情况|场景|方法|步骤|Cause|Reason|Problem|Issue|Method|Step)\s*[一二三四五六七八九十\d]+\s*[：:、.．]\s*/i

export interface SeedHeading {
  depth: 2 | 3
  text: string
  /** Numbered in the source (`1.`, `一、`, `故障点一：`): an ordered item, such as a step. */
  numbered: boolean
}

/**
 * Posts written in a rich-text editor and pasted as Markdown (the seed article's shape) carry their structure
 * in bold paragraphs, not headings: `**一、销户前的准备工作**`, `**1. 清空资产**`, `**故障点一：…**`. A bold line
 * that is the whole paragraph, short and not a sentence, becomes a heading: `一、` numbering a section (##),
 * `1.` or `故障点一：` an item (###), an unnumbered one a section. The first, before any text, is the title.
 */
export function headingsFromBoldLines(tree: Root): { title: string | undefined; converted: number } {
  let title: string | undefined
  let converted = 0
  tree.children = tree.children.map((node, index) => {
    const text = boldLine(node)
    if (text === undefined) return node
    if (index === 0 && title === undefined) {
      title = text
      return undefined
    }
    const heading = seedHeading(text)
    if (!heading) return node
    converted++
    return { type: 'heading', depth: heading.depth, children: [{ type: 'text', value: heading.text }], position: node.position, data: { numbered: heading.numbered } } as Heading
  }).filter((node): node is RootContent => node !== undefined)
  return { title, converted }
}

/** A heading's text without its numbering, its depth and whether it was numbered; undefined for a bold sentence. */
export function seedHeading(text: string): SeedHeading | undefined {
  const trimmed = text.trim()
  // A sentence set in bold for emphasis is not a heading: it ends like one, or runs long.
  if (/[。！!；;，,]$/.test(trimmed)) return undefined
  if ([...trimmed].length > 40) return undefined
  if (sectionNumber.test(trimmed)) return { depth: 2, text: trimmed.replace(sectionNumber, '').trim(), numbered: true }
  if (labelledItem.test(trimmed)) return { depth: 3, text: trimmed.replace(labelledItem, '').trim() || trimmed, numbered: true }
  if (itemNumber.test(trimmed)) return { depth: 3, text: trimmed.replace(itemNumber, '').trim(), numbered: true }
  return { depth: 2, text: trimmed, numbered: false }
}

/** The numbering of an item heading taken off (`故障点一：有奖励未领取` → `有奖励未领取`). */
export function withoutItemNumber(text: string): string {
  return text.replace(labelledItem, '').replace(itemNumber, '').trim() || text
}

export function isNumberedItem(text: string): boolean {
  return labelledItem.test(text) || itemNumber.test(text)
}

/** The text of a paragraph that is one bold run (and white space), else undefined. */
function boldLine(node: RootContent): string | undefined {
  if (node.type !== 'paragraph') return undefined
  const meaningful = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''))
  if (meaningful.length !== 1 || meaningful[0]?.type !== 'strong') return undefined
  const text = toString(meaningful[0]).trim()
  return text === '' ? undefined : text
}

const bullet = /^\s*[•·●▪◦‣∙]\s*/

/**
 * A quote whose paragraphs each start with a bullet character (`> • 账户 UID`) is a list pasted from a rich-text
 * editor: it becomes a Markdown list.
 */
export function listsFromBulletQuotes(tree: Root): number {
  let converted = 0
  tree.children = tree.children.map((node) => {
    if (node.type !== 'blockquote' || !isBulletQuote(node)) return node
    converted++
    const items: ListItem[] = node.children.map((paragraph) => ({ type: 'listItem', spread: false, children: [withoutBullet(paragraph as Paragraph)] }))
    return { type: 'list', ordered: false, spread: false, children: items, position: node.position } satisfies List
  })
  return converted
}

function isBulletQuote(quote: Blockquote): boolean {
  return quote.children.length > 0 && quote.children.every((child) => child.type === 'paragraph' && bullet.test(toString(child)))
}

function withoutBullet(paragraph: Paragraph): Paragraph {
  const [first, ...rest] = paragraph.children
  if (first?.type !== 'text') return paragraph
  const stripped: PhrasingContent = { ...first, value: first.value.replace(bullet, '') }
  return { ...paragraph, children: [stripped, ...rest] }
}
