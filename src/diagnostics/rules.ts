/**
 * The catalogue of every rule `kb` reports: a permanent id, its default severity, a title and what an
 * editor should do. Messages carry the specifics; the hint says how to fix the whole class of problem.
 * The README's rule table and `kb check --explain` read from here.
 */
export type Severity = 'error' | 'warning'

export interface Rule {
  readonly severity: Severity
  readonly title: string
  readonly hint: string
  /** For rules about what an entry shows readers: a bad and a good example, shown by --explain. */
  readonly examples?: { readonly bad: string; readonly good: string }
}

export const rules = {
  'file-encoding': {
    severity: 'error',
    title: 'File is not valid UTF-8',
    hint: 'Save the file as UTF-8 (in most editors: “Save with encoding” → UTF-8).'
  },
  'file-binary': {
    severity: 'error',
    title: 'File is binary',
    hint: 'Only Markdown text files belong under content/; move images and other files elsewhere.'
  },
  'file-empty': {
    severity: 'error',
    title: 'File is empty',
    hint: 'Write the entry (frontmatter and body) or delete the file.'
  },
  'file-too-large': {
    severity: 'error',
    title: 'File is too large',
    hint: 'Split the entry into several smaller entries and link them with `related`.'
  },
  'file-bom': {
    severity: 'warning',
    title: 'File starts with a byte-order mark',
    hint: 'Save the file as UTF-8 without BOM.'
  },
  'file-symlink': {
    severity: 'error',
    title: 'Symbolic link leaves the knowledge base',
    hint: 'Copy the file into content/ instead of linking to a place outside the KB root; links are never followed outside it.'
  },
  'file-symlink-broken': {
    severity: 'error',
    title: 'Symbolic link leads nowhere',
    hint: 'Point the link at an existing file or folder inside the KB root, or delete it: whatever it brought into content/ is missing.'
  },
  'file-symlink-loop': {
    severity: 'warning',
    title: 'Symbolic link loops',
    hint: 'Delete the link, or point it at a file or at a folder that does not contain it: a loop brings in nothing new, and kb does not follow it.'
  },
  'file-symlink-duplicate': {
    severity: 'warning',
    title: 'Folder reached a second time through a symbolic link',
    hint: 'Delete the link: kb reads each folder once, at the path the message names. To publish the entries elsewhere too, copy them there.'
  },
  'file-location': {
    severity: 'error',
    title: 'File is not at content/<locale>/<category>/<id>.md',
    hint: 'Move the file to content/<locale>/<category>/<id>.md, with a locale and category from kb.config.yaml.'
  },
  'file-unreadable': {
    severity: 'error',
    title: 'File cannot be read',
    hint: 'Check the file permissions.'
  },
  'directory-unreadable': {
    severity: 'error',
    title: 'Folder under content/ cannot be read',
    hint: 'Let kb list the folder (check its permissions and owner, e.g. `chmod u+rx`); until then none of the entries in it is checked or built.'
  },
  'file-not-regular': {
    severity: 'error',
    title: 'Entry name on something that is not a file',
    hint: 'Replace it with a regular Markdown file, or rename it so that its name does not end in .md.'
  },
  'markdown-too-deep': {
    severity: 'error',
    title: 'Markdown nested too deep',
    hint: 'Flatten the nesting: at most 32 quote or list markers on a line, 32 nested `[`, runs of 100 `*`, `_` or `~`, and 100 levels in all. The rest of the entry is not checked until this is fixed.'
  },
  'markdown-too-complex': {
    severity: 'error',
    title: 'Paragraph too complex to parse quickly',
    hint: 'Split the paragraph with blank lines, or put logs and code in a fenced code block (```): one paragraph, list item or table row holds at most 500 links, emphasis marks, code spans, escapes, HTML tags, entities and addresses; one entry at most 50,000 of them, 10,000 blocks and 20,000 table cells. Longer content belongs in several entries.'
  },
  'internal-error': {
    severity: 'error',
    title: 'kb failed on this file',
    hint: 'A bug in kb, not in the entry: please report it with the file. Every other file was still checked.'
  },
  'unicode-normalization': {
    severity: 'warning',
    title: 'Text is not in Unicode NFC form',
    hint: 'Re-save the file with composed (NFC) characters, so search and links treat equal-looking text as equal.'
  },
  'frontmatter-missing': {
    severity: 'error',
    title: 'Entry has no frontmatter',
    hint: 'Start the file with a YAML block between two `---` lines holding id, type, title, summary, category, status and updated.'
  },
  'frontmatter-language': {
    severity: 'error',
    title: 'Frontmatter is not YAML',
    hint: 'Open the frontmatter with a plain `---` line; JavaScript and other languages are never executed.'
  },
  'frontmatter-unclosed': {
    severity: 'error',
    title: 'Frontmatter is not closed',
    hint: 'End the frontmatter with a line holding only `---`.'
  },
  'frontmatter-not-mapping': {
    severity: 'error',
    title: 'Frontmatter is not a set of keys',
    hint: 'Write the frontmatter as `key: value` lines.'
  },
  'frontmatter-too-large': {
    severity: 'error',
    title: 'Frontmatter is too large',
    hint: 'Keep the frontmatter to short values (at most 64 KiB); long text belongs in the body of the entry.'
  },
  'yaml-syntax': {
    severity: 'error',
    title: 'Invalid YAML',
    hint: 'Fix the YAML syntax; quote values that contain `:` or start with a special character.'
  },
  'yaml-fullwidth-punctuation': {
    severity: 'error',
    title: 'Full-width punctuation where YAML needs ASCII',
    hint: 'Switch the input method to half-width for frontmatter syntax: `status: published` with an ASCII colon and space, lists as `[注销, 账户]` with ASCII brackets and commas. Full-width punctuation inside a value is fine.',
    examples: { bad: 'status：published\ntags: [注销，账户]', good: 'status: published\ntags: [注销, 账户]' }
  },
  'yaml-comment-in-value': {
    severity: 'error',
    title: 'A `#` cuts the value short',
    hint: 'In YAML a space and `#` start a comment, so the rest of the line is dropped from the value. Put the whole value in double quotes.',
    examples: { bad: 'title: 充值 USDT 未到账 #TRC20 网络', good: 'title: "充值 USDT 未到账 #TRC20 网络"' }
  },
  'yaml-duplicate-key': {
    severity: 'error',
    title: 'Duplicate YAML key',
    hint: 'Keep one of the two keys; YAML allows each key once.'
  },
  'yaml-alias-limit': {
    severity: 'error',
    title: 'Too many YAML aliases',
    hint: 'Write the values out instead of using `&anchor` / `*alias` references.'
  },
  'schema-required': {
    severity: 'error',
    title: 'Missing required field or section',
    hint: 'Add the missing frontmatter key or body section.'
  },
  'schema-additional': {
    severity: 'error',
    title: 'Unknown frontmatter key',
    hint: 'Remove the key or fix its spelling; the README lists the keys an entry can have.'
  },
  'schema-enum': {
    severity: 'error',
    title: 'Value is not one of the allowed values',
    hint: 'Use one of the values the message lists.'
  },
  'schema-type': {
    severity: 'error',
    title: 'Value has the wrong type',
    hint: 'Write the value in the form the message asks for (text, list or date).'
  },
  'schema-format': {
    severity: 'error',
    title: 'Value is badly formatted',
    hint: 'Write dates as YYYY-MM-DD, URLs with https:// and e-mail addresses in full.'
  },
  'schema-pattern': {
    severity: 'error',
    title: 'Value does not match the expected pattern',
    hint: 'Ids and categories use lowercase letters, digits and hyphens, such as `reset-2fa`.'
  },
  'schema-length': {
    severity: 'error',
    title: 'Value is too short or too long',
    hint: 'Shorten or lengthen the value to the range the message gives.'
  },
  'schema-unique': {
    severity: 'error',
    title: 'List has a repeated value',
    hint: 'Remove the repeated value from the list.'
  },
  'schema-other': {
    severity: 'error',
    title: 'Value does not match the schema',
    hint: 'Compare the value with the schema in schemas/.'
  },
  'section-unknown': {
    severity: 'warning',
    title: 'Unknown section heading',
    hint: 'Use one of the section headings the message lists, or add the heading to `headings` in kb.config.yaml.'
  },
  'section-duplicate': {
    severity: 'error',
    title: 'Section appears twice',
    hint: 'Merge the two sections into one.'
  },
  'section-order': {
    severity: 'warning',
    title: 'Section is out of order',
    hint: 'Order sections as: symptoms, before you start, causes, steps, contact support, warnings, FAQ.'
  },
  'section-shape': {
    severity: 'error',
    title: 'Section content has the wrong shape',
    hint: 'Checklists are task lists (`- [ ] item`), steps are one numbered list, causes and FAQ use `###` per item.'
  },
  'footnote-unshown': {
    severity: 'warning',
    title: 'Footnote would not be shown',
    hint: 'Write each footnote `[^x]: …` once, in the same section (or `###` item) as its reference `[^x]`, and refer to every footnote you write: a footnote is shown only where it is referred to.'
  },
  'heading-space': {
    severity: 'error',
    title: 'Heading without a space after the #',
    hint: 'Put a space between the `#` signs and the heading text: `## 症状`, not `##症状`. Without it Markdown shows the line as text.',
    examples: { bad: '##症状', good: '## 症状' }
  },
  'heading-level': {
    severity: 'error',
    title: 'Heading at the wrong level',
    hint: 'The title comes from the frontmatter: use `##` for sections and `###` for causes and questions.'
  },
  'placeholder-text': {
    severity: 'error',
    title: 'Placeholder from kb new left in the entry',
    hint: 'Replace each part marked 【待填写】 or [To write] with the entry’s own text, or keep the entry as `status: draft` until it is written.'
  },
  'entry-id-mismatch': {
    severity: 'error',
    title: 'Id does not match the file name',
    hint: 'Make `id` equal to the file name (without .md), or rename the file.'
  },
  'entry-locale-mismatch': {
    severity: 'error',
    title: 'Locale does not match the folder',
    hint: 'Remove `locale` from the frontmatter (the folder sets it) or move the file.'
  },
  'entry-category-mismatch': {
    severity: 'error',
    title: 'Category does not match the folder',
    hint: 'Make `category` equal to the folder name, or move the file.'
  },
  'entry-category-unknown': {
    severity: 'error',
    title: 'Unknown category',
    hint: 'Use a category id from kb.config.yaml, or add the category there.'
  },
  'entry-reviewed-after-updated': {
    severity: 'warning',
    title: 'Reviewed date is later than the updated date',
    hint: 'Set `updated` to the date of the last change; `reviewed` cannot be later.'
  },
  'duplicate-id': {
    severity: 'error',
    title: 'Two entries share an id',
    hint: 'Give each entry of a locale its own id.'
  },
  'related-missing': {
    severity: 'error',
    title: 'Related entry does not exist',
    hint: 'Use the id of an existing entry in the same locale, or remove it from `related`.'
  },
  'related-untranslated': {
    severity: 'warning',
    title: 'Related entry not translated yet',
    hint: 'Translate the related entry (kb translate <id> --to <locale>); until then the page links the entry in the source locale.'
  },
  'related-self': {
    severity: 'warning',
    title: 'Entry lists itself as related',
    hint: 'Remove the entry’s own id from `related`.'
  },
  'link-missing-entry': {
    severity: 'error',
    title: 'Link to a missing entry',
    hint: 'Fix the relative path (`../<category>/<id>.md`) or remove the link.'
  },
  'link-missing-anchor': {
    severity: 'error',
    title: 'Link to a missing heading',
    hint: 'Use the anchor of an existing heading in the target entry.'
  },
  'link-unpublished': {
    severity: 'error',
    title: 'Published entry links to an unpublished one',
    hint: 'Publish the target first, or remove the link until it is published.'
  },
  'image-missing': {
    severity: 'error',
    title: 'Image file not found',
    hint: 'Put the image beside the entry in `<id>.assets/` (or shared in `content/_media/`) and link it with its relative path.'
  },
  'image-outside': {
    severity: 'error',
    title: 'Image outside content/',
    hint: 'Move the image into `<id>.assets/` beside the entry, or into `content/_media/`: only images under content/ are published.'
  },
  'image-format': {
    severity: 'error',
    title: 'Image format not supported',
    hint: 'Save the screenshot as PNG, JPEG, WebP or GIF (SVG can carry scripts), with the extension that matches its content.'
  },
  'image-too-large': {
    severity: 'error',
    title: 'Image file too large',
    hint: 'Crop the screenshot to what matters and save it smaller (PNG for screenshots, JPEG for photos), or raise `images.maxBytes` in kb.config.yaml.'
  },
  'image-alt': {
    severity: 'error',
    title: 'Image without a real description',
    hint: 'Write what the image shows in the brackets (for example: The Security page with “Close account” at the bottom): it is read aloud to readers who cannot see it and shown when the image fails.'
  },
  'image-external': {
    severity: 'error',
    title: 'Image from another site',
    hint: 'Download the image into `<id>.assets/` and link it there: an image from another site tracks readers and breaks when that site changes. Images on official or trusted domains are allowed.'
  },
  'translation-orphan': {
    severity: 'error',
    title: 'Translation without a source entry',
    hint: 'Add the entry in the default locale first, with the same id and category.'
  },
  'translation-outdated': {
    severity: 'warning',
    title: 'Outdated translation',
    hint: 'Bring the translation up to date with the source entry, then set its `updated` date.'
  },
  'translation-category': {
    severity: 'error',
    title: 'Translation is in another category than its source',
    hint: 'Keep every translation of an entry in the same category as the source entry.'
  },
  referral: {
    severity: 'error',
    title: 'Referral or affiliate link or code',
    hint: 'Remove referral parameters (`ref`, `invite`, `aff`, `promo` …), referral paths (`/join/<code>`, `/invite/…`) and invitation codes; link the plain official page instead.',
    examples: { bad: '[注册](https://www.okx.com/join/34978585)，填写推荐码 34978585', good: '[注册](https://www.okx.com/account/register)' }
  },
  'lookalike-domain': {
    severity: 'error',
    title: 'Domain imitates an official one',
    hint: 'Link only the official domains from kb.config.yaml. Look-alikes use other scripts’ letters, small misspellings, the brand inside another domain or a `brand.com@` prefix.',
    examples: { bad: 'https://okx-support.help/reset or https://www.okx.com@evil.io/', good: 'https://www.okx.com/help' }
  },
  download: {
    severity: 'error',
    title: 'Direct download of an installer',
    hint: 'Link the app store listing or the official download page instead of a file; add real download hosts to `downloadHosts`, or a vendor you vouch for to `trustedDomains`, in kb.config.yaml.',
    examples: { bad: 'https://static.dejiz.com/app/android_1234.apk', good: 'https://www.okx.com/download' }
  },
  shortener: {
    severity: 'error',
    title: 'Short link hides the destination',
    hint: 'Write the full URL so editors and readers see where it goes.',
    examples: { bad: 'https://bit.ly/3abcd', good: 'https://www.okx.com/help' }
  },
  'insecure-url': {
    severity: 'error',
    title: 'Insecure or unsafe URL',
    hint: 'Use `https:` links to domain names on the standard port; never IP addresses, `data:`, `file:` or `javascript:` URLs. An `http:` link is an error on an official domain and a warning elsewhere. Documentation names and private addresses (`example.com`, `localhost`, `192.168.x.x`) pass.',
    examples: { bad: 'http://45.33.32.156:8080/login', good: 'https://www.okx.com/login' }
  },
  'unofficial-contact': {
    severity: 'error',
    title: 'Contact that is not an official support channel',
    hint: 'Send readers only to the `supportChannels` in kb.config.yaml; never to personal e-mail, phone numbers, messenger accounts (微信, QQ, 电报/TG, WhatsApp, LINE …) or a QR code to scan. A messenger account a support channel links to (`https://t.me/okx`) is fine.',
    examples: { bad: '加客服微信：okx_helper 或 Telegram @okx_support', good: '在 App 内联系在线客服，或发邮件至 support@okx.com' }
  },
  'false-official-claim': {
    severity: 'error',
    title: 'Unofficial link presented as official',
    hint: 'Only call a link “official” (官网, 官方下载, official site) when it points to an official domain; a third-party site you vouch for belongs in `trustedDomains`, and is still not “official”.',
    examples: { bad: '只认准官网：https://www.firgrouxywebb.com', good: '只认准官网：https://www.okx.com' }
  },
  'allow-unused': {
    severity: 'warning',
    title: 'Allowance that no rule needs',
    hint: 'Remove the entry from `allow` in the frontmatter: the URL is not flagged, or no longer in the entry.'
  },
  'unsafe-output': {
    severity: 'error',
    title: 'Unsafe link reached the build output',
    hint: 'Something outside the entries (config text, a template) put an unsafe link into dist/; fix it where the message says.'
  },
  'feed-limit': {
    severity: 'warning',
    title: 'Question or answer longer than a feed consumer accepts',
    hint: 'Shorten the title, summary or FAQ item the message names, or split the FAQ item in two: the consumer it names rejects or cuts a longer one on import.'
  },
  'config-base-url-missing': {
    severity: 'warning',
    title: 'Feeds and sitemap not written: no baseUrl',
    hint: 'Set `baseUrl` in kb.config.yaml to the address the help center is published at (`baseUrl: https://help.example.com/`): feed readers, bots and search engines need absolute links, so the files the message names are written only with it.'
  },
  'config-override': {
    severity: 'warning',
    title: 'Rule severity changed in kb.config.yaml',
    hint: 'Overrides are shown on every run so that they are never silent; remove the override when it is no longer needed.'
  },
  'config-missing': {
    severity: 'error',
    title: 'kb.config.yaml not found',
    hint: 'Run kb in the KB root, pass --root <dir>, or create kb.config.yaml there.'
  },
  'config-invalid': {
    severity: 'error',
    title: 'kb.config.yaml is invalid',
    hint: 'Fix kb.config.yaml as the message says; the README documents every key.'
  }
} as const satisfies Record<string, Rule>

export type RuleId = keyof typeof rules

export function isRuleId(value: string): value is RuleId {
  return Object.hasOwn(rules, value)
}
