/**
 * Items in order, cut into runs that each stay within a consumer's limits for one file: at most `maxItems`
 * items, and item sizes summing to at most `maxBytes` (the caller takes the file's own wrapping off first).
 * An item bigger than `maxBytes` alone still gets a run of its own. Used where a format has a per-file
 * limit (sitemaps.org's 50,000 URLs and 50 MB, Kendra's 5 MB per FAQ).
 */
export function inParts<T>(items: readonly T[], sizeOf: (item: T) => number, limits: { maxBytes: number; maxItems?: number }): T[][] {
  const parts: T[][] = [[]]
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    let current = parts[parts.length - 1] as T[]
    if (current.length > 0 && (current.length >= (limits.maxItems ?? Infinity) || bytes + size > limits.maxBytes)) {
      current = []
      parts.push(current)
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  return parts
}
