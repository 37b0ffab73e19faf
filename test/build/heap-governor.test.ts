import { expect, it } from 'vitest'
import { startHeapGovernor } from '../../src/build/heap-governor.js'

it('asks for a collection once the heap is above its floor and its headroom past what the last collection left, looking every 64 files', () => {
  const eager = startHeapGovernor(1, 64, 256_000_000)
  for (let file = 0; file < 63; file++) eager.tick()
  expect(eager.collections()).toBe(0)
  eager.tick()
  expect(eager.collections()).toBe(1)
  // Right after a collection the heap holds what it left: not 256 MB more.
  for (let file = 0; file < 64; file++) eager.tick()
  expect(eager.collections()).toBe(1)

  const never = startHeapGovernor(Number.MAX_SAFE_INTEGER, 64, 0)
  for (let file = 0; file < 1000; file++) never.tick()
  expect(never.collections()).toBe(0)
})
