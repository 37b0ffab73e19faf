import type { Root, Yaml } from 'mdast'
import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import { parseYaml, type YamlSource } from './yaml.js'

const fenceWithLanguage = /^---[ \t]*([A-Za-z][\w-]*)[ \t]*$/
const closingFence = /^(---|\.\.\.)[ \t]*$/

/**
 * Frontmatter in any language but YAML (`---js`, `---coffee`) is refused, never evaluated. Its lines are
 * blanked (line count kept) so the body parses without them and positions stay those of the file.
 */
export function maskForeignFrontmatter(file: VFile, text: string): string {
  const lines = text.split(/\r?\n/)
  const language = fenceWithLanguage.exec(lines[0] ?? '')?.[1]
  if (!language || language.toLowerCase() === 'yaml') return text
  report(
    file,
    'frontmatter-language',
    `Unexpected \`${language}\` frontmatter, expected YAML: frontmatter is never executed`,
    { start: { line: 1, column: 1 }, end: { line: 1, column: (lines[0] ?? '').length + 1 } },
    undefined,
    `文件头用的是 \`${language}\`，应该用 YAML：文件头永远不会被执行`
  )
  let end = lines.findIndex((line, index) => index > 0 && closingFence.test(line))
  if (end === -1) end = lines.length - 1
  const newline = text.includes('\r\n') ? '\r\n' : '\n'
  return [...lines.slice(0, end + 1).map(() => ''), ...lines.slice(end + 1)].join(newline)
}

/** Reads the YAML frontmatter block the Markdown parser found, with positions in the file. */
export function readFrontmatter(file: VFile, tree: Root, text: string): YamlSource | undefined {
  const first = tree.children[0]
  if (first?.type !== 'yaml') {
    if (file.messages.some((message) => message.ruleId === 'frontmatter-language')) return undefined
    const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
    if (/^---[ \t]*$/.test(firstLine)) {
      report(file, 'frontmatter-unclosed', 'Unexpected end of frontmatter, expected a closing `---` line', { start: { line: 1, column: 1 }, end: { line: 1, column: firstLine.length + 1 } }, undefined, '文件头没有结束：请在文件头的末尾加一行 `---`')
    } else {
      report(file, 'frontmatter-missing', 'Missing frontmatter, expected the file to start with a `---` line', { line: 1, column: 1 }, undefined, '没有文件头：文件应以一行 `---` 开始')
    }
    return undefined
  }
  const node = first as Yaml
  const start = { line: (node.position?.start.line ?? 1) + 1, column: 1 }
  // The YAML parser slows to seconds on deeply nested frontmatter, which no entry needs (its size is
  // limited before the Markdown parser sees it, in parse/entry.ts).
  const deepAt = flowNestingBeyond(node.value, maxFlowDepth)
  if (deepAt !== undefined) {
    const before = node.value.slice(0, deepAt)
    const line = start.line + (before.match(/\n/g)?.length ?? 0)
    report(file, 'yaml-syntax', `Invalid YAML: \`[\` or \`{\` nested more than ${maxFlowDepth} deep, expected flatter values`, { line, column: deepAt - before.lastIndexOf('\n') }, undefined, `YAML 写法有误：\`[\` 或 \`{\` 嵌套超过了 ${maxFlowDepth} 层，请把值写得简单些`)
    return undefined
  }
  const source = parseYaml(file, node.value, start)
  if (source.doc.errors.length === 0 && source.data !== undefined && (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data))) {
    report(file, 'frontmatter-not-mapping', 'Unexpected frontmatter that is not a list of `key: value` lines, expected keys such as `id:` and `title:`', node.position, undefined, '文件头不是一行一个 `key: value` 的形式，应写成 `id:`、`title:` 这样的键')
    return { ...source, data: undefined }
  }
  return source
}

/** Larger frontmatter is refused unread (`frontmatter-too-large`): long text belongs in the body. */
export const maxFrontmatterLength = 64 * 1024
const maxFlowDepth = 64

/** Where `[` and `{` first nest deeper than `limit` outside quoted strings, or undefined. */
function flowNestingBeyond(yaml: string, limit: number): number | undefined {
  let depth = 0
  let quote = ''
  for (let index = 0; index < yaml.length; index++) {
    const character = yaml[index]
    if (quote) {
      if (character === quote) quote = ''
      else if (character === '\\' && quote === '"') index++
    } else if (character === '"' || character === "'") quote = character
    else if (character === '#' && (index === 0 || /\s/.test(yaml[index - 1] ?? ''))) index = Math.max(index, yaml.indexOf('\n', index) === -1 ? yaml.length : yaml.indexOf('\n', index))
    else if (character === '[' || character === '{') {
      if (++depth > limit) return index
    } else if (character === ']' || character === '}') depth = Math.max(0, depth - 1)
    else if (character === '\n' && depth === 0) quote = ''
  }
  return undefined
}

/** The frontmatter block as written: `---` line, YAML, closing `---` line. */
const frontmatterBlock = /^\uFEFF?---[^\n]*\n([\s\S]*?)\n---[ \t]*(?:\r?\n|$)/

/**
 * An entry's text cut at its frontmatter, without parsing: the YAML text, the offset where the closing
 * `---` starts, and the body after it. For the commands that read or rewrite entries as text (translate).
 */
export function splitFrontmatter(text: string): { yaml: string; closingAt: number; body: string } | undefined {
  const match = frontmatterBlock.exec(text)
  if (!match) return undefined
  return { yaml: match[1] ?? '', closingAt: match[0].lastIndexOf('\n---') + 1, body: text.slice(match[0].length) }
}
