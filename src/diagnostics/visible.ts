/**
 * Text from files (names, quoted values, source lines) goes to the editor's terminal. Control characters in
 * it could move the cursor, retitle the window or hide text (ESC sequences, BEL, bidirectional overrides as
 * in "Trojan Source"), so each is shown as a visible escape such as `\x1B` or `\u202E` instead.
 */
const invisible = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

export function visible(text: string): string {
  return text.replace(invisible, (character) => {
    const code = character.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
  })
}
