import type { ImageFormat } from '../validate/images.js'

/**
 * Where an entry's image stands in its compiled HTML and Markdown until the build knows the published file:
 * a site-absolute path no content can write (content's `/…` images are refused), holding the image's
 * KB-relative path. The compiled entry is cached by its own bytes, while the image it shows may change alone.
 */
export const mediaPlaceholderPrefix = '/.kb-media/'
/** Published images live here, named `<first 16 hex of sha256>-<width>.<ext>`. */
export const mediaFolder = 'assets/media/'

export function mediaPlaceholder(referencePath: string): string {
  return mediaPlaceholderPrefix + encodeURIComponent(referencePath)
}

/** An image as the build publishes it: its size after turning it upright, and the files made of it. */
export interface PublishedImage {
  /** First 16 hex digits of the source file's sha256: the published files' names start with it. */
  name: string
  width: number
  height: number
  /** The format of the fallback files (the source's, WebP sources falling back to PNG). */
  fallback: ImageFormat
  /** The widths made, narrowest first (see variantWidths): each in the fallback format and, unless a GIF, in WebP. */
  widths: number[]
}

const largestWidth = 1600
/** The width `src` names: sharp on a phone's screen, and what a reader without srcset support gets. */
const defaultWidth = 960

/** The widths an image is published at: 480, 960 and 1,600 pixels where the image is wider, and its own width up to 1,600. */
export function variantWidths(width: number): number[] {
  const top = Math.min(width, largestWidth)
  return [...new Set([...[480, defaultWidth].filter((candidate) => candidate < top), top])]
}

const extensions: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' }
export const mimeTypes: Record<ImageFormat, 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' }

export function variantPath(image: Pick<PublishedImage, 'name'>, width: number, format: ImageFormat): string {
  return `${mediaFolder}${image.name}-${width}.${extensions[format]}`
}

/** The file `src` names: the default width, or the widest made when the image is narrower. */
export function fallbackPath(image: PublishedImage): string {
  const width = image.widths.includes(defaultWidth) ? defaultWidth : (image.widths[image.widths.length - 1] as number)
  return variantPath(image, width, image.fallback)
}

/** A site path as a URL relative to the page at `fromPath` (both relative to the site root). */
function relativeTo(fromPath: string, target: string): string {
  const depth = fromPath.split('/').length - 1
  return '../'.repeat(depth) + target.split('/').map(encodeURIComponent).join('/')
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

/** The published image an entry of `locale` shows at `referencePath`, if any. */
export type ImageLookup = (referencePath: string) => PublishedImage | undefined

const placeholderInHtml = /<img src="\/\.kb-media\/([^"]*)"([^>]*)>/g

/**
 * An entry's HTML with each image placeholder made the published image, relative to the page at `fromPath`
 * (the HTML of the API record, and of the feeds once made absolute): its fallback file with `width` and
 * `height`, so pages do not jump while it loads, loaded lazily.
 */
export function placeImagesInHtml(html: string, fromPath: string, lookup: ImageLookup): string {
  if (!html.includes(mediaPlaceholderPrefix)) return html
  return html.replace(placeholderInHtml, (whole, encoded: string, rest: string) => {
    const image = lookup(decodeURIComponent(encoded))
    if (!image) return whole
    return `<img src="${escapeAttribute(relativeTo(fromPath, fallbackPath(image)))}"${rest} width="${image.width}" height="${image.height}" loading="lazy" decoding="async">`
  })
}

/** The Markdown export with each image placeholder made the published fallback file, relative to the export. */
export function placeImagesInMarkdown(markdown: string, fromPath: string, lookup: ImageLookup): string {
  if (!markdown.includes(mediaPlaceholderPrefix)) return markdown
  return markdown.replace(/\/\.kb-media\/([^\s)"'>]*)/g, (whole, encoded: string) => {
    const image = lookup(decodeURIComponent(encoded))
    return image ? relativeTo(fromPath, fallbackPath(image)) : whole
  })
}

/**
 * The help center's form of the published images in a page: each a `<picture>` with its WebP files and its
 * fallback files at every width made, so a phone downloads a small one. The first image of a page loads at
 * once (it may be on the first screen), the rest when scrolled near.
 */
export function picturesInPage(html: string, images: readonly PublishedImage[]): string {
  if (images.length === 0) return html
  const byName = new Map(images.map((image) => [image.name, image]))
  let first = true
  return html.replace(/<img src="((?:\.\.\/)*)assets\/media\/([0-9a-f]{16})-\d+\.[a-z]+"([^>]*)>/g, (whole, up: string, name: string, rest: string) => {
    const image = byName.get(name)
    if (!image) return whole
    const srcset = (format: ImageFormat) => image.widths.map((width) => `${up}${variantPath(image, width, format)} ${width}w`).join(', ')
    const sizes = `(max-width: 48rem) 100vw, 48rem`
    const loading = first ? rest.replace(' loading="lazy"', ' loading="eager"') : rest
    first = false
    const img = `<img src="${up}${fallbackPath(image)}" srcset="${srcset(image.fallback)}" sizes="${sizes}"${loading}>`
    return image.fallback === 'gif' ? img : `<picture><source type="image/webp" srcset="${srcset('webp')}" sizes="${sizes}">${img}</picture>`
  })
}
