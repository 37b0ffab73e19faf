import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import type { EntryPath } from '../parse/entry.js'
import type { KbConfig } from '../types/config.js'

/** Checks that a file sits at content/<locale>/<category>/<id>.md and reads those parts from its path. */
export function checkEntryPlacement(file: VFile, relativePath: string, config: KbConfig): EntryPath | undefined {
  const parts = relativePath.normalize('NFC').split('/')
  const place = { line: 1, column: 1 }
  if (parts.length !== 4 || parts[0] !== 'content') {
    report(file, 'file-location', `Unexpected file at \`${relativePath}\`, expected \`content/<locale>/<category>/<id>.md\``, place, undefined, `文件放在了 \`${relativePath}\`，应放在 \`content/<locale>/<category>/<id>.md\``)
    return undefined
  }
  const [, locale = '', category = '', fileName = ''] = parts
  if (!config.locales.includes(locale)) {
    const known = config.locales.map((value) => `\`${value}\``)
    report(file, 'file-location', `Unexpected locale folder \`${locale}\`, expected one of ${known.join(', ')} (from kb.config.yaml \`locales\`)`, place, undefined, `语言文件夹 \`${locale}\` 不在 kb.config.yaml 的 \`locales\` 里，应是其中之一：${known.join('、')}`)
    return undefined
  }
  const name = fileName.replace(/\.(md|markdown)$/i, '')
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
    report(file, 'file-location', `Unexpected file name \`${fileName}\`, expected \`<id>.md\` with lowercase letters, digits and hyphens`, place, undefined, `文件名 \`${fileName}\` 不合要求，应写成 \`<id>.md\`，只用小写字母、数字和连字符`)
  }
  return { locale, category, name }
}
