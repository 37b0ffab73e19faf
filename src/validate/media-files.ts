import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { report } from '../diagnostics/report.js'
import { decodeUri } from '../text/decode-uri.js'
import { formatOfPath, isLocalImage, type ImageFormat } from './images.js'
import type { EntryFacts } from './cross-entry.js'
import type { KbConfig } from '../types/config.js'

/** Shared images live here; `content/_media/<locale>/<path>` overrides `content/_media/<path>` for that locale. */
export const sharedMediaFolder = 'content/_media/'
export const defaultMaxImageBytes = 5_000_000

/** An image file an entry shows, as found on disk. */
export interface MediaSource {
  /** KB-relative path of the file published (a locale's override of a shared image, when there is one). */
  path: string
  absolute: string
  format: ImageFormat
  size: number
}

/**
 * What the entries' images are on disk: each `(locale, path as written)` → the file, and the stamp of every
 * file looked at (undefined: looked for and absent), so a build can tell later that none of them changed.
 */
export interface MediaIndex {
  sources: Map<string, MediaSource>
  looked: Map<string, readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number] | undefined>
}

/** The key of an image as an entry of `locale` refers to it: the KB-relative path its address resolves to. */
export function mediaKey(locale: string, reference: string): string {
  return `${locale}\u0000${reference}`
}

/** The KB-relative path an image address in an entry resolves to, before any locale override. */
export function imageReferencePath(entryPath: string, url: string): string {
  const pathPart = url.split(/[?#]/)[0] ?? ''
  return path.posix.normalize(path.posix.join(path.posix.dirname(entryPath), decodeUri(pathPart))).normalize('NFC')
}

const signatures: [ImageFormat, (head: Buffer) => boolean][] = [
  ['png', (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['jpeg', (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff],
  ['gif', (head) => head.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['webp', (head) => head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP']
]

/** The format a file's first bytes say it is. */
function sniff(absolute: string): ImageFormat | undefined {
  const head = Buffer.alloc(12)
  const descriptor = openSync(absolute, 'r')
  try {
    readSync(descriptor, head, 0, head.length, 0)
  } finally {
    closeSync(descriptor)
  }
  return signatures.find(([, matches]) => matches(head))?.[0]
}

/**
 * Checks, on every run, the files the entries' local images point at: under content/, present, in the format
 * their extension names and within the size limit. Problems go on the entry at the image. Cheap (a stat and
 * 12 bytes an image), so nothing of it is cached: images change without their entries changing.
 */
export function checkMediaFiles(root: string, entries: readonly EntryFacts[], config: KbConfig): MediaIndex {
  const index: MediaIndex = { sources: new Map(), looked: new Map() }
  const maxBytes = config.images?.maxBytes ?? defaultMaxImageBytes
  let contentRoot: string | undefined
  const realContent = () => (contentRoot ??= realpathOr(path.join(root, 'content')))
  const stat = (relative: string) => {
    const found = statSync(path.join(root, relative), { throwIfNoEntry: false })
    index.looked.set(relative, found ? [found.size, found.mtimeMs, found.ctimeMs, found.ino] : undefined)
    return found
  }
  for (const entry of entries) {
    const locale = entry.location?.locale
    for (const image of entry.images ?? []) {
      if (!isLocalImage(image.url)) continue
      const format = formatOfPath(image.url)
      if (!format) continue
      const reference = imageReferencePath(entry.file.path, image.url)
      const shown = image.url
      if (!reference.startsWith('content/') || reference.split('/').includes('..')) {
        report(entry.file, 'image-outside', `Unexpected image \`${shown}\` outside content/ (at \`${reference}\`), expected it in \`<id>.assets/\` beside the entry or in \`${sharedMediaFolder}\``, image.position, undefined, `图片 \`${shown}\` 在 content/ 之外（\`${reference}\`）：应放在文章旁的 \`<id>.assets/\` 或 \`${sharedMediaFolder}\``)
        continue
      }
      const key = mediaKey(locale ?? '', reference)
      if (index.sources.has(key)) continue
      let actual = reference
      if (locale && reference.startsWith(sharedMediaFolder) && !reference.startsWith(`${sharedMediaFolder}${locale}/`)) {
        const localized = `${sharedMediaFolder}${locale}/${reference.slice(sharedMediaFolder.length)}`
        if (stat(localized)?.isFile()) actual = localized
      }
      const found = stat(actual)
      if (!found?.isFile()) {
        report(entry.file, 'image-missing', `Unexpected image \`${shown}\`: no file at \`${actual}\`, expected the image there`, image.position, undefined, `图片 \`${shown}\` 找不到：\`${actual}\` 没有这个文件`)
        continue
      }
      const real = realpathOr(path.join(root, actual))
      if (!real.startsWith(realContent() + path.sep)) {
        report(entry.file, 'image-outside', `Unexpected image \`${shown}\`: \`${actual}\` is a link to a file outside content/, expected the image itself under content/`, image.position, undefined, `图片 \`${shown}\`：\`${actual}\` 是指向 content/ 之外的链接，应把图片本身放在 content/ 里`)
        continue
      }
      if (found.size > maxBytes) {
        report(entry.file, 'image-too-large', `Unexpected image \`${shown}\` of ${megabytes(found.size)}, expected at most ${megabytes(maxBytes)} (images.maxBytes)`, image.position, undefined, `图片 \`${shown}\` 有 ${megabytes(found.size)}，最多只能有 ${megabytes(maxBytes)}（images.maxBytes）`)
        continue
      }
      const holds = sniff(path.join(root, actual))
      if (holds !== format) {
        const what = holds ? `${holds.toUpperCase()} data` : 'no image kb can read'
        const whatZh = holds ? `${holds.toUpperCase()} 图片数据` : 'kb 读不出的内容'
        report(entry.file, 'image-format', `Unexpected content in \`${shown}\`: the file holds ${what}, expected ${format.toUpperCase()} as its extension says`, image.position, undefined, `\`${shown}\` 的内容是${whatZh}，和扩展名说的 ${format.toUpperCase()} 不符`)
        continue
      }
      index.sources.set(key, { path: actual, absolute: path.join(root, actual), format, size: found.size })
    }
  }
  return index
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return file
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}
