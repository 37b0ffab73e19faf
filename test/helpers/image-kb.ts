import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import sharp from 'sharp'
import { layOutFixture } from './run-kb.js'

/**
 * The `valid` fixture KB with images, made in the test: a 1,200 × 800 JPEG photo carrying EXIF camera and GPS
 * data and a 300 × 200 photo with EXIF orientation 6 (sideways) beside the zh-CN two-factor entry, a shared 600 × 400 PNG in content/_media/ with an en override in
 * content/_media/en/, and both shown by the zh-CN entry (the en entry shows the shared one).
 */
export async function layOutImageKb(): Promise<{ root: string; cleanup: () => Promise<void>; files: { photo: string; menu: string; menuEn: string } }> {
  const { root, cleanup } = await layOutFixture('valid')
  const content = path.join(root, 'content')
  const files = { photo: path.join(content, 'zh-CN/security/two-factor.assets/photo.jpg'), menu: path.join(content, '_media/menu.png'), menuEn: path.join(content, '_media/en/menu.png') }
  await mkdir(path.dirname(files.photo), { recursive: true })
  await mkdir(path.dirname(files.menuEn), { recursive: true })
  await writeFile(
    files.photo,
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366cc' } })
      .withExif({ IFD0: { Make: 'PhoneCo', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLongitudeRef: 'E' } })
      .jpeg()
      .toBuffer()
  )
  // A phone photo taken sideways: stored 300 × 200, with an EXIF orientation of 6 (turn 90° clockwise to view).
  await writeFile(path.join(path.dirname(files.photo), 'sideways.jpg'), await sharp({ create: { width: 300, height: 200, channels: 3, background: '#cccc33' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer())
  await writeFile(files.menu, await sharp({ create: { width: 600, height: 400, channels: 4, background: '#33aa33ff' } }).png().toBuffer())
  await writeFile(files.menuEn, await sharp({ create: { width: 600, height: 400, channels: 4, background: '#aa33aaff' } }).png().toBuffer())
  await appendFile(path.join(content, 'zh-CN/security/two-factor.md'), '\n![安全设置页面，“双重验证”在第二行](two-factor.assets/photo.jpg)\n\n菜单在这里：![App 菜单，“安全”在底部](../../_media/menu.png)\n\n![竖着拍的确认页面](two-factor.assets/sideways.jpg)\n')
  const english = path.join(content, 'en/account/close-account.md')
  await writeFile(english, (await readFile(english, 'utf8')).replace('2. Submit the request again.', '2. Submit the request again from the menu: ![The app menu with “Security” at the bottom](../../_media/menu.png)'))
  return { root, cleanup, files }
}
