import type { VFile } from 'vfile'

/** Safety findings `--strip-unsafe` takes out of the text: links and contacts that lead a reader astray. */
export const strippedRules = new Set(['referral', 'lookalike-domain', 'download', 'shortener', 'unofficial-contact'])

const ruleWords: Record<string, { en: string; zh: string }> = {
  referral: { en: 'referral link or code', zh: '推广链接或推荐码' },
  'lookalike-domain': { en: 'look-alike site', zh: '仿冒网站' },
  download: { en: 'unofficial download', zh: '非官方下载' },
  shortener: { en: 'shortened link', zh: '短链接' },
  'unofficial-contact': { en: 'unofficial contact', zh: '非官方联系方式' }
}

export interface StrippedSpan {
  ruleId: string
  text: string
  line: number
  column: number
}

/**
 * The text with every span a stripped rule flags replaced by a note saying what was removed (`（已删除：推广链接）`),
 * and a link left without its address turned back into its text. The surrounding sentence stays.
 */
export function stripUnsafe(text: string, checked: VFile, locale: string): { text: string; stripped: StrippedSpan[] } {
  const lineStarts = [0]
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') lineStarts.push(index + 1)
  const offsetOf = (point: { line: number; column: number }) => (lineStarts[point.line - 1] ?? text.length) + point.column - 1
  const spans: { from: number; to: number; ruleId: string; line: number; column: number }[] = []
  for (const message of checked.messages) {
    const ruleId = message.ruleId ?? ''
    if (!strippedRules.has(ruleId) || !message.place || !('start' in message.place)) continue
    const { start, end } = message.place
    const from = offsetOf(start)
    const to = offsetOf(end)
    if (to > from) spans.push({ from, to, ruleId, line: start.line, column: start.column })
  }
  // Later spans first, so earlier offsets stay right; overlapping spans are taken once.
  spans.sort((a, b) => b.from - a.from)
  let out = text
  let floor = Infinity
  const stripped: StrippedSpan[] = []
  const zh = locale.startsWith('zh')
  for (const span of spans) {
    if (span.to > floor) continue
    const words = ruleWords[span.ruleId] ?? { en: span.ruleId, zh: span.ruleId }
    const note = zh ? `（已删除：${words.zh}）` : `(removed: ${words.en})`
    stripped.push({ ruleId: span.ruleId, text: text.slice(span.from, span.to), line: span.line, column: span.column })
    out = out.slice(0, span.from) + note + out.slice(span.to)
    floor = span.from
  }
  // `[官网](（已删除：仿冒网站）)` → `官网（已删除：仿冒网站）`; `<（已删除…）>` autolinks likewise.
  out = out.replace(/\[([^\]\n]*)\]\((（已删除：[^）]*）|\(removed: [^)]*\))\)/g, (_all, label: string, note: string) => `${label}${zh ? '' : ' '}${note}`)
  out = out.replace(/<(（已删除：[^）]*）|\(removed: [^)]*\))>/g, '$1')
  return { text: out, stripped: stripped.reverse() }
}
