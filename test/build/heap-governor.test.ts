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

it('past now, waits for its headroom beyond what the heap holds at the start: a resident engine\'s rebuild does not collect at once', () => {
  // Held for the whole test, as a resident engine holds its artifacts: the heap is above the floor from the start.
  const held = Array.from({ length: 200_000 }, (_, index) => ({ index, text: `entry ${index}` }))
  const floor = 1
  const resident = startHeapGovernor(floor, 1, 64_000_000, { pastNow: true })
  resident.tick()
  expect(resident.collections()).toBe(0)
  // Allocating past the headroom: then it collects.
  const grown = Array.from({ length: 1_500_000 }, (_, index) => ({ index, text: `garbage ${index}` }))
  resident.tick()
  expect(resident.collections()).toBe(1)
  // Without pastNow the same heap is collected at the first look.
  const oneShot = startHeapGovernor(floor, 1, 64_000_000)
  oneShot.tick()
  expect(oneShot.collections()).toBe(1)
  expect(held.length + grown.length).toBeGreaterThan(0)
})
