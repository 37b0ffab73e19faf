import path from 'node:path'
import type { VFile } from 'vfile'
import { report } from '../diagnostics/report.js'
import type { ImageReference } from '../parse/entry.js'
import { isHostUnder, isOfficialHost, type SafetyPolicy } from './safety/policy.js'

/** The formats kb publishes, by extension: the build converts them and keeps a fallback in the same format. */
export const imageFormats = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', gif: 'gif' } as const
export type ImageFormat = (typeof imageFormats)[keyof typeof imageFormats]

/** Whether an image address points at a file of the KB (a relative path) rather than at a site. */
export function isLocalImage(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !url.startsWith('/')
}

/** The format an address names by its extension, or undefined for one kb does not publish. */
export function formatOfPath(file: string): ImageFormat | undefined {
  const extension = path.posix.extname(file.split(/[?#]/)[0] ?? '').slice(1).toLowerCase()
  return Object.prototype.hasOwnProperty.call(imageFormats, extension) ? imageFormats[extension as keyof typeof imageFormats] : undefined
}

/**
 * Alt text that describes nothing: empty, a file name (`IMG_0042`, `screenshot.png`) or a word for "image".
 * A description is words about what the image shows.
 */
export function isNamelessAlt(alt: string): boolean {
  const text = alt.trim().toLowerCase()
  if (text === '') return true
  if (/\.(png|jpe?g|gif|webp|svg|heic|bmp)$/.test(text)) return true
  return /^(?:img|image|images|pic|picture|photo|dsc|dscn|screenshot|screen shot|screen|截图|图片|图|屏幕截图|插图|微信图片)?[\s_\-.()]*\d*[\s_\-.()]*\d*$/.test(text) || /^(?:img|dsc|pxl|mvimg)_\d/.test(text)
}

/**
 * The rules an entry's images answer to alone: a real description, a format kb publishes, and no image from a
 * site that is neither official nor trusted. Whether a local image exists, and what it holds, is checked on
 * every run (see media-files.ts): the files change without the entry changing.
 */
export function checkImageReferences(file: VFile, images: readonly ImageReference[], policy: SafetyPolicy): void {
  for (const image of images) {
    const shown = image.url.length > 80 ? `${image.url.slice(0, 77)}…` : image.url
    if (isNamelessAlt(image.alt)) {
      const said = image.alt.trim() === '' ? 'Missing alt text' : `Unexpected alt text \`${image.alt.trim()}\`, a file name rather than a description,`
      const saidZh = image.alt.trim() === '' ? '图片没有说明文字' : `图片说明 \`${image.alt.trim()}\` 只是文件名，不是说明`
      report(file, 'image-alt', `${said} for the image \`${shown}\`, expected what it shows in the brackets: \`![The Security page with “Close account” at the bottom](${shown})\``, image.position, undefined, `${saidZh}：请在方括号里写出图片显示了什么，例如 \`![安全设置页面，底部是“注销账户”](${shown})\``)
    }
    if (!isLocalImage(image.url)) {
      if (!isAllowedRemote(image.url, policy)) {
        report(file, 'image-external', `Unexpected image from \`${shown}\`, expected an image of the KB (in \`<id>.assets/\` or \`content/_media/\`) or on an official or trusted domain`, image.position, undefined, `图片来自 \`${shown}\`：图片应放在知识库里（\`<id>.assets/\` 或 \`content/_media/\`），或来自官方或受信任的域名`)
      }
      continue
    }
    if (!formatOfPath(image.url)) {
      const extension = path.posix.extname(image.url.split(/[?#]/)[0] ?? '').toLowerCase() || '(no extension)'
      report(file, 'image-format', `Unexpected image format \`${extension}\` in \`${shown}\`, expected PNG, JPEG, WebP or GIF`, image.position, undefined, `图片格式 \`${extension}\`（\`${shown}\`）不受支持，应为 PNG、JPEG、WebP 或 GIF`)
    }
  }
}

function isAllowedRemote(url: string, policy: SafetyPolicy): boolean {
  let parsed: URL
  try {
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false
  const host = parsed.hostname.toLowerCase()
  return isOfficialHost(host, policy) || policy.trustedDomains.some((domain) => isHostUnder(host, domain))
}
