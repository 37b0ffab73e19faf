import type MiniSearch from 'minisearch'

/**
 * The fields of a MiniSearch index that its `toJSON` reads (minisearch 7, serialization version 2). They are
 * not public: test/compile/mini-search-json.test.ts holds this module to `JSON.stringify(index)`, so an
 * upgrade that changes them fails there, not in a reader's browser.
 */
interface MiniSearchFields {
  _documentCount: number
  _nextId: number
  _documentIds: Map<number, unknown>
  _fieldIds: Record<string, number>
  _fieldLength: Map<number, number[]>
  _avgFieldLength: number[]
  _storedFields: Map<number, unknown>
  _dirtCount: number
  _index: Iterable<[string, Map<number, Map<number, number>>]>
}

/**
 * `JSON.stringify(index)`, byte for byte, written as text in one pass: MiniSearch's `toJSON` first builds an
 * object per term and per field (most of a search shard's cost, and of its garbage), which stringify then walks.
 */
export function miniSearchJson(index: MiniSearch<never> | MiniSearch<object>): string {
  const fields = index as unknown as MiniSearchFields
  let terms = ''
  for (const [term, fieldIndex] of fields._index) {
    terms += `${terms === '' ? '' : ','}[${JSON.stringify(term)},${objectText(fieldIndex, (frequencies) => objectText(frequencies, countText))}]`
  }
  return (
    `{"documentCount":${JSON.stringify(fields._documentCount)},"nextId":${JSON.stringify(fields._nextId)}` +
    `,"documentIds":${objectText(fields._documentIds, JSON.stringify)},"fieldIds":${JSON.stringify(fields._fieldIds)}` +
    `,"fieldLength":${objectText(fields._fieldLength, JSON.stringify)},"averageFieldLength":${JSON.stringify(fields._avgFieldLength)}` +
    `,"storedFields":${objectText(fields._storedFields, JSON.stringify)},"dirtCount":${JSON.stringify(fields._dirtCount)}` +
    `,"index":[${terms}],"serializationVersion":2}`
  )
}

/** A number as JSON writes it (the counts are finite integers, but JSON writes anything else as null). */
function countText(count: number): string {
  return Number.isFinite(count) ? String(count) : 'null'
}

/**
 * `JSON.stringify(Object.fromEntries(map))` for a map with numeric keys: an object lists keys that are array
 * indexes first, in ascending order, then the others as inserted; a value JSON leaves out takes its key along.
 */
function objectText<V>(map: ReadonlyMap<number, V>, valueText: (value: V) => string | undefined): string {
  const indexes: number[] = []
  const others: string[] = []
  for (const key of map.keys()) {
    if (Number.isInteger(key) && key >= 0 && key < 4294967295) indexes.push(key)
    else others.push(String(key))
  }
  indexes.sort((a, b) => a - b)
  let text = ''
  const put = (name: string, value: V) => {
    const shown = valueText(value)
    if (shown !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(name)}:${shown}`
  }
  for (const key of indexes) put(String(key), map.get(key) as V)
  for (const name of others) put(name, map.get(Number(name)) as V)
  return `{${text}}`
}
