import { createHash } from 'node:crypto'
import { lstatSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { performWrite } from '../../src/write/file-write.js'
import type { RecordedFile } from '../../src/write/recorded-file.js'

function recordedOf(file: string): RecordedFile {
  const stats = lstatSync(file)
  return { sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino }
}

describe('a kept file of the current output', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'kb-kept-'))
  const current = path.join(folder, 'current.html')
  writeFileSync(current, '<p>kept</p>\n')

  it('is hard-linked into the new output when it is the recorded file', () => {
    const target = path.join(folder, 'linked.html')
    expect(performWrite({ file: target, bytes: undefined, exclusive: true, linkFrom: { file: current, recorded: recordedOf(current) } })).toBeUndefined()
    expect(lstatSync(target).ino).toBe(lstatSync(current).ino)
  })

  it('is copied when it cannot be linked but still has the recorded bytes', () => {
    const target = path.join(folder, 'copied.html')
    // Another inode in the record: the link is refused, the bytes still match.
    const recorded = { ...recordedOf(current), ino: -1 }
    expect(performWrite({ file: target, bytes: undefined, exclusive: true, linkFrom: { file: current, recorded } })).toBeUndefined()
    expect(readFileSync(target, 'utf8')).toBe('<p>kept</p>\n')
    expect(lstatSync(target).ino).not.toBe(lstatSync(current).ino)
  })

  it('fails the build with ECHANGED when it changed during the build, writing nothing', () => {
    const target = path.join(folder, 'changed.html')
    const recorded = recordedOf(current)
    writeFileSync(current, '<p>edited by hand</p>\n')
    expect(performWrite({ file: target, bytes: undefined, exclusive: true, linkFrom: { file: current, recorded } })).toMatchObject({ code: 'ECHANGED', path: current })
    expect(() => lstatSync(target)).toThrow()
  })
})
