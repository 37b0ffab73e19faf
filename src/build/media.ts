import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { cacheFolderName } from './artifact-cache.js'
import { writeAside } from './write-aside.js'
import { variantPath, variantWidths, type PublishedImage } from '../compile/media-urls.js'
import { mediaKey, type MediaIndex } from '../validate/media-files.js'
import type { ImageFormat } from '../validate/images.js'

/** One published image file: where it goes, what it is made from (for the render memo), and its bytes. */
export interface MediaFile {
  path: string
  /** The source's sha256 and the variant: equal inputs, equal bytes. */
  inputs: readonly [string, string]
  bytes: () => Uint8Array
}

export interface PublishedMedia {
  /** `(locale, reference)` → the image, for the compile step (see mediaKey). */
  lookup: (locale: string, reference: string) => PublishedImage | undefined
  images: PublishedImage[]
  files: MediaFile[]
  /** Images made in this run (not taken from the cache): for the timings and the tests. */
  processed: number
  /** Images that could not be made (a truncated file, too many pixels), by `(locale, reference)` key: why. */
  failed: Map<string, { reason: string; reasonZh: string }>
}

/** What the cache keeps of a processed image: its size upright, and every file made, by path. */
interface Processed {
  width: number
  height: number
  fallback: ImageFormat
  widths: number[]
  files: [string, Uint8Array][]
}

/** Changing how images are made (widths, quality, formats) changes this, so no older result is reused. */
const recipe = 'kb-media-1 webp q80 effort4; png level9; jpeg mozjpeg q82; widths 480/960/1600'

/**
 * Every image the entries show, made ready to publish: turned upright, stripped of its metadata (EXIF,
 * GPS, camera details: phone screenshots carry locations), and written at a few widths in WebP and in a
 * fallback format, under names made from its bytes' hash. An image whose bytes were made before is taken
 * from `.kb-cache/media/`: unchanged images cost a read and a hash. The processing is sharp (libvips),
 * loaded only when some image is new.
 */
export async function publishMedia(root: string, index: MediaIndex, useCache: boolean): Promise<PublishedMedia> {
  const bySource = new Map<string, PublishedImage>()
  const byKey = new Map<string, PublishedImage>()
  const files: MediaFile[] = []
  const folder = path.join(root, cacheFolderName, 'media')
  let processed = 0
  const used = new Set<string>()
  const failed = new Map<string, { reason: string; reasonZh: string }>()
  const failedSources = new Map<string, { reason: string; reasonZh: string }>()
  for (const [key, source] of index.sources) {
    const known = bySource.get(source.absolute)
    if (known) {
      byKey.set(key, known)
      continue
    }
    const failure = failedSources.get(source.absolute)
    if (failure) {
      failed.set(key, failure)
      continue
    }
    const bytes = readFileSync(source.absolute)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const cacheFile = path.join(folder, `${sha256}-${createHash('sha256').update(recipe).digest('hex').slice(0, 12)}`)
    used.add(path.basename(cacheFile))
    let result = useCache ? readProcessed(cacheFile) : undefined
    if (!result) {
      try {
        result = await processImage(bytes, source.format, sha256.slice(0, 16))
      } catch (error) {
        // A file that starts like an image and is not one, or one too large to decode: said at the image.
        const reason = error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error)
        const said = { reason, reasonZh: reason }
        failedSources.set(source.absolute, said)
        failed.set(key, said)
        continue
      }
      processed++
      if (useCache) writeProcessed(cacheFile, result)
    }
    const image: PublishedImage = { name: sha256.slice(0, 16), width: result.width, height: result.height, fallback: result.fallback, widths: result.widths }
    bySource.set(source.absolute, image)
    byKey.set(key, image)
    const made = result
    for (const [file] of made.files) files.push({ path: file, inputs: [sha256, `${recipe} ${file}`], bytes: () => made.files.find(([name]) => name === file)?.[1] ?? new Uint8Array() })
  }
  if (useCache) pruneUnused(folder, used)
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const unique = new Map(files.map((file) => [file.path, file]))
  return { lookup: (locale, reference) => byKey.get(mediaKey(locale, reference)), images: [...new Set(byKey.values())], files: [...unique.values()], processed, failed }
}

/** 50 million pixels: a 7,000 × 7,000 image. */
const maxPixels = 50_000_000

async function processImage(bytes: Uint8Array, format: ImageFormat, name: string): Promise<Processed> {
  const { default: sharp } = await import('sharp')
  const image = { name }
  if (format === 'gif') {
    // An animation stays one file at its size (GIFs carry no EXIF): resizing every frame costs more than it saves.
    const gif = await sharp(bytes, { animated: true, limitInputPixels: maxPixels }).gif().toBuffer({ resolveWithObject: true })
    const height = gif.info.pageHeight ?? gif.info.height
    return { width: gif.info.width, height, fallback: 'gif', widths: [gif.info.width], files: [[variantPath(image, gif.info.width, 'gif'), gif.data]] }
  }
  // Upright by its EXIF orientation, decoded once to pixels; the outputs keep no metadata (sharp's default).
  const upright = await sharp(bytes, { limitInputPixels: maxPixels }).rotate().raw().toBuffer({ resolveWithObject: true })
  const { width, height, channels } = upright.info
  const widths = variantWidths(width)
  const fallback: ImageFormat = format === 'webp' ? 'png' : format
  const files: [string, Uint8Array][] = []
  for (const target of widths) {
    const resized = () => sharp(upright.data, { raw: { width, height, channels } }).resize({ width: target, withoutEnlargement: true })
    files.push([variantPath(image, target, 'webp'), await resized().webp({ quality: 80, effort: 4 }).toBuffer()])
    files.push([variantPath(image, target, fallback), fallback === 'jpeg' ? await resized().jpeg({ quality: 82, mozjpeg: true }).toBuffer() : await resized().png({ compressionLevel: 9 }).toBuffer()])
  }
  const top = widths[widths.length - 1] ?? width
  return { width: top, height: Math.round((height * top) / width), fallback, widths, files }
}

/** Removes the processed images no entry shows any more (another run's temporary files stay). */
function pruneUnused(folder: string, used: ReadonlySet<string>): void {
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) if (!used.has(name) && !name.endsWith('.tmp')) rmSync(path.join(folder, name), { force: true })
}

function readProcessed(file: string): Processed | undefined {
  try {
    const bytes = readFileSync(file)
    const digest = bytes.subarray(0, 32)
    const payload = bytes.subarray(32)
    if (!createHash('sha256').update(payload).digest().equals(digest)) return undefined
    const value = deserialize(payload) as Processed
    return Array.isArray(value.files) && typeof value.width === 'number' ? value : undefined
  } catch {
    return undefined
  }
}

function writeProcessed(file: string, processed: Processed): void {
  const payload = serialize(processed)
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    writeAside(file, Buffer.concat([createHash('sha256').update(payload).digest(), payload]))
  } catch {
    // Without the cache the next build makes the image again: slower, never wrong.
  }
}
