import { existsSync } from 'node:fs'
import path from 'node:path'

/**
 * The file beside an output that is being patched in place (see writeDist's `inPlace`): made before its first
 * file is replaced and removed after its last, so an output a kill or a failure left half patched is known
 * as such, and the next build writes it whole instead of trusting its record.
 */
export function patchMarker(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.patching`)
}

/** Whether a patch of this output was cut short: what it holds is neither the old output nor the new. */
export function patchCutShort(target: string): boolean {
  return existsSync(patchMarker(target))
}
