import { qaPairs } from './qa-pairs.js'
import { faqJson } from './faq-json.js'
import { azureQuestionAnswering } from './azure-question-answering.js'
import { kendraFaq } from './kendra.js'
import { dialogflowFaq } from './dialogflow.js'
import { zendesk } from './zendesk.js'
import { chunks } from './chunks.js'
import { llmsTxt } from './llms-txt.js'
import { jsonFeed } from './json-feed.js'
import { atomFeed } from './atom.js'
import type { Emitter, FeedInput } from './feed-input.js'
import type { ApiEntry } from '../../types/api-entry.js'
import type { KbConfig } from '../../types/config.js'
import type { OutputFile } from '../output-file.js'

/** Every emitter, one module per consumer: adding a format means adding its module and one name here. */
export const emitters: readonly Emitter[] = [faqJson, azureQuestionAnswering, kendraFaq, dialogflowFaq, zendesk, chunks, llmsTxt, jsonFeed, atomFeed]

/** Every feed file, one format at a time: only one format's files are held at once. */
export function* compileFeeds(entries: readonly ApiEntry[], config: KbConfig, markdown: ReadonlyMap<string, string>): Generator<OutputFile> {
  const published = entries.filter((entry) => entry.status === 'published')
  const input: FeedInput = { entries: published, pairs: qaPairs(published, config), config, markdown }
  for (const emit of emitters) yield* emit(input)
}
