/**
 * `fn` over the items, `size` at a time, results in item order: file-system work overlaps its latency
 * without opening thousands of handles at once.
 */
export async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(fn))))
  return results
}
