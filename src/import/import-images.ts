import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { decodeUri } from '../text/decode-uri.js'
import { formatOfPath, isLocalImage } from '../validate/images.js'
import type { ImportNote } from './foreign-article.js'

/** An image of the article that exists beside it: where it is, and where the draft's folder gets it. */
export interface ImageCopy {
  from: string
  /** The file name in `<id>.assets/`. */
  name: string
}

const imageInMarkdown = /(!\[[^\]]*\]\()(<[^>]*>|[^)\s]+)((?:\s+"[^"]*")?\))/g

/**
 * The draft's images: each one the article links by a relative path and that exists beside the article is to
 * be copied into `<id>.assets/` and linked there; one that is missing, or on another site, is reported (kb
 * check then says so too, at its place). Returns the draft's text with the links moved, and the copies to make.
 */
export function planImages(text: string, sourceFile: string | undefined, id: string): { text: string; copies: ImageCopy[]; notes: ImportNote[] } {
  const copies: ImageCopy[] = []
  const notes: ImportNote[] = []
  const names = new Set<string>()
  const moved = text.replace(imageInMarkdown, (whole, open: string, written: string, close: string) => {
    const url = written.startsWith('<') ? written.slice(1, -1) : written
    if (!isLocalImage(url)) {
      notes.push({ kind: 'unmapped', what: `image ${url} stays on another site: download it into ${id}.assets/ and link it there (kb check reports it as image-external)`, whatZh: `图片 ${url} 仍在其他网站上：请下载到 ${id}.assets/ 再引用（kb check 会报告 image-external）`, text: whole })
      return whole
    }
    const from = sourceFile ? path.resolve(path.dirname(sourceFile), decodeUri(url.split(/[?#]/)[0] ?? '')) : undefined
    if (!from || !existsSync(from) || !statSync(from).isFile()) {
      notes.push({ kind: 'unmapped', what: `image ${url} was not found beside the article: put it in ${id}.assets/ and link it there (kb check reports it as image-missing)`, whatZh: `在文章旁边找不到图片 ${url}：请把它放进 ${id}.assets/ 再引用（kb check 会报告 image-missing）`, text: whole })
      return whole
    }
    if (!formatOfPath(from)) {
      notes.push({ kind: 'unmapped', what: `image ${url} is not PNG, JPEG, WebP or GIF: convert it, put it in ${id}.assets/ and link it there`, whatZh: `图片 ${url} 不是 PNG、JPEG、WebP 或 GIF：请转换格式后放进 ${id}.assets/ 再引用`, text: whole })
      return whole
    }
    const known = copies.find((copy) => copy.from === from)
    let name = known?.name ?? path.basename(from).replace(/[^\p{L}\p{N}._-]+/gu, '-')
    if (!known) {
      for (let counter = 2; names.has(name); counter++) name = `${path.basename(from, path.extname(from))}-${counter}${path.extname(from)}`
      names.add(name)
      copies.push({ from, name })
      notes.push({ kind: 'converted', what: `image ${url} copied to ${id}.assets/${name}`, whatZh: `图片 ${url} 已复制到 ${id}.assets/${name}` })
    }
    return `${open}${id}.assets/${encodeURI(name)}${close}`
  })
  return { text: moved, copies, notes }
}

/** Copies the images into the draft's `<id>.assets/` folder, never over a file already there. */
export function copyImages(entryFile: string, id: string, copies: readonly ImageCopy[]): void {
  if (copies.length === 0) return
  const folder = path.join(path.dirname(entryFile), `${id}.assets`)
  mkdirSync(folder, { recursive: true })
  for (const copy of copies) copyFileSync(copy.from, path.join(folder, copy.name), 1 /* COPYFILE_EXCL */)
}
