import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { outputMemo } from '../../src/build/output-memo.js'
import { statOutput, type OutputState } from '../../src/build/output-state.js'
import { streamedText, type StreamedFile } from '../../src/compile/output-file.js'

const feed = 'feeds/chunks.jsonl'

/** A streamed file's text: its parts, made one at a time, joined. */
function whole(file: StreamedFile): string {
  return streamedText(file)
}

/** Parts as an emitter gives them, counting the ones rendered. */
function partsOf(texts: Record<string, string>, rendered: string[]) {
  return Object.entries(texts).map(([inputs, text]) => ({
    inputs,
    render: () => {
      rendered.push(inputs)
      return text
    }
  }))
}

it('copies the parts whose inputs are unchanged from the file the last build wrote, and renders the rest', async () => {
  const target = await mkdtemp(path.join(os.tmpdir(), 'kb-parts-'))
  try {
    // The first build: everything rendered, the file written, its parts recorded.
    const first = outputMemo(undefined, 'base', new Set())
    const rendered: string[] = []
    const text = whole(first.parts(feed, partsOf({ a: '{"id":"a"}\n', b: '{"id":"b","text":"中文"}\n', c: '{"id":"c"}\n' }, rendered)))
    expect(rendered).toEqual(['a', 'b', 'c'])
    await mkdir(path.join(target, 'feeds'))
    await writeFile(path.join(target, feed), text)
    const previous = { target, files: statOutput(target, new Map([[feed, '']])), inputs: {}, parts: Object.fromEntries(first.partsOf) } as unknown as OutputState

    // b changed, d is new, c is gone: only b and d are rendered, and the file is what rendering all gives.
    const next = outputMemo(previous, 'base', new Set())
    const again: string[] = []
    const changed = { a: '{"id":"a"}\n', b2: '{"id":"b","text":"改了"}\n', d: '{"id":"d"}\n' }
    expect(whole(next.parts(feed, partsOf(changed, again)))).toBe(Object.values(changed).join(''))
    expect(again).toEqual(['b2', 'd'])

    // Not copied from a file changed by hand since, nor under another kb or config (another base key).
    for (const [memo, why] of [
      [outputMemo(previous, 'base', new Set([feed])), 'changed by hand'],
      [outputMemo(previous, 'other base', new Set()), 'another base key']
    ] as const) {
      const counted: string[] = []
      expect(whole(memo.parts(feed, partsOf(changed, counted))), why).toBe(Object.values(changed).join(''))
      expect(counted, why).toEqual(['a', 'b2', 'd'])
    }
  } finally {
    await rm(target, { recursive: true, force: true })
  }
})
