import { LineCounter, parseDocument, isMap, isScalar, isPair, isCollection, type Document, type Node as YamlNode } from 'yaml'
import type { VFile } from 'vfile'
import type { Position } from 'unist'
import { report } from '../diagnostics/report.js'
import { findYamlMistakes } from './yaml-mistakes.js'
import { yamlErrorZh } from './yaml-errors-zh.js'

/**
 * YAML text that sits inside a file at some line, parsed with every node's place kept, so schema
 * errors can point at the key or value they are about.
 */
export interface YamlSource {
  readonly doc: Document.Parsed
  readonly lineCounter: LineCounter
  /** Line and column in the file of the YAML text's first character. */
  readonly start: { line: number; column: number }
  /** The plain data, or undefined when the YAML could not be read. */
  readonly data: unknown
}

const maxAliasCount = 100

export function parseYaml(file: VFile, text: string, start: { line: number; column: number }): YamlSource {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2', schema: 'core' })
  const source = { doc, lineCounter, start, data: undefined as unknown }
  // Mistakes kb can name say what to type instead; the parser's own message on their line would only add noise.
  const mistakes = findYamlMistakes(text, doc)
  for (const mistake of mistakes) report(file, mistake.ruleId, mistake.reason, placeOfRange(source, mistake.from, mistake.to), undefined, mistake.reasonZh)
  const explained = new Set(mistakes.map((mistake) => lineCounter.linePos(mistake.from).line))
  for (const error of doc.errors) {
    if (explained.has(lineCounter.linePos(error.pos[0]).line)) continue
    const place = placeOfRange(source, error.pos[0], error.pos[1])
    if (error.code === 'DUPLICATE_KEY') {
      const key = keyNameAt(text, error.pos[0])
      report(file, 'yaml-duplicate-key', `Unexpected duplicate key${key ? ` ${key}` : ''}, expected each key once`, place, undefined, `${key ? `键 ${key} ` : '这个键'}重复了，每个键只能写一次`)
    } else {
      report(file, 'yaml-syntax', `Invalid YAML: ${firstLine(error.message)}`, place, undefined, `YAML 写法有误：${yamlErrorZh(error.code, firstLine(error.message))}`)
    }
  }
  if (doc.errors.length > 0) return source
  try {
    source.data = doc.toJS({ maxAliasCount })
  } catch {
    // `toJS` throws only for alias expansion beyond the limit (the "billion laughs" pattern).
    report(file, 'yaml-alias-limit', `Unexpected YAML aliases expanding to too many values, expected at most ${maxAliasCount} alias uses`, placeOfRange(source, 0, text.length), undefined, `YAML 别名展开后的值太多，别名最多只能用 ${maxAliasCount} 次`)
  }
  const broken = firstLoneSurrogate(text, source.data)
  if (broken !== undefined) {
    report(file, 'yaml-syntax', 'Invalid YAML: an escape such as `\\uD800` stands for half a character (a lone surrogate), expected a whole character', placeOfRange(source, broken, broken), undefined, 'YAML 写法有误：`\\uD800` 这样的转义只表示半个字符（单独的代理项），请写完整的字符')
    source.data = undefined
  }
  return source
}

/**
 * Where a string value holds half of a UTF-16 pair, which only a `\\u` escape can produce: such a string
 * cannot be written as UTF-8 or put in a URL, so it would fail every step after this one.
 */
function firstLoneSurrogate(text: string, data: unknown): number | undefined {
  const stack = [data]
  // An alias inside its own anchor (`&x [1, *x]`) makes the data circular: each object is visited once.
  const seen = new Set<object>()
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      if (/[\uD800-\uDFFF]/u.test(value)) return Math.max(0, text.search(/\\u[dD][89a-fA-F]/))
    } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value)
      for (const [key, item] of Object.entries(value)) stack.push(key, item)
    }
  }
  return undefined
}

/** Where in the file a range of the YAML text lies. */
export function placeOfRange(source: Pick<YamlSource, 'lineCounter' | 'start'>, from: number, to: number): Position {
  return { start: filePoint(source, from), end: filePoint(source, Math.max(from, to)) }
}

function filePoint(source: Pick<YamlSource, 'lineCounter' | 'start'>, offset: number): { line: number; column: number; offset?: number } {
  const { line, col } = source.lineCounter.linePos(offset)
  return { line: source.start.line + line - 1, column: line === 1 ? source.start.column + col - 1 : col }
}

/**
 * The place of the node at `path`, or of the nearest parent that exists. With `key`, the place of that
 * key inside the map at `path` (for unknown keys); `value` prefers a value over its key.
 */
export function placeOfPath(source: YamlSource, path: readonly (string | number)[], prefer: 'key' | 'value' = 'value'): Position | undefined {
  for (let length = path.length; length >= 0; length--) {
    const parentPath = path.slice(0, length - 1)
    const last = path[length - 1]
    const parent = length === 0 ? undefined : source.doc.getIn(parentPath, true)
    if (length === 0) {
      const contents = source.doc.contents
      return contents?.range ? placeOfRange(source, contents.range[0], contents.range[1]) : undefined
    }
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(last))
      if (pair) {
        const node = (prefer === 'key' || pair.value === null ? pair.key : pair.value) as YamlNode
        if (node.range) return placeOfRange(source, node.range[0], valueEnd(node))
      }
    } else if (isCollection(parent)) {
      const node = parent.get(last, true) as YamlNode | undefined
      if (node?.range) return placeOfRange(source, node.range[0], valueEnd(node))
    }
  }
  return undefined
}

function valueEnd(node: YamlNode): number {
  // range[1] is the end of the value; range[2] includes trailing comments and blank lines.
  return node.range ? node.range[1] : 0
}

function keyNameAt(text: string, offset: number): string {
  const match = /^[^:\n]+/.exec(text.slice(offset))
  return match ? `\`${match[0].trim()}\`` : ''
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '') ?? message
}
