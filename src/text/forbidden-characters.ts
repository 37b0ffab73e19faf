/** A surrogate without its other half: no text encoding can write it, so no format allows it. */
const loneSurrogate = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]'

/**
 * Characters XML 1.0 forbids anywhere in a document (C0 controls but tab, line feed and carriage return;
 * U+FFFE, U+FFFF; lone surrogates). Any one of them makes a feed reader reject the whole feed.
 */
export const notInXml = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|${loneSurrogate}`, 'g')

/**
 * Characters HTML makes a parse error in text (controls other than white space, noncharacters such as
 * U+FFFE, lone surrogates): a strict consumer (Zendesk's HTML check, an XML-based reader) rejects the whole
 * body for one of them.
 */
export const notInHtml = new RegExp(`[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]|${loneSurrogate}`, 'g')
