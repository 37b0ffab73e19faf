import { lstat } from 'node:fs/promises'

/** Whether anything (a folder, a file, a dangling link) is at `target`, without following a link there. */
export async function pathExists(target: string): Promise<boolean> {
  return lstat(target).then(
    () => true,
    () => false
  )
}
