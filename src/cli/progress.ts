import type { Progress } from '../build/engine.js'
import type { CliIo } from './io.js'

/** How often the line is redrawn at most: often enough to look alive, rarely enough to cost nothing. */
const redrawMs = 100

export interface ProgressLine {
  onProgress: ((progress: Progress) => void) | undefined
  /** Erases the line, before the report is printed. */
  clear(): void
}

/**
 * A progress line on stderr for a person at a terminal ("kb: checking entries 1,234/8,960"), redrawn in
 * place. Scripts and CI see nothing of it: only a TTY gets it, and not with CI set, TERM=dumb or
 * KB_PROGRESS=off.
 */
export function progressLine(io: CliIo): ProgressLine {
  const env = io.env
  if (!io.stderr.isTTY || env['CI'] || env['TERM'] === 'dumb' || env['KB_PROGRESS'] === 'off') return { onProgress: undefined, clear: () => undefined }
  const count = new Intl.NumberFormat('en-US')
  let shown = false
  let last = 0
  let phase: Progress['phase'] | undefined
  return {
    onProgress(progress) {
      const now = Date.now()
      // A new phase and the last entry are always drawn; in between, at most one line per redrawMs.
      const finished = progress.phase !== 'output' && progress.done === progress.total
      if (shown && progress.phase === phase && now - last < redrawMs && !finished) return
      last = now
      shown = true
      phase = progress.phase
      const text = progress.phase === 'entries' ? `checking entries ${count.format(progress.done)}/${count.format(progress.total)}` : progress.phase === 'import' ? `importing files ${count.format(progress.done)}/${count.format(progress.total)}` : `writing output, ${count.format(progress.done)} files`
      io.stderr.write(`\r\x1b[2Kkb: ${text}`)
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[2K')
      shown = false
    }
  }
}
