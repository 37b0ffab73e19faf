/**
 * Full-width forms (`１３８`, `＠`, `：`) as the ASCII they imitate, and the ideographic space as a space:
 * one character for one, so offsets into the text hold.
 */
export function foldWidth(text: string): string {
  return /[\uff01-\uff5e\u3000]/.test(text) ? text.replace(/[\uff01-\uff5e]/g, (character) => String.fromCharCode(character.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ') : text
}
