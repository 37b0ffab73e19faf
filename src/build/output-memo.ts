import { sha256Of } from '../text/sha256.js'
import type { RenderMemo } from '../compile/render-memo.js'
import type { OutputState } from './output-state.js'

export interface OutputMemo {
  memo: RenderMemo
  /** The key of each memoized file's inputs in this build, for the next build's record. */
  inputs: Map<string, string>
}

/**
 * The compile step's memo over the current output: a file whose inputs have the key they had in the last
 * build, and which is still the file that build wrote (not in `changed`, see startOutputCheck), is kept:
 * neither rendered nor read. `baseKey` covers kb itself and the config, which every rendering depends on.
 */
export function outputMemo(previous: OutputState | undefined, baseKey: string, changed: ReadonlySet<string>): OutputMemo {
  const inputs = new Map<string, string>()
  const memo: RenderMemo = (relative, given, render) => {
    const key = sha256Of(`${baseKey}\0${JSON.stringify(given)}`)
    inputs.set(relative, key)
    const recorded = previous?.files[relative]
    if (previous && recorded && previous.inputs[relative] === key && !changed.has(relative)) {
      return { kept: recorded }
    }
    return render()
  }
  return { memo, inputs }
}
