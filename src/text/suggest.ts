import { closest, distance } from 'fastest-levenshtein'

/** The candidate a value is most likely a typo of, when it is close enough to be one (a third of its length). */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || value.length === 0) return undefined
  const best = closest(value, [...candidates])
  return distance(value.toLowerCase(), best.toLowerCase()) <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined
}
