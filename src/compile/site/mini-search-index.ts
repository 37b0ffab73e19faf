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

/** A term's postings: for each field id, the documents holding it and how often, as pairs, documents ascending. */
type Postings = (number[] | undefined)[]

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
  const tree = new SearchableMap<Postings>()
  const postingsOf = new Map<string, Postings>()
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
      addTerms(field, fieldId, shortId, tree, postingsOf)
      lengths[fieldId] = field.distinct
      // As MiniSearch's addFieldLength computes it, operation for operation: the float must come out the same.
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + field.distinct) / (shortId + 1)
    }
    // MiniSearch records lengths for a document once one of its fields has a value.
    if (lengths.length > 0) fieldLength += `${fieldLength === '' ? '' : ','}"${shortId}":${JSON.stringify(lengths)}`
  }
  let index = ''
  for (const [term, postings] of tree) index += `${index === '' ? '' : ','}[${JSON.stringify(term)},${postingsText(postings)}]`
  const count = documents.length
  const fieldIds = JSON.stringify(Object.fromEntries(fields.map((field, id) => [field, id])))
  return (
    `{"documentCount":${count},"nextId":${count},"documentIds":{${documentIds}},"fieldIds":${fieldIds}` +
    `,"fieldLength":{${fieldLength}},"averageFieldLength":${JSON.stringify(averageFieldLength)}` +
    `,"storedFields":{${storedFields}},"dirtCount":0,"index":[${index}],"serializationVersion":2}`
  )
}

/** Adds one field's terms to their postings, new terms to the tree. */
function addTerms(field: FieldTerms, fieldId: number, shortId: number, tree: SearchableMap<Postings>, postingsOf: Map<string, Postings>): void {
  const { terms, counts } = field
  for (let at = 0; at < terms.length; at++) {
    const term = terms[at] as string
    let postings = postingsOf.get(term)
    if (postings === undefined) {
      postings = []
      postingsOf.set(term, postings)
      tree.set(term, postings)
    }
    const pairs = postings[fieldId]
    if (pairs === undefined) postings[fieldId] = [shortId, counts[at] as number]
    else pairs.push(shortId, counts[at] as number)
  }
}

/** `{"<field id>":{"<short id>":<count>,...},...}`, keys ascending as JSON writes an object's index keys. */
function postingsText(postings: Postings): string {
  let text = ''
  for (const [fieldId, pairs] of postings.entries()) {
    if (pairs === undefined) continue
    let documents = ''
    for (let at = 0; at < pairs.length; at += 2) documents += `${at === 0 ? '' : ','}"${pairs[at]}":${pairs[at + 1]}`
    text += `${text === '' ? '' : ','}"${fieldId}":{${documents}}`
  }
  return `{${text}}`
}
