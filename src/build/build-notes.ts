import type { KbConfig } from '../types/config.js'

/** What a build tells on stderr about the config, whether it writes the output or finds it up to date. */
export function buildNotes(config: KbConfig): string[] {
  // The Help Center API refuses articles without a permission group and a user segment: no guessing them.
  // Without baseUrl the config-base-url-missing warning already names the Zendesk payloads among what was not written.
  return !config.zendesk && config.baseUrl ? ['no Zendesk payloads written: set zendesk.permissionGroupId and zendesk.userSegmentId in kb.config.yaml to write them (see README, Feeds)'] : []
}
