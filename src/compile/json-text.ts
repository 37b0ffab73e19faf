import type { FilePart } from './render-memo.js'

/**
 * U+2028 and U+2029 are valid raw in JSON, but a reader that splits text on every line terminator (Python's
 * `splitlines`, many log and JSON Lines tools) cuts a record there: they are written as `\u2028` escapes.
 */
function escapeLineSeparators(text: string): string {
  return text.replace(/[\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16)}`)
}

/** A value as the text of a JSON output file: two-space indented, ending with a line break. */
export function json(value: unknown): string {
  return escapeLineSeparators(JSON.stringify(value, null, 2)) + '\n'
}

/** A value as one line of a JSON Lines file, without the line break. */
export function jsonLine(value: unknown): string {
  return escapeLineSeparators(JSON.stringify(value))
}

/**
 * `json({ ...fields, [key]: items })` as a file of parts (see PartsMemo), byte for byte: what comes before the
 * list, one part per item, then the end. An item's part is a function of its inputs and of whether it comes
 * first (the comma before it), so a build copies every unchanged item from the last build's file.
 */
export function jsonListParts(fields: Record<string, unknown>, key: string, items: readonly { inputs: unknown; value: () => unknown }[]): FilePart[] {
  return jsonListGroupParts(
    fields,
    key,
    items.map((item) => ({ inputs: item.inputs, count: 1, values: () => [item.value()] }))
  )
}

/**
 * jsonListParts with a part per group of `count` items (one entry's question-and-answer pairs, however many),
 * made only when the part is: a group's part is a function of its inputs and of whether an item came before it.
 */
export function jsonListGroupParts(fields: Record<string, unknown>, key: string, groups: readonly { inputs: unknown; count: number; values: () => readonly unknown[] }[]): FilePart[] {
  if (groups.every((group) => group.count === 0)) {
    const whole = json({ ...fields, [key]: [] })
    return [{ inputs: whole, render: () => whole }]
  }
  // The text up to the list's first item, as json() writes it: with a stand-in item, cut before it.
  const withStandIn = json({ ...fields, [key]: [null] })
  const opening = withStandIn.slice(0, withStandIn.length - standInEnd.length) + '\n'
  const parts: FilePart[] = [{ inputs: opening, render: () => opening }]
  let before = 0
  for (const group of groups) {
    if (group.count === 0) continue
    const first = before === 0
    before += group.count
    parts.push({ inputs: [group.inputs, first], render: () => group.values().map((value, index) => (first && index === 0 ? '' : ',\n') + listItem(value)).join('') })
  }
  parts.push({ inputs: listEnd, render: () => listEnd })
  return parts
}

/** A list item as json() indents it inside the file. */
function listItem(value: unknown): string {
  return listIndent + escapeLineSeparators(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${listIndent}`)
}

const listIndent = '    '
const standInEnd = `\n${listIndent}null\n  ]\n}\n`
const listEnd = '\n  ]\n}\n'
