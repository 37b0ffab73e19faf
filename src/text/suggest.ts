import { closest, distance } from 'fastest-levenshtein'

/** The candidate a value is most likely a typo of, when it is close enough to be one (a third of its length). */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || value.length === 0) return undefined
  const best = closest(value, [...candidates])
  return distance(value.toLowerCase(), best.toLowerCase()) <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined
}

/**
 * The end of a Chinese sentence that may suggest what was meant: `，你是不是想写 `x`？` (the English "did you
 * mean `x`?"), or `end` when there is nothing to suggest. `written` is the code as the editor would type it.
 */
export function didYouMeanZh(written: string | undefined, end = '。'): string {
  return written === undefined ? end : `，你是不是想写 \`${written}\`？`
}
