/**
 * Whether a process with this id runs on this machine. A process of another user still counts (EPERM), so a
 * lock or folder is only ever judged abandoned when its owner is really gone (ESRCH).
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}
