import type { VFile } from 'vfile'
import type { KbConfig } from '../types/config.js'

/** Applies `rules:` from kb.config.yaml: a rule set to `off` drops its messages, others change severity. */
export function applySeverityOverrides(files: readonly VFile[], config: Pick<KbConfig, 'rules'>): void {
  const overrides = config.rules ?? {}
  if (Object.keys(overrides).length === 0) return
  for (const file of files) {
    file.messages = file.messages.filter((message) => overrides[message.ruleId ?? ''] !== 'off')
    for (const message of file.messages) {
      const severity = overrides[message.ruleId ?? '']
      if (severity) message.fatal = severity === 'error'
    }
  }
}
