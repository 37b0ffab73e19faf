import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { outputRecords, recordStream } from '../../src/validate/safety/output-records.js'
import { startScanner } from '../../src/build/scan.js'
import { writeDist } from '../../src/write/write-dist.js'
import type { KbConfig } from '../../src/types/config.js'

/** Cuts `text` at `cuts` (offsets, any order, repeats allowed) into the parts a streamed file would come in. */
function splitAt(text: string, cuts: readonly number[]): string[] {
  const offsets = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  const parts: string[] = []
  let from = 0
  for (const offset of offsets) {
    parts.push(text.slice(from, offset))
    from = offset
  }
  parts.push(text.slice(from))
  return parts
}

function streamedRecords(relative: string, parts: readonly string[], lookEvery?: number) {
  const stream = recordStream(relative, lookEvery)
  if (!stream) throw new Error(`${relative} is not cut into records`)
  return [...parts.flatMap((part) => stream.push(part)), ...stream.end()]
}

// Pieces that make and almost make the cutting patterns of each kind of file, and text between them.
const piece = fc.constantFrom('\n', ' ', '\t', '{', '}', '{\n', '    {\n', '- ', '-', '#', '<entry>', '<item>', '<url>', '<ent', 'ry>', 'a', '中', '😀', '"x"')
const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 200 }).map((pieces) => pieces.join(''))

it('cuts a file that comes in parts into the records the whole text is cut into, wherever the parts end', () => {
  for (const relative of ['feeds/chunks.jsonl', 'feeds/en/faq.json', 'sitemap.xml', 'llms.txt']) {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (whole, cuts, lookEvery) => {
        expect(streamedRecords(relative, splitAt(whole, cuts), lookEvery)).toEqual(outputRecords(relative, whole))
      }),
      { numRuns: 300 }
    )
  }
  // Past the length it looks at in one go, with records far longer than the parts and far shorter.
  const long = Array.from({ length: 3000 }, (_, index) => `{"n":${index},"text":"${'中'.repeat(index % 97)}"}\n`).join('') + `{"one":"${'x'.repeat(300_000)}"}\n`
  expect(streamedRecords('feeds/chunks.jsonl', splitAt(long, Array.from({ length: 500 }, (_, index) => index * 7919)))).toEqual(outputRecords('feeds/chunks.jsonl', long))
  // A file the scan reads as one record is not cut, streamed or not.
  expect(recordStream('api/entries/en/x.json')).toBeUndefined()
  expect(recordStream('en/account/x.html')).toBeUndefined()
})

const config: KbConfig = {
  brand: 'OKX',
  title: { en: 'OKX Help Center' },
  defaultLocale: 'en',
  locales: ['en'],
  categories: [{ id: 'account', name: { en: 'Account' } }],
  officialDomains: ['okx.com'],
  supportChannels: [{ id: 'email', type: 'email', name: { en: 'E-mail' }, address: 'support@okx.com' }]
}

it('scans a streamed file record by record as it scans the whole text, and reads it back only for a finding', async () => {
  const lines = Array.from({ length: 400 }, (_, index) => JSON.stringify({ id: index, text: index === 150 || index === 390 ? `Join: https://www.okx.com/join/ABC${index}` : `Line ${index} 中文` }) + '\n')
  const whole = lines.join('')
  const findings = async (feed: (scanner: ReturnType<typeof startScanner>) => void) => {
    const scanner = startScanner(config, new Set(), 1)
    feed(scanner)
    const { files, records } = await scanner.finish()
    return { found: files.map((file) => [file.path, String(file.value), file.messages.map((message) => [message.ruleId, message.line, message.column, message.place && 'end' in message.place ? message.place.end.offset : undefined])]), hashes: records.ofFile.get('feeds/chunks.jsonl') }
  }
  const asWhole = await findings((scanner) => scanner.add('feeds/chunks.jsonl', whole))
  let readBack = 0
  const asStream = await findings((scanner) => {
    const stream = scanner.stream('feeds/chunks.jsonl', () => {
      readBack++
      return whole
    })
    for (const part of splitAt(whole, [5, 9000, 9001, 20_000])) stream?.push(part)
    stream?.end()
  })
  expect(asWhole.found).toHaveLength(1)
  expect(asStream).toEqual(asWhole)
  expect(readBack).toBe(1)
  // Nothing found: never read back.
  const clean = startScanner(config, new Set(), 1)
  const stream = clean.stream('feeds/chunks.jsonl', () => {
    throw new Error('read back a file with no findings')
  })
  for (const line of lines.filter((_, index) => index !== 150 && index !== 390)) stream?.push(line)
  stream?.end()
  expect((await clean.finish()).files).toEqual([])
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
