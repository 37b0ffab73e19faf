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

/**
 * `JSON.stringify` of a MiniSearch index (minisearch 7, serialization version 2) that had `documents` added in
 * order, byte for byte, made without MiniSearch's `add`. That walks its radix tree once per word of every
 * document (most of a search shard's cost); here each word is one map lookup, and the tree is walked once per
 * distinct term, in the order the terms first occur. The tree's shape, and so the order `toJSON` lists the
 * terms in, depends on that order alone: a term already in the tree leaves it as it is.
 * test/compile/mini-search-index.test.ts holds this to MiniSearch itself, so an upgrade that changes its
 * format fails there, not in a reader's browser.
 */
export function miniSearchIndexJson<D extends IndexedDocument<keyof D & string>>(documents: readonly D[], options: IndexedFields<D>): string {
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
    const stored: Record<string, string> = {}
    for (const name of options.storeFields) {
      const value = document[name]
      if (value !== undefined) stored[name] = value
    }
    storedFields += `${separator}"${shortId}":${JSON.stringify(stored)}`
    const lengths: number[] = []
    for (const [fieldId, field] of options.fields.entries()) {
      const value = document[field]
      if (value === undefined || value === null) continue
      const distinct = addTerms(options.tokenize(value), fieldId, shortId, tree, postingsOf)
      lengths[fieldId] = distinct
      // As MiniSearch's addFieldLength computes it, operation for operation: the float must come out the same.
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + distinct) / (shortId + 1)
    }
    // MiniSearch records lengths for a document once one of its fields has a value.
    if (lengths.length > 0) fieldLength += `${fieldLength === '' ? '' : ','}"${shortId}":${JSON.stringify(lengths)}`
  }
  let index = ''
  for (const [term, postings] of tree) index += `${index === '' ? '' : ','}[${JSON.stringify(term)},${postingsText(postings)}]`
  const count = documents.length
  const fieldIds = JSON.stringify(Object.fromEntries(options.fields.map((field, id) => [field, id])))
  return (
    `{"documentCount":${count},"nextId":${count},"documentIds":{${documentIds}},"fieldIds":${fieldIds}` +
    `,"fieldLength":{${fieldLength}},"averageFieldLength":${JSON.stringify(averageFieldLength)}` +
    `,"storedFields":{${storedFields}},"dirtCount":0,"index":[${index}],"serializationVersion":2}`
  )
}

/** Counts one field's terms into their postings; returns how many distinct terms it has (MiniSearch's field length). */
function addTerms(terms: readonly string[], fieldId: number, shortId: number, tree: SearchableMap<Postings>, postingsOf: Map<string, Postings>): number {
  let distinct = 0
  let sawEmpty = false
  for (const term of terms) {
    // MiniSearch counts an empty term in the field's length and indexes nothing for it.
    if (term === '') {
      if (!sawEmpty) distinct++
      sawEmpty = true
      continue
    }
    let postings = postingsOf.get(term)
    if (postings === undefined) {
      postings = []
      postingsOf.set(term, postings)
      tree.set(term, postings)
    }
    const pairs = postings[fieldId]
    if (pairs === undefined) {
      postings[fieldId] = [shortId, 1]
      distinct++
    } else if (pairs[pairs.length - 2] === shortId) {
      pairs[pairs.length - 1] = (pairs[pairs.length - 1] ?? 0) + 1
    } else {
      pairs.push(shortId, 1)
      distinct++
    }
  }
  return distinct
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
