import { toHtml } from 'hast-util-to-html'
import { htmlVoidElements } from 'html-void-elements'
import { find, html } from 'property-information'
import type { Element, ElementContent, Properties, Root, RootContent } from 'hast'

/**
 * A page's syntax tree as HTML: the bytes hast-util-to-html writes with `allowDangerousHtml` and its other
 * options left as they are, for the trees kb's layout makes (HTML elements, text, doctype, and raw nodes that
 * hold sanitized entry sections). Any other tree (a comment, SVG, a template) is given to hast-util-to-html.
 *
 * A build serializes every page: hast-util-to-html looks up each attribute's schema, copies the options, and
 * joins an array of strings per element, which made 1.1 GB of garbage for the 9,000 tldr pages. Here each
 * property's schema is looked up once per name and the page is one string appended to.
 */
export function pageHtml(tree: Root): string {
  try {
    return children(tree.children, undefined)
  } catch (error) {
    if (error !== notHere) throw error
    return toHtml(tree, { allowDangerousHtml: true })
  }
}

/** Thrown for a node this serializer leaves to hast-util-to-html. */
const notHere = new Error('left to hast-util-to-html')

const voids = new Set(htmlVoidElements)

function children(nodes: readonly (RootContent | ElementContent)[], parent: Element | undefined): string {
  let out = ''
  for (const node of nodes) out += one(node, parent)
  return out
}

function one(node: RootContent | ElementContent, parent: Element | undefined): string {
  switch (node.type) {
    case 'element':
      return element(node)
    case 'text':
      // Script and style hold raw text in HTML: nothing in them is a character reference.
      return parent && (parent.tagName === 'script' || parent.tagName === 'style') ? node.value : node.value.replace(textSpecial, reference)
    case 'doctype':
      return '<!doctype html>'
    case 'raw' as string:
      return (node as unknown as { value: string }).value
    default:
      throw notHere
  }
}

function element(node: Element): string {
  if (node.tagName === 'svg' || node.tagName === 'template' || node.tagName === 'math') throw notHere
  const attributes = attributesOf(node.properties)
  const content = children(node.children, node)
  // A void element with children is written with its closing tag, as hast-util-to-html does.
  const closed = !voids.has(node.tagName.toLowerCase()) || content !== ''
  return '<' + node.tagName + (attributes ? ' ' + attributes : '') + '>' + content + (closed ? '</' + node.tagName + '>' : '')
}

function attributesOf(properties: Properties): string {
  let out = ''
  for (const key in properties) {
    const value = properties[key]
    if (value === null || value === undefined) continue
    const written = attribute(key, value)
    if (written) out += (out ? ' ' : '') + written
  }
  return out
}

interface AttributeSchema {
  attribute: string
  boolean: boolean
  overloadedBoolean: boolean
  commaSeparated: boolean
}

const schemas = new Map<string, AttributeSchema>()

function schemaOf(key: string): AttributeSchema {
  let known = schemas.get(key)
  if (!known) {
    const info = find(html, key)
    // An attribute name that would need character references is left to hast-util-to-html (kb makes none).
    if (!/^[A-Za-z][\w:.-]*$/.test(info.attribute)) throw notHere
    known = { attribute: info.attribute, boolean: info.boolean, overloadedBoolean: info.overloadedBoolean, commaSeparated: info.commaSeparated }
    schemas.set(key, known)
  }
  return known
}

function attribute(key: string, given: Properties[string]): string {
  const info = schemaOf(key)
  let value: unknown = given
  if (info.overloadedBoolean && (value === info.attribute || value === '')) value = true
  else if ((info.boolean || info.overloadedBoolean) && (typeof value !== 'string' || value === info.attribute || value === '')) value = Boolean(value)
  if (value === null || value === undefined || value === false || (typeof value === 'number' && Number.isNaN(value))) return ''
  if (value === true) return info.attribute
  const text = Array.isArray(value) ? tokens(value as (string | number)[], info.commaSeparated) : String(value)
  return info.attribute + '="' + text.replace(doubleQuotedSpecial, reference) + '"'
}

/** A list as comma- and space-separated-tokens write one: joined, then trimmed (a last empty item keeps its comma). */
function tokens(values: readonly (string | number)[], commaSeparated: boolean): string {
  if (!commaSeparated) return values.join(' ').trim()
  return (values.at(-1) === '' ? [...values, ''] : values).join(', ').trim()
}

/** What hast-util-to-html writes as a character reference: in text, and in a double-quoted attribute value. */
const textSpecial = /[<&]/g
const doubleQuotedSpecial = /[\0"&'`]/g

function reference(character: string): string {
  return '&#x' + (character.codePointAt(0) ?? 0).toString(16).toUpperCase() + ';'
}
