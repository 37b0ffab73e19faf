/**
 * Wall time per phase of a run and the memory held at its end, for `KB_TIMINGS=1` and the benchmarks: where a
 * slow or large build spends its time and memory.
 */
export interface Timings {
  /** Ends the current phase (started at the previous mark) under `phase`. */
  mark(phase: string): void
  /** Phase, milliseconds, resident set size in bytes at its end. */
  phases: [string, number, number][]
}

export function startTimings(): Timings {
  let last = performance.now()
  const phases: [string, number, number][] = []
  return {
    phases,
    mark(phase) {
      const now = performance.now()
      phases.push([phase, now - last, process.memoryUsage.rss()])
      last = now
    }
  }
}
