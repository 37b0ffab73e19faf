import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * Keeps a thread's heap near what it holds alive. On a machine with plenty of memory V8 lets garbage grow to
 * several times the live heap before it collects (a 9,000-entry build: 824 MB of heap holding 159 MB alive),
 * and that garbage is most of the build's peak memory. `tick` (called per output file or batch) asks for a
 * full collection once the heap holds `headroomBytes` more than the last one left, and never below
 * `floorBytes`, so a small build never collects on its own account.
 */
export interface HeapGovernor {
  tick(): void
  /** Collections asked for so far. */
  collections(): number
}

/**
 * `ticksPerLook`: ticks between two looks at the heap (a look costs a few microseconds). `pastNow`: the heap
 * already holds what must stay (a resident engine's artifacts between builds): the first collection waits
 * until the heap holds `headroomBytes` more than now, as every later one waits past what the last one left.
 */
export function startHeapGovernor(floorBytes: number, ticksPerLook: number, headroomBytes: number, options: { pastNow?: boolean } = {}): HeapGovernor {
  let collect: (() => void) | undefined
  let threshold = options.pastNow ? Math.max(floorBytes, v8.getHeapStatistics().used_heap_size + headroomBytes) : floorBytes
  let ticks = 0
  let collections = 0
  return {
    tick() {
      if (++ticks % ticksPerLook !== 0 || v8.getHeapStatistics().used_heap_size <= threshold) return
      collect ??= collector()
      collect()
      collections++
      const left = v8.getHeapStatistics().used_heap_size
      threshold = Math.max(floorBytes, left + headroomBytes)
    },
    collections: () => collections
  }
}

/**
 * V8's `gc()`, made available after start-up: the flag exposes it to contexts created from then on. Without
 * it (a V8 that refuses the flag) nothing is collected early, which costs memory, never results.
 */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc')
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
  return typeof gc === 'function' ? () => (gc as () => void)() : () => undefined
}
