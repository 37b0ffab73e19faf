import { toXml } from 'xast-util-to-xml'
import type { Root, Element } from 'xast'

/**
 * Characters XML 1.0 forbids anywhere in a document (C0 controls but tab, line feed and carriage return;
 * U+FFFE, U+FFFF; unpaired surrogates). Any one of them makes a feed reader reject the whole feed.
 */
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * An XML document with its declaration, well-formed for any text in the tree: xast-util-to-xml escapes `<`
 * and `&` but leaves `]]>` (forbidden in text) and the characters XML forbids as they are. Both can only
 * come from text and attribute values, never from markup kb writes, so they are mended in the serialized
 * document: `]]>` as `]]&gt;` (the same text to a parser), a forbidden character as U+FFFD, as a browser
 * shows an undecodable one.
 */
export function wellFormedXml(tree: Root | Element): string {
  const xml = toXml(tree, { closeEmptyElements: true }).replace(/]]>/g, ']]&gt;').replace(forbidden, '\uFFFD')
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`
}
