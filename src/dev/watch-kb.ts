import { watch, type FSWatcher } from 'node:fs'
import path from 'node:path'

/** Quiet time after the last change before a rebuild: an editor's save is often several writes and a rename. */
const settleMs = 30
/** How often a watcher that could not start (content/ missing, too many watches) is tried again. */
const retryMs = 500

/**
 * Watches what a build reads from the KB: everything under content/ and kb.config.yaml. It calls `onChange`
 * once per burst of changes. content/ may be deleted, renamed or created while it runs: the root is watched
 * too, and the watch on content/ starts again whenever content/ comes back.
 */
export function watchKb(root: string, onChange: () => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined
  let retry: NodeJS.Timeout | undefined
  let contentWatcher: FSWatcher | undefined
  let rootWatcher: FSWatcher | undefined
  let closed = false
  const changed = () => {
    if (closed) return
    clearTimeout(timer)
    timer = setTimeout(onChange, settleMs)
  }
  const startContent = () => {
    contentWatcher?.close()
    contentWatcher = undefined
    try {
      contentWatcher = watch(path.join(root, 'content'), { recursive: true }, changed)
      contentWatcher.on('error', restartContent)
    } catch {
      // No content/ yet (the build says so): the root's watcher sees it arrive, and the retry covers the rest.
      scheduleRetry()
    }
  }
  function restartContent() {
    changed()
    scheduleRetry()
  }
  function scheduleRetry() {
    if (closed || retry) return
    retry = setTimeout(() => {
      retry = undefined
      if (!closed) startContent()
    }, retryMs)
  }
  const startRoot = () => {
    try {
      rootWatcher = watch(root, (_event, name) => {
        const file = name?.toString()
        if (file === 'kb.config.yaml') changed()
        else if (file === 'content') {
          // content/ replaced, renamed or created: the old watch follows nothing any more.
          startContent()
          changed()
        }
      })
      rootWatcher.on('error', changed)
    } catch {
      // The root itself is gone: the build reports it, and nothing here can watch it.
    }
  }
  startRoot()
  startContent()
  return {
    close() {
      closed = true
      clearTimeout(timer)
      clearTimeout(retry)
      contentWatcher?.close()
      rootWatcher?.close()
    }
  }
}
