import { spawn } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, it } from 'vitest'
import { layOutFixture, repoRoot, runKb } from '../helpers/run-kb.js'
import { treeHashes } from '../helpers/dist.js'

/** Enough entries that writing them takes long enough to be interrupted. */
const entryCount = 1500

it('a build killed while writing leaves the previous dist/ intact, and the next build recovers', async () => {
  const { root, cleanup } = await layOutFixture('valid')
  try {
    const template = await readFile(path.join(root, 'content/zh-CN/security/two-factor.md'), 'utf8')
    await mkdir(path.join(root, 'content/zh-CN/security'), { recursive: true })
    for (let index = 0; index < entryCount; index++) {
      await writeFile(path.join(root, `content/zh-CN/security/bulk-${index}.md`), template.replace('id: two-factor', `id: bulk-${index}`))
    }
    const out = path.join(root, 'dist')
    expect((await runKb(['build', '--root', root])).code).toBe(0)
    const before = await treeHashes(out)

    // Change the content so a finished build would differ, then kill the build once it is writing.
    await writeFile(path.join(root, 'content/zh-CN/security/bulk-0.md'), template.replace('id: two-factor', 'id: bulk-0').replace('重置双重验证', '新标题'))
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kb.js'), 'build', '--root', root], { stdio: 'ignore' })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    let killedWhileWriting = false
    for (let attempt = 0; attempt < 6000; attempt++) {
      const temporary = (await readdir(root)).find((name) => name.startsWith('.dist.tmp-'))
      if (temporary) {
        const written = await readdir(path.join(root, temporary), { recursive: true }).catch(() => [])
        if (written.length > 20) {
          child.kill('SIGKILL')
          killedWhileWriting = true
          break
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(await exited).toBe(killedWhileWriting ? 'SIGKILL' : null)
    expect(killedWhileWriting, 'the build finished before it could be interrupted; raise entryCount').toBe(true)
    expect(await treeHashes(out)).toEqual(before)

    const again = await runKb(['build', '--root', root])
    expect(again.code).toBe(0)
    expect((await readdir(root)).filter((name) => name.startsWith('.dist.'))).toEqual([])
    expect(await readFile(path.join(out, 'api/entries/zh-CN/bulk-0.json'), 'utf8')).toContain('新标题')
  } finally {
    await cleanup()
  }
})
