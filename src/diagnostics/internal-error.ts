import type { VFile } from 'vfile'
import { report } from './report.js'

/** A bug in kb met while working on one file: reported on that file, so the run goes on with the others. */
export function reportInternalError(file: VFile, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  report(
    file,
    'internal-error',
    `Unexpected failure of kb on this file (${reason.slice(0, 200)}), expected none: please report it with this file`,
    { line: 1, column: 1 },
    undefined,
    `kb 处理这个文件时出错（${reason.slice(0, 200)}），这不是文章的问题：请连同这个文件一起报告`
  )
}
