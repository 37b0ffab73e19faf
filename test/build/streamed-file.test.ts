import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { scannedBefore, startScanner, type Scanner } from '../../src/build/scan.js'
import { writeDist } from '../../src/write/write-dist.js'
import type { KbConfig } from '../../src/types/config.js'

const config: KbConfig = {
  brand: 'OKX',
  title: { en: 'OKX Help Center' },
  defaultLocale: 'en',
  locales: ['en'],
  categories: [{ id: 'account', name: { en: 'Account' } }],
  officialDomains: ['okx.com'],
  supportChannels: [{ id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@okx.com' }]
}

it('scans a streamed file part by part, each part a record placed in the whole file, and reads it back only for a finding', async () => {
  // A JSON Lines file a line a part: its records are those add cuts it into, so the verdicts must be the same.
  const lines = Array.from({ length: 400 }, (_, index) => JSON.stringify({ id: index, text: index === 150 || index === 390 ? `Join: https://www.okx.com/join/ABC${index}` : `Line ${index} 中文` }) + '\n')
  const whole = lines.join('')
  const findings = async (feed: (scanner: Scanner) => void) => {
    const scanner = startScanner(config, new Set(), 0)
    feed(scanner)
    const { files, records } = await scanner.finish()
    return { found: files.map((file) => [file.path, String(file.value), file.messages.map((message) => [message.ruleId, message.line, message.column, message.place && 'end' in message.place ? message.place.end.offset : undefined])]), records }
  }
  const asWhole = await findings((scanner) => scanner.add('feeds/chunks.jsonl', whole))
  let readBack = 0
  const asStream = await findings((scanner) => {
    const stream = scanner.stream('feeds/chunks.jsonl', () => {
      readBack++
      return whole
    })
    for (const line of lines) stream?.push(line)
    stream?.end()
  })
  expect(asWhole.found).toHaveLength(1)
  expect(asStream.found).toEqual(asWhole.found)
  expect(asStream.records.ofFile.get('feeds/chunks.jsonl')).toEqual(asWhole.records.ofFile.get('feeds/chunks.jsonl'))
  expect(readBack).toBe(1)
  // Nothing found: never read back.
  const clean = startScanner(config, new Set(), 0)
  const stream = clean.stream('feeds/chunks.jsonl', () => {
    throw new Error('read back a file with no findings')
  })
  for (const line of lines.filter((_, index) => index !== 150 && index !== 390)) stream?.push(line)
  stream?.end()
  expect((await clean.finish()).files).toEqual([])
})

it("knows a part the memo made by its key: an earlier build's verdict on that key holds without scanning the text again", async () => {
  const key = (name: string) => createHash('sha256').update(name).digest()
  const bad = '{"text":"Join: https://www.okx.com/join/ABC123"}\n'
  const good = '{"text":"Fine"}\n'
  const first = startScanner(config, new Set(), 0)
  const stream = first.stream('llms.txt', () => good + bad)
  stream?.push(good, key('a'))
  stream?.push(bad, key('b'))
  stream?.end()
  const before = await first.finish()
  expect(before.files[0]?.messages.map((message) => [message.line, message.column])).toEqual([[2, 16]])
  // The next build: the same keys (so, by the memo's contract, the same texts). Given other texts here to show
  // they are not scanned: the verdicts are the remembered ones, placed where the parts are now.
  const next = startScanner(config, new Set(), 0, scannedBefore(before.records))
  const again = next.stream('llms.txt', () => '\n' + good + bad)
  again?.push('\n')
  again?.push('{"text":"also fine"}\n', key('a'))
  again?.push('{"text":"fine now"}\n', key('b'))
  again?.end()
  expect((await next.finish()).files[0]?.messages.map((message) => [message.line, message.column])).toEqual([[3, 16]])
})

it('writes a streamed file to disk as its parts come, not once it is whole', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-stream-'))
  try {
    const part = (index: number) => `${JSON.stringify({ index, text: 'x'.repeat(100_000) })}\n`
    const onDisk: number[] = []
    const { manifest } = await writeDist(
      path.join(root, 'dist'),
      async (sink) => {
        const stream = sink.stream('feeds/chunks.jsonl')
        for (let index = 0; index < 40; index++) {
          stream.push(part(index))
          if (index % 10 === 9) onDisk.push(stream.textOf()?.length ?? 0)
        }
        stream.end()
        return { publish: true, value: undefined }
      },
      { generatedAt: undefined, env: {} }
    )
    // 1, 2, 3 and 4 MB made: all but the last megabyte or so is on disk already.
    for (const [index, length] of onDisk.entries()) expect(length, `after ${(index + 1) * 10} parts`).toBeGreaterThan((index + 1) * 1_000_000 - 1_100_000)
    expect(onDisk[3]).toBeGreaterThan(2_900_000)
    const written = await readFile(path.join(root, 'dist/feeds/chunks.jsonl'))
    expect(written.toString('utf8')).toBe(Array.from({ length: 40 }, (_, index) => part(index)).join(''))
    expect(manifest?.files).toContainEqual({ path: 'feeds/chunks.jsonl', size: written.length, sha256: createHash('sha256').update(written).digest('hex') })
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
