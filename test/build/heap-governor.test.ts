import { expect, it } from 'vitest'
import { startHeapGovernor } from '../../src/build/heap-governor.js'

it('asks for a collection once the heap is above its floor and twice what the last collection left, looking every 64 files', () => {
  const eager = startHeapGovernor(1)
  for (let file = 0; file < 63; file++) eager.tick()
  expect(eager.collections()).toBe(0)
  eager.tick()
  expect(eager.collections()).toBe(1)
  // Right after a collection the heap holds what it left: not twice that.
  for (let file = 0; file < 64; file++) eager.tick()
  expect(eager.collections()).toBe(1)

  const never = startHeapGovernor(Number.MAX_SAFE_INTEGER)
  for (let file = 0; file < 1000; file++) never.tick()
  expect(never.collections()).toBe(0)
})
