/** Items by each of their keys (an item with several, such as tags, is in each group once), in the items' order. */
export function groupBy<T>(items: readonly T[], keysOf: (item: T) => string | readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const keys = keysOf(item)
    for (const key of typeof keys === 'string' ? [keys] : new Set(keys)) {
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
  }
  return groups
}
