/** One flag as help shows it. */
interface Flag {
  flag: string
  what: string
}

/** A command as `kb --help` lists it and `kb <command> --help` explains it. */
interface CommandHelp {
  synopsis: string
  summary: string
  flags: readonly Flag[]
  examples: readonly { command: string; what: string }[]
}

const common: readonly Flag[] = [
  { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' },
  { flag: '--format <name>', what: 'text (default), json or github' },
  { flag: '--max-warnings <n>', what: 'Fail (exit 1) when there are more than n warnings' },
  { flag: '--no-cache', what: 'Neither read nor write the cache in <root>/.kb-cache (also KB_CACHE=off)' }
]

/** Every command's help, in the order `kb --help` lists them: the one place that describes the flags. */
export const commandHelp = {
  check: {
    synopsis: 'kb check [files…] [options]',
    summary: 'Report every problem in the KB (or in the given files)',
    flags: [{ flag: '--explain <ruleId>', what: 'Explain a rule, with a bad and a good example, and what to do' }, ...common],
    examples: [
      { command: 'kb check', what: 'check the KB in this folder' },
      { command: 'kb check content/zh-CN/account/close-account.md', what: 'check one entry (the rules across entries still see the whole KB)' },
      { command: 'kb check --format github --max-warnings 0', what: 'in CI: annotations on the pull request, and no warning allowed' },
      { command: 'kb check --explain lookalike-domain', what: 'what a rule means and how to fix what it reports' }
    ]
  },
  new: {
    synopsis: 'kb new [type] [options]',
    summary: 'Write a new draft entry with its type’s sections, ready to fill in',
    flags: [
      { flag: '--type <type>', what: 'troubleshooting, howto or faq (or give it as the argument)' },
      { flag: '--category <id>', what: 'A category id from kb.config.yaml' },
      { flag: '--title <text>', what: 'The title as readers will see it' },
      { flag: '--id <id>', what: 'The id and file name (default: from the title; pinyin for Chinese)' },
      { flag: '--locale <locale>', what: 'The default locale (translations start from an entry of it)' },
      { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' }
    ],
    examples: [
      { command: 'kb new', what: 'on a terminal: asks for the type, category, title and id' },
      { command: 'kb new troubleshooting --category account --title "注销账户失败"', what: 'writes content/zh-CN/account/zhu-xiao-zhang-hu-shi-bai.md' }
    ]
  },
  translate: {
    synopsis: 'kb translate <id> --to <locale> [options]',
    summary: 'Write a translation skeleton of an entry, or show what changed in its source since it was translated',
    flags: [
      { flag: '--to <locale>', what: 'The locale to translate into' },
      { flag: '--diff', what: 'Show what changed in the source since the translation’s recorded version (from git); exit 1 when something did' },
      { flag: '--done', what: 'Record the source’s current version in the translation, once it has caught up' },
      { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' }
    ],
    examples: [
      { command: 'kb translate close-account --to en', what: 'writes content/en/account/close-account.md, the source’s structure with each text to translate marked' },
      { command: 'kb translate close-account --to en --diff', what: 'when kb check says the translation is outdated: what changed in the source' },
      { command: 'kb translate close-account --to en --done', what: 'after updating the translation: it is current again' }
    ]
  },
  import: {
    synopsis: 'kb import <file|dir…> --locale <locale> [options]',
    summary: 'Turn existing help articles into draft entries, structured, with every unsafe link flagged',
    flags: [
      { flag: '--locale <locale>', what: 'The locale the articles are written in (a locale of kb.config.yaml)' },
      { flag: '--category <id>', what: 'The category they go in (default: the first in kb.config.yaml)' },
      { flag: '--from <shape>', what: 'auto (default), seed (bold-line posts), markdown (frontmatter and headings) or zendesk-json' },
      { flag: '--strip-unsafe', what: 'Take referral links and codes, look-alike and download links and private contacts out, leaving a note' },
      { flag: '--format <name>', what: 'text (default) or json: per article, what was mapped, kept, dropped and flagged' },
      { flag: '--lang <language>', what: 'The language of the text report: en or zh-CN (default: from the environment or kb.config.yaml)' },
      { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' }
    ],
    examples: [
      { command: 'kb import old-posts/ --locale zh-CN --category account', what: 'every post as a draft under content/zh-CN/account/, never over an existing file' },
      { command: 'kb import export.json --locale en --from zendesk-json --strip-unsafe', what: 'a Zendesk Help Center export, referral links taken out' },
      { command: 'kb import docs/ --locale en --format json > import-report.json', what: 'the report for a script or a review' }
    ]
  },
  build: {
    synopsis: 'kb build [options]',
    summary: 'Check, then compile content/ into dist/ (JSON API, HTML site, feeds)',
    flags: [
      { flag: '--out <dir>', what: 'Output folder (default: <root>/dist); replaced whole, only when the build is clean' },
      { flag: '--drafts', what: 'Also build draft and review entries (never in feeds)' },
      ...common
    ],
    examples: [
      { command: 'kb build', what: 'build this KB into ./dist' },
      { command: 'kb build --drafts --out /tmp/preview', what: 'a preview with the entries still in review' },
      { command: 'SOURCE_DATE_EPOCH=1764000000 kb build', what: 'stamp the output with a fixed time (otherwise it carries none)' }
    ]
  },
  status: {
    synopsis: 'kb status [options]',
    summary: 'What needs work: entries by status, missing and outdated translations, reviews due, owners, links',
    flags: [
      { flag: '--format <name>', what: 'text (default), json, or markdown for a pull-request comment' },
      { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' },
      { flag: '--no-cache', what: 'Neither read nor write the cache in <root>/.kb-cache (also KB_CACHE=off)' }
    ],
    examples: [
      { command: 'kb status', what: 'per locale: published, in review, drafts; what to translate and review' },
      { command: 'kb status --format markdown > status.md', what: 'a table and lists to post on a pull request' }
    ]
  },
  links: {
    synopsis: 'kb links [options]',
    summary: 'List every external domain linked, with counts, entries and verdict',
    flags: common.filter((flag) => flag.flag !== '--max-warnings <n>').map((flag) => (flag.flag === '--format <name>' ? { ...flag, what: 'text (default) or json' } : flag)),
    examples: [
      { command: 'kb links', what: 'every domain, official ones first' },
      { command: 'kb links --format json', what: 'the same, for a script' }
    ]
  },
  dev: {
    synopsis: 'kb dev [options]',
    summary: 'Preview the KB with its drafts on localhost, rebuilt on every save',
    flags: [
      { flag: '--port <n>', what: 'Port to listen on (default: 4321, or the next free one when it is in use)' },
      { flag: '--root <dir>', what: 'KB root holding kb.config.yaml and content/ (default: .)' },
      { flag: '--no-cache', what: 'Rebuild every entry each time instead of only the changed ones (also KB_CACHE=off)' }
    ],
    examples: [
      { command: 'kb dev', what: 'open the printed address; each save reloads the page, and errors show over it until fixed' },
      { command: 'kb dev --root help-center --port 8080', what: 'a KB in a sub-folder, from port 8080' }
    ]
  },
  serve: {
    synopsis: 'kb serve [options]',
    summary: 'Preview the built site on http://127.0.0.1:4321/',
    flags: [
      { flag: '--port <n>', what: 'Port to listen on (default: 4321, or the next free one when it is in use)' },
      { flag: '--out <dir>', what: 'The built site to serve (default: <root>/dist)' },
      { flag: '--root <dir>', what: 'KB root (default: .)' }
    ],
    examples: [
      { command: 'kb build && kb serve', what: 'build, then open the printed address' },
      { command: 'kb serve --port 8080', what: 'on another port' }
    ]
  }
} as const satisfies Record<string, CommandHelp>

export type CommandName = keyof typeof commandHelp

const exitCodes = 'Exit codes: 0 no errors, 1 content errors, 2 usage or config errors.\n'

function flagLines(flags: readonly Flag[]): string {
  const width = Math.max(...flags.map((flag) => flag.flag.length)) + 2
  return flags.map((flag) => `  ${flag.flag.padEnd(width)}${flag.what}`).join('\n')
}

/** `kb --help`: every command in a line, the flags they share, and where to read more. */
export const usage = `kb — check and build a help-center knowledge base

Usage:
${Object.values(commandHelp)
  .map((help: CommandHelp) => `  ${help.synopsis.padEnd(30)}${help.summary}`)
  .join('\n')}
  kb --help | kb --version

Options (every command but serve):
${flagLines(common)}

Run \`kb <command> --help\` for a command's own flags and examples.
${exitCodes}`

/** `kb <command> --help`: the command's flags, shared ones included, and examples. */
export function helpFor(command: CommandName): string {
  const help: CommandHelp = commandHelp[command]
  return `${help.synopsis}

${help.summary}.

Options:
${flagLines(help.flags)}

Examples:
${help.examples.map((example) => `  ${example.command}\n      ${example.what}`).join('\n')}

${exitCodes}`
}
