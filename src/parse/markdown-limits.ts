import type { Root } from 'mdast'
import type { Point } from 'unist'

/**
 * Limits on Markdown shapes that no help entry needs and that make the parser (micromark and its GFM
 * extensions) or the tree utilities after it quadratic or recursive: inside one paragraph, every `]` and
 * every emphasis run may walk back over all the earlier ones, and every nesting level is a stack frame.
 * Checked before parsing, in one linear pass, so a hostile file costs milliseconds, not minutes.
 */
export const markdownLimits = {
  /** `>` and list markers opening containers on one line, and lists nested by indentation. */
  containerMarkersPerLine: 32,
  /** `[` open inside each other. */
  bracketDepth: 32,
  /** Consecutive `*`, `_` or `~` characters. */
  delimiterRun: 100,
  /** Links, emphasis runs, code spans, escapes, HTML, entities and addresses in one paragraph (one table row). */
  inlineMarksPerParagraph: 500,
  /** Blocks in one entry (paragraphs, headings, list items, table rows): each costs the parser and every output. */
  blocks: 10_000,
  /** Inline marks in one entry, summed over its paragraphs. */
  inlineMarks: 50_000,
  /** Table cells in one entry: GFM tables cost the parser far more per character than prose. */
  tableCells: 20_000,
  /** Levels of the parsed tree (a list inside a list item counts two). */
  treeDepth: 100
} as const

export interface LimitFinding {
  kind: 'too-deep' | 'too-complex'
  message: string
  /** The same in Chinese, for editors who read the report in zh-CN. */
  messageZh: string
  place: Point
}

const fence = /^ {0,3}(`{3,}|~{3,})/
const containerPrefix = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+/
const listMarker = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]{1,4}|$)/
const startsOwnInline = /^[ \t>]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)|^[ \t>]*#{1,6}(?:[ \t]|$)/
const tableDelimiterRow = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/

/**
 * The first limit the body of `text` breaks (from line `firstBodyLine`, 0-based, after the frontmatter), or
 * undefined. Fenced code is skipped: the parser reads it verbatim.
 */
export function findLimitBreach(text: string, firstBodyLine = 0): LimitFinding | undefined {
  const lines = text.split('\n')
  let openFence: { marker: string; length: number } | undefined
  let paragraph: { marks: number; start: number; depth: number } | undefined
  let tableRows = false
  let tableCells = 0
  let blocks = 0
  const listIndents: number[] = []
  let marks = 0
  for (let index = firstBodyLine; index < lines.length; index++) {
    const line = lines[index] ?? ''
    const fenceMatch = fence.exec(line)
    if (openFence) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === openFence.marker && fenceMatch[1].length >= openFence.length && line.trim() === fenceMatch[1]) openFence = undefined
      continue
    }
    if (fenceMatch?.[1]) {
      openFence = { marker: fenceMatch[1][0] ?? '`', length: fenceMatch[1].length }
      paragraph = undefined
      continue
    }
    if (line.trim() === '') {
      paragraph = undefined
      tableRows = false
      continue
    }
    const markers = countContainerMarkers(containerPrefix.exec(line)?.[0] ?? '')
    if (markers > markdownLimits.containerMarkersPerLine) {
      return { kind: 'too-deep', place: { line: index + 1, column: 1 }, message: `Unexpected ${markers} quote or list markers on one line, expected at most ${markdownLimits.containerMarkersPerLine} levels of nesting`, messageZh: `一行里有 ${markers} 个引用或列表标记，最多只能嵌套 ${markdownLimits.containerMarkersPerLine} 层` }
    }
    // Lists nested by indentation: the content columns of the open list items, as the parser would keep them.
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, '    ').length ?? 0
    while (listIndents.length > 0 && indent < (listIndents[listIndents.length - 1] ?? 0)) listIndents.pop()
    const marker = listMarker.exec(line.slice(/^[ \t]*/.exec(line)?.[0].length ?? 0))
    if (marker) {
      listIndents.push(indent + marker[0].length)
      if (listIndents.length > markdownLimits.containerMarkersPerLine) {
        return { kind: 'too-deep', place: { line: index + 1, column: indent + 1 }, message: `Unexpected list nested ${listIndents.length} deep by indentation, expected at most ${markdownLimits.containerMarkersPerLine} levels of nesting`, messageZh: `列表靠缩进嵌套了 ${listIndents.length} 层，最多只能嵌套 ${markdownLimits.containerMarkersPerLine} 层` }
      }
    }
    // The parser reads each table row, list item and heading as inline text of its own: count them one by one.
    if (!tableRows && tableDelimiterRow.test(line) && line.includes('-')) tableRows = true
    if (tableRows || !paragraph || startsOwnInline.test(line)) {
      if (paragraph) marks += paragraph.marks
      paragraph = { marks: 0, start: index, depth: 0 }
      if (++blocks > markdownLimits.blocks) {
        return { kind: 'too-complex', place: { line: index + 1, column: 1 }, message: `Unexpected entry with more than ${markdownLimits.blocks} paragraphs, headings, list items and table rows, expected fewer: split it into several entries`, messageZh: `文章里的段落、标题、列表项和表格行加起来超过了 ${markdownLimits.blocks} 个：请把它拆成几篇文章` }
      }
    }
    if (tableRows) {
      tableCells += line.split('|').length - 1
      if (tableCells > markdownLimits.tableCells) {
        return { kind: 'too-complex', place: { line: index + 1, column: 1 }, message: `Unexpected tables with more than ${markdownLimits.tableCells} cells in one entry, expected fewer: split the entry, or link the full table as a file`, messageZh: `一篇文章里的表格超过了 ${markdownLimits.tableCells} 个单元格：请拆分文章，或者把完整的表格作为文件链接出去` }
      }
    }
    const finding = scanInline(line, index, paragraph)
    if (finding) return finding
    if (marks + paragraph.marks > markdownLimits.inlineMarks) {
      return { kind: 'too-complex', place: { line: index + 1, column: 1 }, message: `Unexpected entry with more than ${markdownLimits.inlineMarks} links, emphasis marks, code spans, escapes and addresses, expected fewer: split it into several entries`, messageZh: `文章里的链接、强调标记、行内代码、转义字符和地址加起来超过了 ${markdownLimits.inlineMarks} 个：请把它拆成几篇文章` }
    }
    if (paragraph.marks > markdownLimits.inlineMarksPerParagraph) {
      return {
        kind: 'too-complex',
        place: { line: paragraph.start + 1, column: 1 },
        message: `Unexpected paragraph with more than ${markdownLimits.inlineMarksPerParagraph} links, emphasis marks, code spans, escapes and addresses, expected fewer: split it with blank lines, or put code and logs in a fenced code block`,
        messageZh: `这个段落里的链接、强调标记、行内代码、转义字符和地址超过了 ${markdownLimits.inlineMarksPerParagraph} 个：请用空行把它拆开，或者把代码和日志放进围栏代码块（\`\`\`）`
      }
    }
  }
  return undefined
}

function countContainerMarkers(prefix: string): number {
  let count = 0
  for (const match of prefix.matchAll(/>|[-+*]|\d{1,9}[.)]/g)) if (match[0]) count++
  return count
}

/**
 * Adds one line's inline marks (what the parser turns into tokens of their own: `]`, delimiter runs, code spans, escapes, `<`, `&`, `@`, `://`, `www.`) to its paragraph and follows bracket depth. `\`-escaped characters
 * are text, and code spans are skipped (logs quoted in a table cell are full of brackets); a code span is
 * looked for on its own line only, which keeps this pass linear.
 */
function scanInline(line: string, lineIndex: number, paragraph: { marks: number; depth: number }): LimitFinding | undefined {
  const codeSpanEnd = codeSpanEnds(line)
  let run = 0
  let runCharacter = ''
  for (let column = 0; column < line.length; column++) {
    const character = line[column]
    const spanEnd = codeSpanEnd.get(column)
    if (spanEnd !== undefined) {
      paragraph.marks++
      column = spanEnd - 1
      run = 0
      continue
    }
    if (character === '\\') {
      paragraph.marks++
      column++
      run = 0
      continue
    }
    if (character === '*' || character === '_' || character === '~') {
      if (run === 0 || character !== runCharacter) paragraph.marks++
      run++
      runCharacter = character
      if (run > markdownLimits.delimiterRun) {
        return { kind: 'too-deep', place: { line: lineIndex + 1, column: column + 1 }, message: `Unexpected run of more than ${markdownLimits.delimiterRun} \`*\`, \`_\` or \`~\`, expected emphasis nested at most that deep`, messageZh: `连续的 \`*\`、\`_\` 或 \`~\` 超过了 ${markdownLimits.delimiterRun} 个，强调最多只能嵌套这么多层` }
      }
      continue
    }
    run = 0
    if (character === '[') {
      paragraph.depth++
      if (paragraph.depth > markdownLimits.bracketDepth) {
        return { kind: 'too-deep', place: { line: lineIndex + 1, column: column + 1 }, message: `Unexpected \`[\` nested more than ${markdownLimits.bracketDepth} deep, expected links and brackets nested at most that deep`, messageZh: `\`[\` 嵌套超过了 ${markdownLimits.bracketDepth} 层，链接和方括号最多只能嵌套这么多层` }
      }
    } else if (character === ']') {
      paragraph.depth = Math.max(0, paragraph.depth - 1)
      paragraph.marks++
    } else if (character === '<' || character === '&' || character === '@' || (character === ':' && line.startsWith('//', column + 1)) || ((character === 'w' || character === 'W') && /^www\./i.test(line.slice(column, column + 4)))) {
      // Where HTML, entities, e-mail addresses and web addresses may start: each becomes tokens of its own.
      paragraph.marks++
    }
  }
  return undefined
}

/**
 * Code spans of one line: where each opening backtick run starts → where its closing run (the next run of
 * the same length) ends. One pass over the runs, with a cursor per run length, so it stays linear however
 * many runs never close.
 */
function codeSpanEnds(line: string): Map<number, number> {
  const spans = new Map<number, number>()
  if (!line.includes('`')) return spans
  const runs: { start: number; length: number }[] = []
  for (const match of line.matchAll(/(?<!\\)`+/g)) runs.push({ start: match.index, length: match[0].length })
  const byLength = new Map<number, number[]>()
  runs.forEach((item, index) => {
    const list = byLength.get(item.length)
    if (list) list.push(index)
    else byLength.set(item.length, [index])
  })
  const cursor = new Map<number, number>()
  for (let index = 0; index < runs.length; index++) {
    const opening = runs[index]
    if (!opening) continue
    const candidates = byLength.get(opening.length) ?? []
    let at = cursor.get(opening.length) ?? 0
    while (at < candidates.length && (candidates[at] ?? 0) <= index) at++
    cursor.set(opening.length, at)
    const closing = runs[candidates[at] ?? -1]
    if (!closing) continue
    spans.set(opening.start, closing.start + closing.length)
    index = candidates[at] ?? index
  }
  return spans
}

/** The first node deeper than the limit, found without recursion (the tree itself may be very deep). */
export function findTooDeepNode(tree: Root): LimitFinding | undefined {
  const stack: { node: { children?: unknown[]; position?: { start: Point } }; depth: number }[] = [{ node: tree, depth: 0 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop() ?? { node: tree, depth: 0 }
    if (depth > markdownLimits.treeDepth) {
      return { kind: 'too-deep', place: node.position?.start ?? { line: 1, column: 1 }, message: `Unexpected Markdown nested more than ${markdownLimits.treeDepth} levels deep (quotes, lists or emphasis inside each other), expected flatter content`, messageZh: `Markdown 嵌套超过了 ${markdownLimits.treeDepth} 层（引用、列表或强调一层套一层），请减少嵌套` }
    }
    if (Array.isArray(node.children)) for (const child of node.children) stack.push({ node: child as typeof node, depth: depth + 1 })
  }
  return undefined
}
