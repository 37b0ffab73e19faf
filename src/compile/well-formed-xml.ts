import { toXml } from 'xast-util-to-xml'
import type { Root, Element } from 'xast'
import { notInXml } from '../text/forbidden-characters.js'

/**
 * An XML document with its declaration, well-formed for any text in the tree: xast-util-to-xml escapes `<`
 * and `&` but leaves `]]>` (forbidden in text) and the characters XML forbids as they are. Both can only
 * come from text and attribute values, never from markup kb writes, so they are mended in the serialized
 * document: `]]>` as `]]&gt;` (the same text to a parser), a forbidden character as U+FFFD, as a browser
 * shows an undecodable one.
 */
export function wellFormedXml(tree: Root | Element): string {
  return `${xmlDeclaration}${wellFormedFragment(tree)}\n`
}

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n'

/** One element, mended as wellFormedXml mends a document, without the declaration: to join into a document. */
export function wellFormedFragment(tree: Root | Element): string {
  return toXml(tree, { closeEmptyElements: true }).replace(/]]>/g, ']]&gt;').replace(notInXml, '\uFFFD')
}
