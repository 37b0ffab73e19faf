import type { RuleId } from './rules.js'

/**
 * The rule catalogue in Chinese: each rule's title and what to do, shown instead of the English ones when
 * the editor's language is zh-CN (`--lang zh-CN`, the environment's locale or `lang` in kb.config.yaml).
 * A test keeps it complete: one entry per rule of rules.ts.
 */
export const rulesZh: Record<RuleId, { readonly title: string; readonly hint: string }> = {
  'file-encoding': {
    title: '文件不是有效的 UTF-8 编码',
    hint: '把文件另存为 UTF-8 编码（大多数编辑器里：“通过编码保存”→ UTF-8）。'
  },
  'file-binary': {
    title: '文件是二进制文件',
    hint: 'content/ 下只能放 Markdown 文本文件；图片和其他文件请移到别处。'
  },
  'file-empty': {
    title: '文件是空的',
    hint: '写好这篇文章（文件头和正文），或者删除这个文件。'
  },
  'file-too-large': {
    title: '文件太大',
    hint: '把这篇文章拆成几篇较短的文章，再用 `related` 把它们关联起来。'
  },
  'file-bom': {
    title: '文件开头带有字节顺序标记（BOM）',
    hint: '把文件另存为不带 BOM 的 UTF-8 编码。'
  },
  'file-symlink': {
    title: '符号链接指向知识库以外',
    hint: '不要链接到知识库根目录以外的位置，而是把文件复制到 content/ 里；指向根目录以外的链接一律不会被跟随。'
  },
  'file-symlink-broken': {
    title: '符号链接指向的目标不存在',
    hint: '让链接指向知识库根目录内一个存在的文件或文件夹，或者删除它：它原本带进 content/ 的内容现在都缺失了。'
  },
  'file-symlink-loop': {
    title: '符号链接形成了循环',
    hint: '删除这个链接，或者让它指向一个文件，或指向一个不包含它自己的文件夹：循环不会带来任何新内容，kb 也不会跟随它。'
  },
  'file-symlink-duplicate': {
    title: '通过符号链接第二次进入同一个文件夹',
    hint: '删除这个链接：kb 每个文件夹只读一次，按提示信息中给出的路径读取。如果也想在别处发布这些文章，请把它们复制过去。'
  },
  'file-location': {
    title: '文件不在 content/<locale>/<category>/<id>.md 的位置',
    hint: '把文件移到 content/<locale>/<category>/<id>.md，其中的语言（locale）和分类（category）要用 kb.config.yaml 里的。'
  },
  'file-unreadable': {
    title: '无法读取文件',
    hint: '检查文件的权限。'
  },
  'directory-unreadable': {
    title: 'content/ 下的文件夹无法读取',
    hint: '让 kb 能列出这个文件夹的内容（检查它的权限和所有者，例如 `chmod u+rx`）；在此之前，其中的文章都不会被检查，也不会被构建。'
  },
  'file-not-regular': {
    title: '用了文章的文件名，但不是一个普通文件',
    hint: '把它换成一个普通的 Markdown 文件，或者给它改名，让名称不以 .md 结尾。'
  },
  'markdown-too-deep': {
    title: 'Markdown 嵌套太深',
    hint: '减少嵌套：一行最多 32 个引用或列表标记，最多 32 层嵌套的 `[`，`*`、`_` 或 `~` 最多连续 100 个，总共最多 100 层。修正之前，文章的其余部分不会被检查。'
  },
  'markdown-too-complex': {
    title: '段落太复杂，无法快速解析',
    hint: '用空行把段落拆开，或者把日志和代码放进围栏代码块（```）：一个段落、列表项或表格行里，链接、强调标记、行内代码、转义字符、HTML 标签、字符实体和地址加起来最多 500 个；一篇文章里这些加起来最多 50,000 个，并且最多 10,000 个块、20,000 个表格单元格。更长的内容应分成几篇文章。'
  },
  'internal-error': {
    title: 'kb 处理这个文件时出错',
    hint: '这是 kb 的缺陷，不是文章的问题：请连同这个文件一起报告。其他文件都已照常检查。'
  },
  'unicode-normalization': {
    title: '文本不是 Unicode NFC 形式',
    hint: '用组合形式（NFC）的字符重新保存文件，这样搜索和链接才会把看起来相同的文字当作相同。'
  },
  'frontmatter-missing': {
    title: '文章没有文件头（frontmatter）',
    hint: '在文件开头写一段 YAML，放在两行 `---` 之间，包含 id、type、title、summary、category、status 和 updated。'
  },
  'frontmatter-language': {
    title: '文件头（frontmatter）不是 YAML',
    hint: '文件头要以只有 `---` 的一行开始；JavaScript 和其他语言永远不会被执行。'
  },
  'frontmatter-unclosed': {
    title: '文件头（frontmatter）没有结束',
    hint: '在文件头的末尾加一行，这一行只写 `---`。'
  },
  'frontmatter-not-mapping': {
    title: '文件头（frontmatter）不是一组键和值',
    hint: '文件头要写成一行一个 `key: value`。'
  },
  'frontmatter-too-large': {
    title: '文件头（frontmatter）太大',
    hint: '文件头里只写简短的值（总共最多 64 KiB）；长的文字应写在文章正文里。'
  },
  'yaml-syntax': {
    title: 'YAML 写法有误',
    hint: '改正 YAML 语法；值里含有 `:` 或以特殊字符开头时，要用引号把值括起来。'
  },
  'yaml-fullwidth-punctuation': {
    title: 'YAML 需要半角（ASCII）符号的地方用了全角标点',
    hint: '写文件头的语法部分时，把输入法切换到半角：`status: published` 用半角冒号加空格，列表写成 `[注销, 账户]`，用半角方括号和逗号。值里面的全角标点没有问题。'
  },
  'yaml-comment-in-value': {
    title: '`#` 把值截断了',
    hint: '在 YAML 里，空格加 `#` 表示注释开始，所以这一行后面的内容不会算进值里。请用双引号把整个值括起来。'
  },
  'yaml-duplicate-key': {
    title: 'YAML 键重复',
    hint: '两个键只保留一个；YAML 里每个键只能出现一次。'
  },
  'yaml-alias-limit': {
    title: 'YAML 别名太多',
    hint: '直接把值写出来，不要用 `&anchor` / `*alias` 引用。'
  },
  'schema-required': {
    title: '缺少必填字段或必需的部分',
    hint: '补上缺少的文件头键或正文部分。'
  },
  'schema-additional': {
    title: '未知的文件头键',
    hint: '删除这个键，或者改正它的拼写；README 列出了文章可以使用的键。'
  },
  'schema-enum': {
    title: '值不是允许的取值之一',
    hint: '使用提示信息中列出的某个值。'
  },
  'schema-type': {
    title: '值的类型不对',
    hint: '按提示信息要求的形式写值（文本、列表或日期）。'
  },
  'schema-format': {
    title: '值的格式不对',
    hint: '日期写成 YYYY-MM-DD，网址要带 https://，邮箱地址要写完整。'
  },
  'schema-pattern': {
    title: '值不符合规定的写法',
    hint: 'id 和分类只能用小写字母、数字和连字符，例如 `reset-2fa`。'
  },
  'schema-length': {
    title: '值太短或太长',
    hint: '把值缩短或加长到提示信息给出的范围内。'
  },
  'schema-unique': {
    title: '列表中有重复的值',
    hint: '从列表中删除重复的值。'
  },
  'schema-other': {
    title: '值不符合结构定义（schema）',
    hint: '把这个值与 schemas/ 中的结构定义对照检查。'
  },
  'section-unknown': {
    title: '未知的部分标题',
    hint: '使用提示信息中列出的某个部分标题，或者把这个标题加到 kb.config.yaml 的 `headings` 里。'
  },
  'section-duplicate': {
    title: '同一部分出现了两次',
    hint: '把这两个部分合并成一个。'
  },
  'section-order': {
    title: '部分的顺序不对',
    hint: '按以下顺序排列各部分：症状、开始之前、原因、解决步骤、联系客服、注意事项、常见问题。'
  },
  'section-shape': {
    title: '部分内容的格式不对',
    hint: '检查清单用任务列表（`- [ ] item`），解决步骤是一个编号列表，原因和常见问题每一项用一个 `###` 标题。'
  },
  'footnote-unshown': {
    title: '脚注不会显示',
    hint: '每个脚注 `[^x]: …` 只写一次，并且和引用它的 `[^x]` 放在同一部分（或同一个 `###` 小项）里；写了的脚注都要引用：脚注只在被引用的地方显示。'
  },
  'heading-space': {
    title: '标题的 # 后面没有空格',
    hint: '在 `#` 号和标题文字之间加一个空格：写 `## 症状`，不要写 `##症状`。没有空格时，Markdown 会把这一行当作普通文字显示。'
  },
  'heading-level': {
    title: '标题级别不对',
    hint: '文章标题来自文件头：各部分用 `##`，原因和问题用 `###`。'
  },
  'placeholder-text': {
    title: '文章里还留有 kb new 生成的占位文字',
    hint: '把每处标着 【待填写】 或 [To write] 的内容换成这篇文章自己的文字；或者在写完之前，保持 `status: draft`。'
  },
  'entry-id-mismatch': {
    title: 'id 与文件名不一致',
    hint: '把 `id` 改成与文件名（不含 .md）相同，或者给文件改名。'
  },
  'entry-locale-mismatch': {
    title: '语言（locale）与所在文件夹不一致',
    hint: '从文件头中删除 `locale`（语言由文件夹决定），或者移动文件。'
  },
  'entry-category-mismatch': {
    title: '分类与所在文件夹不一致',
    hint: '把 `category` 改成与文件夹名相同，或者移动文件。'
  },
  'entry-category-unknown': {
    title: '未知的分类',
    hint: '使用 kb.config.yaml 中的分类 id，或者在那里添加这个分类。'
  },
  'entry-reviewed-after-updated': {
    title: '审核日期晚于更新日期',
    hint: '把 `updated` 设为最后一次修改的日期；`reviewed` 不能比它晚。'
  },
  'duplicate-id': {
    title: '两篇文章的 id 相同',
    hint: '同一语言下，每篇文章都要有自己的 id。'
  },
  'related-missing': {
    title: '相关文章不存在',
    hint: '使用同一语言下已有文章的 id，或者把它从 `related` 中删除。'
  },
  'related-untranslated': {
    title: '相关文章还没有翻译',
    hint: '翻译这篇相关文章（kb translate <id> --to <locale>）；在那之前，页面链接到源语言的那篇文章。'
  },
  'related-self': {
    title: '文章把自己列为相关文章',
    hint: '把这篇文章自己的 id 从 `related` 中删除。'
  },
  'link-missing-entry': {
    title: '链接指向不存在的文章',
    hint: '改正相对路径（`../<category>/<id>.md`），或者删除这个链接。'
  },
  'link-missing-anchor': {
    title: '链接指向不存在的标题',
    hint: '使用目标文章中某个现有标题的锚点。'
  },
  'link-unpublished': {
    title: '已发布的文章链接到未发布的文章',
    hint: '先发布目标文章，或者在它发布之前先删除这个链接。'
  },
  'image-missing': { title: '找不到图片文件', hint: '把图片放在文章旁边的 `<id>.assets/` 文件夹（多篇共用的放在 `content/_media/`），再用相对路径引用它。' },
  'image-outside': { title: '图片不在 content/ 里', hint: '把图片移到文章旁边的 `<id>.assets/` 或 `content/_media/`：只有 content/ 里的图片会发布。' },
  'image-format': { title: '不支持的图片格式', hint: '把截图存成 PNG、JPEG、WebP 或 GIF（SVG 可能带脚本），扩展名要和文件内容一致。' },
  'image-too-large': { title: '图片文件太大', hint: '把截图裁到关键部分再存小一些（截图用 PNG，照片用 JPEG），或调大 kb.config.yaml 里的 `images.maxBytes`。' },
  'image-alt': { title: '图片缺少真正的说明', hint: '在方括号里写出图片显示了什么（例如：安全设置页面，底部是“注销账户”）：读屏软件会读出它，图片加载失败时也会显示它。' },
  'image-external': { title: '图片来自其他网站', hint: '把图片下载到 `<id>.assets/` 再引用：外站图片会追踪读者，对方网站一改就会失效。官方域名和受信任域名上的图片可以直接用。' },
  'translation-orphan': {
    title: '译文没有对应的原文',
    hint: '先用默认语言写好这篇文章，id 和分类与译文相同。'
  },
  'translation-outdated': {
    title: '译文已过时',
    hint: '按原文更新译文，然后修改它的 `updated` 日期。'
  },
  'translation-category': {
    title: '译文与原文不在同一分类',
    hint: '一篇文章的每个译文都要和原文放在同一分类里。'
  },
  referral: {
    title: '推荐/返佣链接或推荐码',
    hint: '删除推荐参数（`ref`、`invite`、`aff`、`promo` …）、推荐路径（`/join/<code>`、`/invite/…`）和邀请码；改为链接普通的官方页面。'
  },
  'lookalike-domain': {
    title: '域名仿冒官方域名',
    hint: '只链接 kb.config.yaml 中的官方域名。仿冒域名会用其他文字的字母、细微的拼写差别、把品牌名放在别的域名里，或者加上 `brand.com@` 前缀。'
  },
  download: {
    title: '直接下载安装包',
    hint: '链接到应用商店页面或官方下载页面，不要直接链接文件；真正的下载服务器请加到 kb.config.yaml 的 `downloadHosts` 里，你能担保的厂商请加到 `trustedDomains` 里。'
  },
  shortener: {
    title: '短链接隐藏了真实去向',
    hint: '写出完整的网址，让编辑和读者都能看到链接通向哪里。'
  },
  'insecure-url': {
    title: '网址不安全或有风险',
    hint: '使用 `https:` 链接，指向域名并使用标准端口；不要使用 IP 地址，也不要使用 `data:`、`file:` 或 `javascript:` 网址。`http:` 链接在官方域名上是错误，在其他域名上是警告。文档示例用的名称和内网地址（`example.com`、`localhost`、`192.168.x.x`）可以通过。'
  },
  'unofficial-contact': {
    title: '联系方式不是官方客服渠道',
    hint: '只引导读者使用 kb.config.yaml 中的 `supportChannels`；不要引导到个人邮箱、电话号码、即时通讯账号（微信、QQ、电报/TG、WhatsApp、LINE …）或要扫描的二维码。官方客服渠道本身链接到的即时通讯账号（`https://t.me/okx`）没有问题。'
  },
  'false-official-claim': {
    title: '把非官方链接说成官方链接',
    hint: '只有链接指向官方域名时，才能称它为“官方”（官网、官方下载、official site）；你能担保的第三方网站应加到 `trustedDomains` 里，但它仍然不是“官方”的。'
  },
  'allow-unused': {
    title: '没有任何规则需要的放行项',
    hint: '从文件头的 `allow` 中删除这一项：这个网址不会被报出，或者已经不在文章里了。'
  },
  'unsafe-output': {
    title: '不安全的链接进入了构建结果',
    hint: '文章以外的内容（配置里的文字、模板）把不安全的链接放进了 dist/；请在提示信息指出的地方修正。'
  },
  'feed-limit': {
    title: '问题或回答超出了 feed 接收方允许的长度',
    hint: '缩短提示信息中指出的标题、摘要或常见问题条目，或者把这条常见问题拆成两条：提示信息中提到的接收方在导入时会拒收或截断更长的内容。'
  },
  'config-base-url-missing': {
    title: '没有生成 feed 和站点地图：未设置 baseUrl',
    hint: '在 kb.config.yaml 中把 `baseUrl` 设为帮助中心发布的地址（`baseUrl: https://help.example.com/`）：feed 阅读器、机器人程序和搜索引擎需要绝对链接，所以只有设置了它，提示信息中列出的文件才会生成。'
  },
  'config-override': {
    title: '规则的严重级别在 kb.config.yaml 中被修改',
    hint: '每次运行都会显示这些覆盖设置，以免它们悄悄生效；不再需要时，请删除该覆盖设置。'
  },
  'config-missing': {
    title: '找不到 kb.config.yaml',
    hint: '在知识库根目录下运行 kb，或者加上 --root <dir>，或者在根目录下创建 kb.config.yaml。'
  },
  'config-invalid': {
    title: 'kb.config.yaml 无效',
    hint: '按提示信息修正 kb.config.yaml；README 说明了每一个键。'
  }
}
