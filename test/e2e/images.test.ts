import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { layOutImageKb } from '../helpers/image-kb.js'
import { runKb } from '../helpers/run-kb.js'
import type { ApiEntry } from '../../src/types/api-entry.js'

const timeout = 120_000

async function nameOf(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex').slice(0, 16)
}

describe('kb build with images', () => {
  it(
    'publishes each image under its hash at a few widths, in WebP and its own format, upright, without metadata, with its size in every output',
    async () => {
      const { root, cleanup, files } = await layOutImageKb()
      try {
        const build = await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })
        expect(build.code, build.stdout + build.stderr).toBe(0)
        const dist = path.join(root, 'dist')
        const photo = await nameOf(files.photo)
        const menu = await nameOf(files.menu)
        const menuEn = await nameOf(files.menuEn)
        const sideways = await nameOf(path.join(path.dirname(files.photo), 'sideways.jpg'))
        expect((await readdir(path.join(dist, 'assets/media'))).sort()).toEqual(
          [
            ...[480, 960, 1200].flatMap((width) => [`${photo}-${width}.jpg`, `${photo}-${width}.webp`]),
            ...[menu, menuEn].flatMap((name) => [480, 600].flatMap((width) => [`${name}-${width}.png`, `${name}-${width}.webp`])),
            `${sideways}-200.jpg`,
            `${sideways}-200.webp`
          ].sort()
        )
        for (const name of await readdir(path.join(dist, 'assets/media'))) {
          const metadata = await sharp(path.join(dist, 'assets/media', name)).metadata()
          expect(metadata.width, name).toBe(Number(/-(\d+)\./.exec(name)?.[1]))
          expect([metadata.exif, metadata.xmp, metadata.icc], `${name} keeps no metadata`).toEqual([undefined, undefined, undefined])
        }
        expect((await sharp(files.photo).metadata()).exif, 'the source had EXIF').toBeDefined()

        // The page: a <picture> with WebP and JPEG at each width, the size the layout reserves, the alt text.
        const page = await readFile(path.join(dist, 'zh-CN/security/two-factor.html'), 'utf8')
        expect(page).toContain(`<picture><source type="image/webp" srcset="../../assets/media/${photo}-480.webp 480w, ../../assets/media/${photo}-960.webp 960w, ../../assets/media/${photo}-1200.webp 1200w"`)
        expect(page).toContain(`<img src="../../assets/media/${photo}-960.jpg" srcset="../../assets/media/${photo}-480.jpg 480w, ../../assets/media/${photo}-960.jpg 960w, ../../assets/media/${photo}-1200.jpg 1200w" sizes="(max-width: 48rem) 100vw, 48rem" alt="安全设置页面，“双重验证”在第二行" width="1200" height="800" loading="eager" decoding="async">`)
        expect(page).toContain(`<img src="../../assets/media/${menu}-600.png"`)
        expect(page).toMatch(new RegExp(`${menu}-600\\.png" srcset="[^"]*" sizes="[^"]*" alt="App 菜单，“安全”在底部" width="600" height="400" loading="lazy"`))
        // The en entry shows the en override of the shared image.
        expect(await readFile(path.join(dist, 'en/account/close-account.html'), 'utf8')).toContain(`assets/media/${menuEn}-600.png`)

        // The JSON API: the images with absolute URLs and sizes; the HTML with the files relative to the page.
        const api = JSON.parse(await readFile(path.join(dist, 'api/entries/zh-CN/two-factor.json'), 'utf8')) as ApiEntry
        expect(api.images).toEqual([
          { src: `https://help.example.com/assets/media/${photo}-960.jpg`, width: 1200, height: 800, alt: '安全设置页面，“双重验证”在第二行', type: 'image/jpeg' },
          { src: `https://help.example.com/assets/media/${menu}-600.png`, width: 600, height: 400, alt: 'App 菜单，“安全”在底部', type: 'image/png' },
          // Upright: 200 wide and 300 high, as the phone showed it.
          { src: `https://help.example.com/assets/media/${sideways}-200.jpg`, width: 200, height: 300, alt: '竖着拍的确认页面', type: 'image/jpeg' }
        ])
        const upright = await sharp(path.join(dist, 'assets/media', `${sideways}-200.jpg`)).metadata()
        expect([upright.width, upright.height, upright.orientation]).toEqual([200, 300, undefined])
        expect(api.html).toContain(`<img src="../../assets/media/${photo}-960.jpg" alt="安全设置页面，“双重验证”在第二行" width="1200" height="800" loading="lazy" decoding="async">`)
        // Feeds read away from the site: absolute URLs. Text exports: the alt text where the image stands.
        const feed = await readFile(path.join(dist, 'feeds/zh-CN/feed.json'), 'utf8')
        expect(feed).toContain(`<img src=\\"https://help.example.com/assets/media/${photo}-960.jpg\\"`)
        expect(await readFile(path.join(dist, 'feeds/zendesk/two-factor.zh-CN.json'), 'utf8')).toContain(`https://help.example.com/assets/media/${menu}-600.png`)
        expect(await readFile(path.join(dist, 'feeds/chunks.jsonl'), 'utf8')).toContain('菜单在这里：App 菜单，“安全”在底部')
        expect(api.text).toContain('安全设置页面，“双重验证”在第二行')
        expect(await readFile(path.join(dist, 'zh-CN/security/two-factor.md'), 'utf8')).toContain(`![安全设置页面，“双重验证”在第二行](../../assets/media/${photo}-960.jpg)`)
        expect(page).not.toContain('.kb-media')
        expect(JSON.stringify(api)).not.toContain('.kb-media')
      } finally {
        await cleanup()
      }
    },
    timeout
  )

  it(
    'does not make an unchanged image again, and rebuilds the pages when an image changes alone',
    async () => {
      const { root, cleanup, files } = await layOutImageKb()
      try {
        expect((await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })).code).toBe(0)
        const mediaCache = path.join(root, '.kb-cache/media')
        const cached = await readdir(mediaCache)
        expect(cached).toHaveLength(4)
        const before = await Promise.all(cached.map(async (name) => (await stat(path.join(mediaCache, name))).mtimeMs))
        const photo = await nameOf(files.photo)
        const published = path.join(root, 'dist/assets/media', `${photo}-960.jpg`)
        const inode = (await stat(published)).ino
        // An entry changes, its image does not: the image is neither made again nor rewritten (the file is linked).
        const entry = path.join(root, 'content/zh-CN/security/two-factor.md')
        await writeFile(entry, (await readFile(entry, 'utf8')).replace('打开安全设置。', '打开 App 的安全设置。'))
        const second = await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })
        expect(second.code, second.stderr).toBe(0)
        expect(await Promise.all(cached.map(async (name) => (await stat(path.join(mediaCache, name))).mtimeMs))).toEqual(before)
        expect((await stat(published)).ino).toBe(inode)
        // The image changes, its entry does not: new files under a new name, the pages name them.
        await writeFile(files.photo, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#cc3366' } }).jpeg().toBuffer())
        const third = await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })
        expect(third.code, third.stderr).toBe(0)
        expect(third.stderr).not.toContain('up to date')
        const changed = await nameOf(files.photo)
        // The old photo's processed files left the cache with it; the others stayed.
        expect(await readdir(mediaCache)).toHaveLength(4)
        expect((await readdir(mediaCache)).filter((name) => cached.includes(name))).toHaveLength(3)
        expect(await readFile(path.join(root, 'dist/zh-CN/security/two-factor.html'), 'utf8')).toContain(`assets/media/${changed}-800.jpg`)
        expect(existsSync(published)).toBe(false)
        // Deleted: the build stops at the image, and dist/ stays as it was.
        await rm(files.photo)
        const fourth = await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })
        expect(fourth.code).toBe(1)
        expect(fourth.stdout).toMatch(/image-missing/)
        expect(existsSync(path.join(root, 'dist/assets/media', `${changed}-800.jpg`))).toBe(true)
      } finally {
        await cleanup()
      }
    },
    timeout
  )

  it(
    'stops at an image that starts like a PNG and is not a whole one, saying so at the image, and writes nothing',
    async () => {
      const { root, cleanup, files } = await layOutImageKb()
      try {
        const whole = await readFile(files.menu)
        await writeFile(files.menu, whole.subarray(0, 60))
        const build = await runKb(['build', '--root', root], { env: { KB_CACHE: '' } })
        expect(build.code).toBe(1)
        expect(build.stdout).toMatch(/content\/zh-CN\/security\/two-factor\.md\n\s+\d+:\d+\s+error\s+Unexpected image `\.\.\/\.\.\/_media\/menu\.png` that kb cannot read \(.+\), expected a whole PNG, JPEG, WebP or GIF of at most 50 million pixels\s+image-format/)
        expect(existsSync(path.join(root, 'dist'))).toBe(false)
      } finally {
        await cleanup()
      }
    },
    timeout
  )

  it(
    'gives a translation skeleton the source entry’s own images where they are, and the shared ones as written, so none is missing',
    async () => {
      const { root, cleanup } = await layOutImageKb()
      try {
        const run = await runKb(['translate', 'two-factor', '--to', 'en', '--root', root], { env: { SOURCE_DATE_EPOCH: '1795651200' } })
        expect(run.code, run.stderr).toBe(0)
        const text = await readFile(path.join(root, 'content/en/security/two-factor.md'), 'utf8')
        expect(text).toContain('](../../zh-CN/security/two-factor.assets/photo.jpg)')
        expect(text).toContain('](../../_media/menu.png)')
        const check = await runKb(['check', '--root', root, '--format', 'json'])
        const rules = (JSON.parse(check.stdout) as { diagnostics: { ruleId: string }[] }).diagnostics.map((diagnostic) => diagnostic.ruleId)
        expect(rules.filter((rule) => rule.startsWith('image-'))).toEqual([])
      } finally {
        await cleanup()
      }
    },
    timeout
  )
})
