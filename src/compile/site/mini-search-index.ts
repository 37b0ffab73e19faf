import SearchableMap from 'minisearch/SearchableMap'

export interface IndexedFields<D> {
  /** Searched fields, in MiniSearch's `fields` order (a field's id is its place here). */
  fields: readonly (keyof D & string)[]
  /** Fields stored with each result, MiniSearch's `storeFields`. */
  storeFields: readonly (keyof D & string)[]
  /** A field's terms, as MiniSearch's `tokenize` gives them (its `processTerm` being the identity). */
  tokenize: (text: string) => readonly string[]
}

/** A document: its id and its fields' text (a field left out is not indexed). */
export type IndexedDocument<F extends string = string> = { readonly id: string } & { readonly [field in F]?: string }

/** One field's terms, each once, in the order they first occur, with how often each occurs. */
interface FieldTerms {
  terms: string[]
  counts: number[]
  /** Distinct terms, the empty one included: MiniSearch's field length. */
  distinct: number
}

/** What indexing a document takes from it: its id, its stored fields as JSON, and its fields' terms (see documentTerms). */
export interface DocumentTerms {
  id: string
  storedJson: string
  fields: (FieldTerms | undefined)[]
}

/** The document's terms, field by field, made once: a resident engine keeps them for the next index of its shard. */
export function documentTerms<D extends IndexedDocument<keyof D & string>>(document: D, options: IndexedFields<D>): DocumentTerms {
  const stored: Record<string, string> = {}
  for (const name of options.storeFields) {
    const value = document[name]
    if (value !== undefined) stored[name] = value as string
  }
  const fields = options.fields.map((field) => {
    const value = document[field] as string | undefined | null
    return value === undefined || value === null ? undefined : fieldTerms(options.tokenize(value))
  })
  return { id: document.id, storedJson: JSON.stringify(stored), fields }
}

function fieldTerms(tokens: readonly string[]): FieldTerms {
  const at = new Map<string, number>()
  const terms: string[] = []
  const counts: number[] = []
  let sawEmpty = false
  for (const term of tokens) {
    // MiniSearch counts an empty term in the field's length and indexes nothing for it.
    if (term === '') {
      sawEmpty = true
      continue
    }
    const index = at.get(term)
    if (index === undefined) {
      at.set(term, terms.length)
      terms.push(term)
      counts.push(1)
    } else {
      counts[index] = (counts[index] ?? 0) + 1
    }
  }
  return { terms, counts, distinct: terms.length + (sawEmpty ? 1 : 0) }
}

/**
 * `JSON.stringify` of a MiniSearch index (minisearch 7, serialization version 2) that had the documents added
 * in order, byte for byte, made without MiniSearch's `add`. That walks its radix tree once per word of every
 * document (most of a search shard's cost); here the tree is walked once per distinct term, in the order the
 * terms first occur. The tree's shape, and so the order `toJSON` lists the terms in, depends on that order
 * alone: a term already in the tree leaves it as it is. test/compile/mini-search-index.test.ts holds this to
 * MiniSearch itself, so an upgrade that changes its format fails there, not in a reader's browser.
 */
export function miniSearchIndexJson(documents: readonly DocumentTerms[], fields: readonly string[]): string {
  const fieldCount = fields.length
  const tree = new SearchableMap<number>()
  const termIndex = new Map<string, number>()
  const rows = postingRows()
  const seenIds = new Set<string>()
  const averageFieldLength: number[] = []
  let documentIds = ''
  let fieldLength = ''
  let storedFields = ''
  for (const [shortId, document] of documents.entries()) {
    if (seenIds.has(document.id)) throw new Error(`MiniSearch: duplicate ID ${document.id}`)
    seenIds.add(document.id)
    const separator = shortId === 0 ? '' : ','
    documentIds += `${separator}"${shortId}":${JSON.stringify(document.id)}`
    storedFields += `${separator}"${shortId}":${document.storedJson}`
    const lengths: number[] = []
    for (const [fieldId, field] of document.fields.entries()) {
      if (!field) continue
      const { terms, counts } = field
      for (let at = 0; at < terms.length; at++) {
        const term = terms[at] as string
        let index = termIndex.get(term)
        if (index === undefined) {
          index = termIndex.size
          termIndex.set(term, index)
          tree.set(term, index)
        }
        addRow(rows, index * fieldCount + fieldId, shortId, counts[at] as number)
      }
      lengths[fieldId] = field.distinct
      // As MiniSearch's addFieldLength computes it, operation for operation: the float must come out the same.
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + field.distinct) / (shortId + 1)
    }
    // MiniSearch records lengths for a document once one of its fields has a value.
    if (lengths.length > 0) fieldLength += `${fieldLength === '' ? '' : ','}"${shortId}":${JSON.stringify(lengths)}`
  }
  const index = indexText(tree, rows, termIndex.size * fieldCount, fieldCount, documents.length)
  const count = documents.length
  const fieldIds = JSON.stringify(Object.fromEntries(fields.map((field, id) => [field, id])))
  return (
    `{"documentCount":${count},"nextId":${count},"documentIds":{${documentIds}},"fieldIds":${fieldIds}` +
    `,"fieldLength":{${fieldLength}},"averageFieldLength":${JSON.stringify(averageFieldLength)}` +
    `,"storedFields":{${storedFields}},"dirtCount":0,"index":[${index}],"serializationVersion":2}`
  )
}

/**
 * Every (term, field, document) with its count, one row each, in the order the documents were added: three
 * columns of numbers instead of an array per term and field, which a shard made by the tens of thousands
 * and the garbage collector then copied around.
 */
interface PostingRows {
  /** `term index × field count + field id`. */
  keys: Int32Array
  documents: Int32Array
  counts: Int32Array
  length: number
}

function postingRows(): PostingRows {
  const capacity = 4096
  return { keys: new Int32Array(capacity), documents: new Int32Array(capacity), counts: new Int32Array(capacity), length: 0 }
}

function addRow(rows: PostingRows, key: number, document: number, count: number): void {
  if (rows.length === rows.keys.length) {
    const grown = (column: Int32Array) => {
      const wider = new Int32Array(column.length * 2)
      wider.set(column)
      return wider
    }
    rows.keys = grown(rows.keys)
    rows.documents = grown(rows.documents)
    rows.counts = grown(rows.counts)
  }
  rows.keys[rows.length] = key
  rows.documents[rows.length] = document
  rows.counts[rows.length] = count
  rows.length++
}

/**
 * The `index` array of the JSON: each term in the tree's order, as `["term",{"<field id>":{"<short id>":<count>,...},...}]`,
 * keys ascending as JSON writes an object's index keys. The rows are grouped by key with a counting sort,
 * which keeps each group's documents in the ascending order they were added in.
 */
function indexText(tree: SearchableMap<number>, rows: PostingRows, keyCount: number, fieldCount: number, documentCount: number): string {
  const starts = new Int32Array(keyCount + 1)
  for (let row = 0; row < rows.length; row++) {
    const after = (rows.keys[row] as number) + 1
    starts[after] = (starts[after] as number) + 1
  }
  for (let key = 0; key < keyCount; key++) starts[key + 1] = (starts[key + 1] as number) + (starts[key] as number)
  const next = starts.slice(0, keyCount)
  const documents = new Int32Array(rows.length)
  const counts = new Int32Array(rows.length)
  for (let row = 0; row < rows.length; row++) {
    const key = rows.keys[row] as number
    const at = next[key] as number
    next[key] = at + 1
    documents[at] = rows.documents[row] as number
    counts[at] = rows.counts[row] as number
  }
  const documentKeys = Array.from({ length: documentCount }, (_, shortId) => `"${shortId}":`)
  const parts: string[] = []
  for (const [term, index] of tree) {
    let postings = ''
    for (let fieldId = 0; fieldId < fieldCount; fieldId++) {
      const key = index * fieldCount + fieldId
      const from = starts[key] as number
      const to = starts[key + 1] as number
      if (from === to) continue
      let pairs = `"${fieldId}":{`
      for (let at = from; at < to; at++) pairs += `${at === from ? '' : ','}${documentKeys[documents[at] as number] as string}${counts[at] as number}`
      postings += `${postings === '' ? '' : ','}${pairs}}`
    }
    parts.push(`[${JSON.stringify(term)},{${postings}}]`)
  }
  return parts.join(',')
}
