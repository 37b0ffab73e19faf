import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import type { EntryPath } from '../parse/entry.js'
import type { KbConfig } from '../types/config.js'

/** Checks that a file sits at content/<locale>/<category>/<id>.md and reads those parts from its path. */
export function checkEntryPlacement(file: VFile, relativePath: string, config: KbConfig): EntryPath | undefined {
  const parts = relativePath.normalize('NFC').split('/')
  const place = { line: 1, column: 1 }
  if (parts.length !== 4 || parts[0] !== 'content') {
    report(file, 'file-location', `Unexpected file at \`${relativePath}\`, expected \`content/<locale>/<category>/<id>.md\``, place)
    return undefined
  }
  const [, locale = '', category = '', fileName = ''] = parts
  if (!config.locales.includes(locale)) {
    report(file, 'file-location', `Unexpected locale folder \`${locale}\`, expected one of ${config.locales.map((value) => `\`${value}\``).join(', ')} (from kb.config.yaml \`locales\`)`, place)
    return undefined
  }
  const name = fileName.replace(/\.(md|markdown)$/i, '')
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    report(file, 'file-location', `Unexpected file name \`${fileName}\`, expected \`<id>.md\` with lowercase letters, digits and hyphens`, place)
  }
  return { locale, category, name }
}
