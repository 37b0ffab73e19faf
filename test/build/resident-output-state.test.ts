import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { readOutputState, writeOutputState, type OutputState, type ResidentOutputState } from '../../src/build/output-state.js'

/** A small state for the output `target`, told apart by its input key. */
function state(target: string, inputKey: string): OutputState {
  return {
    target,
    inputKey,
    scanKey: 'scan',
    files: { 'index.html': { sha256: 'a'.repeat(64), size: 10, mtimeMs: 1, ctimeMs: 2, ino: 3 } },
    findings: {},
    records: { ofFile: new Map(), flagged: new Map() },
    inputs: { 'index.html': 'b'.repeat(64) }
  }
}

it("gives kb dev the state it wrote from memory, and another writer's state from the file", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-resident-state-'))
  const target = path.join(root, 'site')
  try {
    const resident: ResidentOutputState = {}
    const written = state(target, 'first')
    await writeOutputState(root, written, resident)
    // Unchanged on disk: the very object written, not decoded again.
    expect(await readOutputState(root, target, resident)).toBe(written)

    // Another process (a `kb build --out` into the same folder) writes its own state: the file wins.
    await writeOutputState(root, state(target, 'other'))
    const read = await readOutputState(root, target, resident)
    expect(read?.inputKey).toBe('other')
    expect(read?.files).toEqual(written.files)
    expect(resident.kept).toBeUndefined()

    // The state file removed: nothing is recorded, whatever memory holds.
    await writeOutputState(root, written, resident)
    await rm(path.join(root, '.kb-cache'), { recursive: true })
    expect(await readOutputState(root, target, resident)).toBeUndefined()
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
