const signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * Runs `work` so that Ctrl-C, a kill or a closed terminal first runs `cleanUp`, then ends the process by
 * the same signal, as if kb had not been listening (so the shell still sees "interrupted"). `cleanUp` must
 * be synchronous: nothing after the handler runs.
 */
export async function cleaningUpOnSignal<T>(cleanUp: () => void, work: () => Promise<T>): Promise<T> {
  const stopListening = () => {
    for (const signal of signals) process.removeListener(signal, onSignal)
  }
  function onSignal(signal: NodeJS.Signals): void {
    stopListening()
    try {
      cleanUp()
    } finally {
      process.kill(process.pid, signal)
    }
  }
  for (const signal of signals) process.on(signal, onSignal)
  try {
    return await work()
  } finally {
    stopListening()
  }
}
