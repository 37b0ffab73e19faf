import { isMap, isPair, isScalar, Scalar, visit, type Document } from 'yaml'
import type { RuleId } from '../diagnostics/rules.js'

/**
 * A mistake editors make in frontmatter that YAML either rejects with a message only a programmer reads, or
 * worse, accepts with another meaning (a list of one item, a title cut short). Offsets are in the YAML text.
 */
export interface YamlMistake {
  ruleId: RuleId
  reason: string
  reasonZh: string
  from: number
  to: number
}

/** Keys whose value readers see as written: a `#` in them is never meant as a YAML comment. */
const proseKeys = new Set(['title', 'summary'])

/**
 * The mistakes found in frontmatter YAML, most of them typed with a Chinese input method left on: a
 * full-width colon, space, comma or bracket where YAML needs the ASCII one; and, in any language, an
 * unquoted `: ` or ` #` inside a value. `doc` is the parsed document, used where the text parsed.
 */
export function findYamlMistakes(text: string, doc: Document.Parsed): YamlMistake[] {
  const mistakes: YamlMistake[] = []
  let offset = 0
  let blockIndent: number | undefined
  for (const line of text.split('\n')) {
    const indent = /^ */.exec(line)?.[0].length ?? 0
    // Lines of a `|` or `>` block are text, whatever they look like.
    if (blockIndent !== undefined && (line.trim() === '' || indent > blockIndent)) {
      offset += line.length + 1
      continue
    }
    blockIndent = undefined
    mistakes.push(...lineMistakes(line, offset))
    if (/^\s*(?:-\s+)?[^\s#][^:#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$/.test(line)) blockIndent = indent
    offset += line.length + 1
  }
  if (doc.errors.length === 0) mistakes.push(...documentMistakes(text, doc))
  return mistakes
}

/**
 * `key` at the start of a line. Not after `- `: in a list, `- sap:blue-screen` is a valid string (real
 * Microsoft frontmatter has such tags), so only mapping keys are judged.
 */
const keyAtLineStart = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)/

function lineMistakes(line: string, offset: number): YamlMistake[] {
  const key = keyAtLineStart.exec(line)
  if (!key) return []
  const [matched, , name] = key
  const at = offset + matched.length
  const after = line.slice(matched.length)
  const fix = (value: string) => `\`${name}: ${value.trim() || '…'}\``
  const fullWidthColon = /^\s*：/.exec(after)
  if (fullWidthColon) {
    const colon = at + fullWidthColon[0].length - 1
    const fixed = fix(after.slice(fullWidthColon[0].length))
    return [{ ruleId: 'yaml-fullwidth-punctuation', reason: `Unexpected full-width colon \`：\` after \`${name}\`, expected an ASCII colon and a space: ${fixed}`, reasonZh: `\`${name}\` 后面用了全角冒号 \`：\`，YAML 需要半角冒号加一个空格：${fixed}`, from: colon, to: colon + 1 }]
  }
  if (!after.startsWith(':')) return []
  const value = after.slice(1)
  if (value.startsWith('\u3000')) {
    const fixed = fix(value.replace(/^\u3000+/, ''))
    return [{ ruleId: 'yaml-fullwidth-punctuation', reason: `Unexpected full-width space after \`${name}:\`, expected an ASCII space: ${fixed}`, reasonZh: `\`${name}:\` 后面用了全角空格，YAML 需要半角空格：${fixed}`, from: at + 1, to: at + 2 }]
  }
  // `key:value` is one string to YAML; a URL (`https://…`) in a list is not a key at all.
  if (/^[^\s/]/.test(value)) {
    const written = `${name}:${value.slice(0, 12)}${value.length > 12 ? '…' : ''}`
    return [{ ruleId: 'yaml-syntax', reason: `Unexpected \`${written}\` without a space after the colon, expected ${fix(value)}`, reasonZh: `\`${written}\` 的冒号后面缺少空格，应写成 ${fix(value)}`, from: at, to: at + 1 }]
  }
  // Only a bracketed value that reads as a list: `【公告】系统维护` is a title, `【注销, 账户】` a list.
  const bracket = /^\s*([【［〔「])[^】］〕」]*[,，、][^】］〕」]*[】］〕」]\s*$/.exec(value)
  if (bracket) {
    const position = at + 1 + bracket[0].indexOf(bracket[1] ?? '')
    return [{ ruleId: 'yaml-fullwidth-punctuation', reason: `Unexpected full-width bracket \`${bracket[1]}\` starting the value of \`${name}\`, expected a list in ASCII brackets and commas, as in \`${name}: [注销, 账户]\``, reasonZh: `\`${name}\` 的值用了全角括号 \`${bracket[1]}\`，列表要用半角方括号和半角逗号，例如 \`${name}: [注销, 账户]\``, from: position, to: position + 1 }]
  }
  // An unquoted `: ` inside a value starts a mapping YAML does not allow there.
  const plain = /^\s+([^\s"'[{|>&*!%@`#-][^#]*?)\s*(?:\s#.*)?$/.exec(value)
  const inner = plain?.[1]?.search(/: |:$/) ?? -1
  if (plain?.[1] && inner !== -1) {
    const position = at + 1 + value.indexOf(plain[1]) + inner
    const quoted = JSON.stringify(plain[1])
    return [{ ruleId: 'yaml-syntax', reason: `Unexpected \`: \` inside the value of \`${name}\`, which YAML reads as the start of another key, expected the whole value in quotes: \`${name}: ${quoted}\``, reasonZh: `\`${name}\` 的值里有 \`: \`，YAML 会把它当成另一个键的开始；请用双引号把整个值括起来：\`${name}: ${quoted}\``, from: position, to: position + 1 }]
  }
  return []
}

function documentMistakes(text: string, doc: Document.Parsed): YamlMistake[] {
  const mistakes: YamlMistake[] = []
  visit(doc, {
    Seq(_key, seq) {
      if (!seq.flow) return
      for (const item of seq.items) {
        if (!isScalar(item) || item.type !== Scalar.PLAIN || typeof item.value !== 'string' || !item.range) continue
        const comma = item.value.search(/[，、]/)
        if (comma === -1) continue
        const position = item.range[0] + comma
        const parts = item.value.split(/[，、]/).map((part) => part.trim())
        mistakes.push({
          ruleId: 'yaml-fullwidth-punctuation',
          reason: `Unexpected full-width comma \`${item.value[comma]}\` in a list, which YAML reads as one item \`${item.value}\`, expected ASCII commas between items: \`[${parts.join(', ')}]\``,
          reasonZh: `列表里用了全角逗号 \`${item.value[comma]}\`，YAML 会把 \`${item.value}\` 当成一项；各项之间要用半角逗号：\`[${parts.join(', ')}]\``,
          from: position,
          to: position + 1
        })
      }
    }
  })
  // A plain value followed by ` #…` on its line loses that part as a comment: say what is published instead.
  if (!isMap(doc.contents)) return mistakes
  for (const pair of doc.contents.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !isScalar(pair.value) || pair.value.type !== Scalar.PLAIN || !pair.value.range) continue
    const name = String(pair.key.value)
    const valueEnd = pair.value.range[1]
    const rest = /^[ \t]+#(\S?)/.exec(text.slice(valueEnd))
    if (!rest || !(proseKeys.has(name) || rest[1] !== '')) continue
    const hash = valueEnd + rest[0].length - 1 - (rest[1] ?? '').length
    const lineEnd = text.indexOf('\n', hash)
    const cut = text.slice(hash, lineEnd === -1 ? undefined : lineEnd).trim()
    mistakes.push({
      ruleId: 'yaml-comment-in-value',
      reason: `Unexpected \`#\` in the value of \`${name}\`: YAML reads \`${cut}\` as a comment, so \`${name}\` is only \`${String(pair.value.value)}\`; expected the whole value in quotes: \`${name}: ${JSON.stringify(`${String(pair.value.value)} ${cut}`)}\``,
      reasonZh: `\`${name}\` 的值里有 \`#\`：YAML 把 \`${cut}\` 当成注释，所以 \`${name}\` 只剩 \`${String(pair.value.value)}\`；请用双引号把整个值括起来：\`${name}: ${JSON.stringify(`${String(pair.value.value)} ${cut}`)}\``,
      from: hash,
      to: hash + 1
    })
  }
  return mistakes
}
