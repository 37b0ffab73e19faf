/**
 * A build that cannot write or may not replace its output folder: the message is complete (what failed, the
 * path, what to do) and the CLI prints it as one line with exit code 2. Anything else thrown is a bug in kb.
 */
export class OutputError extends Error {}

/** Why a file-system call failed and what the user can do about it, by errno code. */
const explanations: Record<string, readonly [string, string]> = {
  ENOSPC: ['the disk is full', 'free some space and run kb build again'],
  EDQUOT: ['the disk quota is used up', 'free some space and run kb build again'],
  EACCES: ['permission denied', 'make the folder writable for this user, or choose another --out'],
  EPERM: ['the operation is not permitted', 'make the folder writable for this user, or choose another --out'],
  EROFS: ['the file system is read-only', 'choose a folder on a writable disk for --out'],
  EBUSY: ['the folder is busy or a mount point', 'kb replaces the output folder by renaming it, so point --out at a folder inside the mount'],
  EXDEV: ['the output folder is a mount point', 'kb replaces the output folder by renaming it, so point --out at a folder inside the mount'],
  EIO: ['the disk reported an I/O error', 'check the disk and run kb build again'],
  EMFILE: ['too many files are open', 'close some programs and run kb build again'],
  ENFILE: ['too many files are open', 'close some programs and run kb build again'],
  ENAMETOOLONG: ['a path is too long', 'choose a shorter --out'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'choose another --out'],
  ELOOP: ['the path has too many symbolic links', 'choose another --out'],
  ENOENT: ['a folder on the path does not exist or was removed', 'check the path and run kb build again'],
  // kb's own: a file of the current output, kept for the new one, was changed or removed during the build.
  ECHANGED: ['a file of the current output changed while kb was building', 'run kb build again']
}

/** Node leaves out the path of a failed write on a file handle; the user needs it. */
export function naming(file: string): (error: unknown) => never {
  return (error) => {
    if (isFileSystemError(error) && error.path === undefined) error.path = file
    throw error
  }
}

export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string'
}

/** `the disk is full (ENOSPC, write /x/y)` and the remedy, for an errno error from `node:fs`. */
export function explainFileSystemError(error: NodeJS.ErrnoException): { reason: string; remedy: string } {
  const code = error.code ?? 'unknown error'
  const [what, remedy] = explanations[code] ?? ['the file system refused', 'check the folder and run kb build again']
  const where = [error.syscall, error.path].filter((part) => part !== undefined).join(' ')
  return { reason: `${what} (${code}${where ? `, ${where}` : ''})`, remedy }
}
