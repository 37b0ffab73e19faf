import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, it } from 'vitest'
import { judgeUrl } from '../../src/validate/safety/judge-url.js'
import { indexTerms } from '../../src/compile/site/search-index.js'
import { exampleContext } from '../helpers/example-context.js'

v8.setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Heap bytes still used after `remember` saw `count` pages of 1 MB each, through a substring of each only. */
function heldAfter(count: number, remember: (substring: string) => void, words = ''): number {
  gc()
  const before = v8.getHeapStatistics().used_heap_size
  for (let index = 0; index < count; index++) {
    // A page of its own, flat (slicing makes it so), and a substring that V8 keeps as a view into it.
    const page = `${'页'.repeat(500_000)} https://example-${index}.com/path/to/a/page${words} ${'x'.repeat(500_000)}`.slice(0)
    const start = page.indexOf('https://')
    remember(page.slice(start, page.indexOf(' ', start)))
  }
  gc()
  return v8.getHeapStatistics().used_heap_size - before
}

it('remembers URL verdicts and search terms without keeping the pages their texts were cut from', () => {
  // 100 pages of 1 MB (2 MB as UTF-16): kept alive they would hold about 150 MB.
  expect(heldAfter(100, (url) => judgeUrl(url, exampleContext.policy))).toBeLessThan(20_000_000)
  // Words of 13 letters or more, which V8 also keeps as views when cut out of the text.
  expect(heldAfter(100, (text) => indexTerms(text), '/internationalization/troubleshooting')).toBeLessThan(20_000_000)
})
