/** Wall time per phase of a run, for `KB_TIMINGS=1` and the benchmarks: where a slow build spends its time. */
export interface Timings {
  /** Ends the current phase (started at the previous mark) under `phase`. */
  mark(phase: string): void
  phases: [string, number][]
}

export function startTimings(): Timings {
  let last = performance.now()
  const phases: [string, number][] = []
  return {
    phases,
    mark(phase) {
      const now = performance.now()
      phases.push([phase, now - last])
      last = now
    }
  }
}
