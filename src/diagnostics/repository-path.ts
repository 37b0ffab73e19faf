import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'

/**
 * What to put in front of a KB-relative path so it is relative to the repository root, as GitHub needs for an
 * annotation to land on the pull request's line when the KB sits in a sub-folder (`help/`). The repository
 * is GITHUB_WORKSPACE in Actions when the KB is inside it, else the nearest folder up holding `.git`.
 */
export function repositoryPrefix(root: string, env: NodeJS.ProcessEnv): string {
  const real = (folder: string) => {
    try {
      return realpathSync(folder)
    } catch {
      return path.resolve(folder)
    }
  }
  const kbRoot = real(root)
  const inside = (folder: string) => {
    const relative = path.relative(folder, kbRoot)
    return !relative.startsWith('..') && !path.isAbsolute(relative)
  }
  const workspace = env['GITHUB_WORKSPACE'] ? real(env['GITHUB_WORKSPACE']) : undefined
  let repository = workspace && inside(workspace) ? workspace : undefined
  for (let folder = kbRoot; repository === undefined; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, '.git'))) repository = folder
    if (path.dirname(folder) === folder) break
  }
  if (repository === undefined) return ''
  const relative = path.relative(repository, kbRoot).split(path.sep).join('/')
  return relative === '' ? '' : `${relative}/`
}
