import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { layOutShippedKb, repoRoot, runKb } from '../helpers/run-kb.js'
import { occupy, startKbServer } from '../helpers/kb-server.js'

/** Issue 13: `kb dev` as a program (the browser side is in test/browser/dev.test.ts). */
let root: string

beforeAll(async () => {
  root = await layOutShippedKb('kb-dev-cli-')
})

afterAll(() => rm(root, { recursive: true, force: true }))

describe('kb dev', () => {
  it('takes the next free port when the default one is taken, says so, and stops cleanly on SIGTERM', async () => {
    // The default port is 4321; if something else holds it already, this test holds nothing and still expects a move.
    const blocker = await occupy(4321).catch(() => undefined)
    try {
      const dev = await startKbServer(['dev'], root)
      try {
        expect(dev.stderr()).toMatch(/port 4321 is in use, serving on 43\d\d instead/)
        expect(dev.url).not.toContain(':4321/')
        const page = await fetch(`${dev.url}en/account/close-account.html`)
        expect(page.status).toBe(200)
        expect(page.headers.get('cache-control')).toBe('no-store')
        const html = await page.text()
        expect(html).toMatch(/<script src="\/__kb\/dev\.js" data-version="\d+"><\/script><\/body>/)
        expect((await fetch(`${dev.url}__kb/dev.js`)).headers.get('content-type')).toContain('text/javascript')
        // A missing page is the site's own 404 page, with the dev script too.
        const missing = await fetch(`${dev.url}en/no-such-page.html`)
        expect(missing.status).toBe(404)
        expect(await missing.text()).toContain('/__kb/dev.js')
      } finally {
        dev.stop()
        const code = await new Promise((resolve) => dev.child.once('exit', resolve))
        expect(code).toBe(0)
      }
    } finally {
      blocker?.server.close()
    }
  })

  it('builds into its own folder only what the preview serves: dist/ is never written, the JSON API and the feeds are not made, and the built files never carry the dev script', async () => {
    const dev = await startKbServer(['dev', '--port', '0', '--root', root], repoRoot)
    dev.stop()
    await new Promise((resolve) => dev.child.once('exit', resolve))
    expect(existsSync(path.join(root, 'dist'))).toBe(false)
    const site = path.join(root, '.kb-cache/dev-site')
    const pages = (await readdir(site, { recursive: true })).filter((name) => name.endsWith('.html'))
    expect(pages.length).toBeGreaterThan(20)
    for (const page of pages) expect(await readFile(path.join(site, page), 'utf8')).not.toContain('__kb')
    expect((await readdir(site)).filter((name) => ['api', 'feeds', 'llms.txt'].includes(name))).toEqual([])
    expect(existsSync(path.join(site, 'zh-CN/search-index'))).toBe(true)

    // Started again on the site it left, it says so, counting every file of the KB as checked.
    const again = await startKbServer(['dev', '--port', '0', '--root', root], repoRoot)
    again.stop()
    await new Promise((resolve) => again.child.once('exit', resolve))
    expect(again.stderr()).toMatch(/kb: checked in \d+ ms, the site is unchanged; 0 errors, 0 warnings in 18 files\n/)
  })

  it('tells open pages each problem with what to do, in the editor’s language', async () => {
    const entry = path.join(root, 'content/en/account/close-account.md')
    const original = await readFile(entry, 'utf8')
    await writeFile(entry, original.replace('status: published', 'status: publishd'))
    const dev = await startKbServer(['dev', '--port', '0', '--root', root], repoRoot, 60_000, { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' })
    try {
      const response = await fetch(`${dev.url}__kb/events`)
      const reader = response.body?.getReader()
      const first = new TextDecoder().decode((await reader?.read())?.value)
      await reader?.cancel()
      const state = JSON.parse(first.replace(/^data: /, '')) as { language: string; errors: number; problems: { ruleId: string; explanation: string }[] }
      expect(state.language).toBe('zh-CN')
      expect(state.errors).toBe(1)
      expect(state.problems[0]?.ruleId).toBe('schema-enum')
      expect(state.problems[0]?.explanation).toMatch(/^.+。怎么改：.+/)
      expect((state.problems[0] as { message?: string } | undefined)?.message).toBe('`status` 只能是 `draft`、`review`、`published`、`archived` 之一，这里写的是 `publishd`，你是不是想写 `published`？')
      expect(dev.stdout()).toContain('错误')
    } finally {
      dev.stop()
      await new Promise((resolve) => dev.child.once('exit', resolve))
      await writeFile(entry, original)
    }
  })

  it('refuses what it cannot preview with exit 2 and a message', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'kb-dev-empty-'))
    try {
      const noConfig = await runKb(['dev', '--root', empty], { timeoutMs: 20_000 })
      expect(noConfig.code).toBe(2)
      expect(noConfig.stderr).toContain('without kb.config.yaml')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
    const format = await runKb(['dev', '--root', root, '--format', 'json'], { timeoutMs: 20_000 })
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('use kb check for a report')
    const extra = await runKb(['dev', 'content/en'], { cwd: root, timeoutMs: 20_000 })
    expect(extra.code).toBe(2)
  })
})
