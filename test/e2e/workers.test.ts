import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { layOutFixture, runKb } from '../helpers/run-kb.js'
import { treeHashes } from '../helpers/dist.js'

/**
 * Enough entries for each kind of thread to get at least two batches (entries: 32 a batch; output scan: 1 MB
 * of text, about 40 entries; writers: 64 files), so that the crash hook below has something to end.
 */
const entryCount = 250

it('parsing in worker threads gives the same report and the same dist/ as parsing on one thread', async () => {
  const { root, cleanup } = await layOutFixture('valid')
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-workers-'))
  try {
    const template = await readFile(path.join(root, 'content/zh-CN/account/close-account.md'), 'utf8')
    for (let index = 0; index < entryCount; index++) {
      // Every tenth entry has problems, so diagnostics cross the worker boundary too.
      const broken = index % 10 === 0 ? template.replace('status: published', 'status: publihsed').replace('## 症状', '## 症壮') : template
      await writeFile(path.join(root, `content/zh-CN/account/bulk-${index}.md`), broken.replace('id: close-account', `id: bulk-${index}`).replace('related: [two-factor]', 'related: [two-factor, missing-one]'))
    }
    // Without the cache, so both runs parse every entry; then with it, where the second run parses none.
    const one = await runKb(['check', '--root', root, '--format', 'json', '--no-cache'], { env: { KB_WORKERS: '1' } })
    const two = await runKb(['check', '--root', root, '--format', 'json', '--no-cache'], { env: { KB_WORKERS: '2' } })
    expect(one.stderr).toContain('kb: parsed with 1 thread\n')
    expect(two.stderr).toContain('kb: parsed with 2 threads\n')
    expect(one.code).toBe(1)
    expect(two.stdout).toBe(one.stdout)
    expect(two.code).toBe(one.code)
    const filling = await runKb(['check', '--root', root, '--format', 'json'], { env: { KB_WORKERS: '2' } })
    const fromCache = await runKb(['check', '--root', root, '--format', 'json'], { env: { KB_WORKERS: '2' } })
    const checkedFiles = (JSON.parse(one.stdout) as { summary: { files: number } }).summary.files
    expect(fromCache.stderr).toContain(`kb: parsed with 1 thread (${checkedFiles} from the cache)\n`)
    expect(filling.stdout).toBe(one.stdout)
    expect(fromCache.stdout).toBe(one.stdout)
    const report = JSON.parse(one.stdout) as { diagnostics: { ruleId: string }[] }
    expect(new Set(report.diagnostics.map((diagnostic) => diagnostic.ruleId))).toEqual(new Set(['schema-enum', 'schema-required', 'section-unknown', 'related-missing']))

    for (let index = 0; index < entryCount; index++) {
      await writeFile(path.join(root, `content/zh-CN/account/bulk-${index}.md`), template.replace('id: close-account', `id: bulk-${index}`))
    }
    const outOne = path.join(scratch, 'one')
    const outTwo = path.join(scratch, 'two')
    expect((await runKb(['build', '--root', root, '--out', outOne, '--no-cache'], { env: { KB_WORKERS: '1' } })).code).toBe(0)
    expect((await runKb(['build', '--root', root, '--out', outTwo, '--no-cache'], { env: { KB_WORKERS: '2' } })).code).toBe(0)
    expect(await treeHashes(outTwo)).toEqual(await treeHashes(outOne))
  } finally {
    await cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
})

it('a worker thread that dies costs speed, never results: entry, scan and writer threads each', async () => {
  const { root, cleanup } = await layOutFixture('valid')
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'kb-workers-crash-'))
  try {
    const template = await readFile(path.join(root, 'content/zh-CN/account/close-account.md'), 'utf8')
    for (let index = 0; index < entryCount; index++) await writeFile(path.join(root, `content/zh-CN/account/bulk-${index}.md`), template.replace('id: close-account', `id: bulk-${index}`))
    const threads = { KB_WORKERS: '2', KB_WRITERS: '2' }
    const reference = path.join(scratch, 'reference')
    expect((await runKb(['build', '--root', root, '--out', reference, '--no-cache'], { env: threads })).code).toBe(0)
    for (const task of ['entries', 'scan', 'writer']) {
      // Every thread of the task ends itself on its second batch: the main thread does the rest.
      const out = path.join(scratch, task)
      const run = await runKb(['build', '--root', root, '--out', out, '--no-cache'], { env: { ...threads, NODE_ENV: 'test', KB_WORKER_CRASH: task } })
      expect(run.code, `${task}: ${run.stderr}`).toBe(0)
      expect(run.stderr, `${task}: a thread of the task did end`).toContain(`kb: test hook: a ${task} thread ended itself`)
      expect(await treeHashes(out), task).toEqual(await treeHashes(reference))
    }
  } finally {
    await cleanup()
    await rm(scratch, { recursive: true, force: true })
  }
}, 300_000)
