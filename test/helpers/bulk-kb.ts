import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { layOutFixture } from './run-kb.js'

const templateEntry = 'content/zh-CN/security/two-factor.md'

/** The `valid` fixture plus `count` copies of one shipped entry under new ids: a KB whose build takes a while to write. */
export async function layOutBulkKb(count: number, prefix = 'kb-bulk'): Promise<{ root: string; cleanup: () => Promise<void>; setBulkTitle: (title: string) => Promise<void> }> {
  const laidOut = await layOutFixture('valid')
  const template = await readFile(path.join(laidOut.root, templateEntry), 'utf8')
  const folder = path.join(laidOut.root, 'content/zh-CN/security')
  await mkdir(folder, { recursive: true })
  const entry = (index: number, title?: string) => {
    const text = template.replace('id: two-factor', `id: ${prefix}-${index}`)
    return title === undefined ? text : text.replace(/^title: .*$/m, `title: ${title}`)
  }
  await Promise.all(Array.from({ length: count }, (_, index) => writeFile(path.join(folder, `${prefix}-${index}.md`), entry(index))))
  return {
    ...laidOut,
    /** Changes the first bulk entry's title, so a new build differs from the last one. */
    setBulkTitle: (title) => writeFile(path.join(folder, `${prefix}-0.md`), entry(0, title))
  }
}
