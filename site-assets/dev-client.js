// kb dev only, never in dist/: reloads the page when the site was rebuilt, and shows the problems of the
// last build over the page (errors open it; warnings wait behind a button). Everything is set as text.
const loadedVersion = Number(document.currentScript?.dataset.version)
let panel
let toggle
let hiddenByReader = false

function element(tag, style, text) {
  const node = document.createElement(tag)
  if (style) node.style.cssText = style
  if (text !== undefined) node.textContent = text
  return node
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

// The overlay's own words in the editor's language (the problems come in it from kb).
const words = {
  en: {
    counts: (state) => `${plural(state.errors, 'error')}, ${plural(state.warnings, 'warning')}`,
    failed: 'kb could not build the preview',
    hide: 'Hide',
    stale: 'The page shows the last build without errors. Fix the file and save: this goes away by itself.',
    current: 'The page is up to date; these are warnings.',
    severity: { error: 'error', warning: 'warning' }
  },
  'zh-CN': {
    counts: (state) => `${state.errors} 个错误，${state.warnings} 个警告`,
    failed: 'kb 无法生成预览',
    hide: '隐藏',
    stale: '页面显示的是最后一次没有错误的版本。改好文件并保存后，这里会自动消失。',
    current: '页面已是最新；以下是警告。',
    severity: { error: '错误', warning: '警告' }
  }
}

function render(state) {
  panel?.remove()
  toggle?.remove()
  panel = toggle = undefined
  const problems = state.problems
  if (!state.failure && problems.length === 0) return
  const text = words[state.language] ?? words.en
  const title = state.failure ? text.failed : text.counts(state)
  panel = element('section', 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);color:#f4f4f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:24px')
  panel.id = 'kb-dev-overlay'
  panel.setAttribute('role', 'dialog')
  panel.setAttribute('aria-label', `kb dev: ${title}`)
  const header = element('div', 'display:flex;gap:16px;align-items:baseline;justify-content:space-between;margin-bottom:16px')
  header.append(element('strong', `font-size:16px;color:${state.errors > 0 || state.failure ? '#fca5a5' : '#fde68a'}`, title))
  const close = element('button', 'font:inherit;padding:4px 12px;cursor:pointer', text.hide)
  close.addEventListener('click', () => {
    hiddenByReader = true
    render(state)
  })
  header.append(close)
  panel.append(header)
  panel.append(element('p', 'margin:0 0 16px;color:#a1a1aa', state.errors > 0 || state.failure ? text.stale : text.current))
  if (state.failure) panel.append(element('pre', 'white-space:pre-wrap;margin:0', state.failure))
  for (const problem of problems) {
    const item = element('article', 'margin:0 0 20px;padding-top:12px;border-top:1px solid #3f3f46')
    item.className = `kb-dev-problem kb-dev-${problem.severity}`
    item.append(element('div', 'color:#93c5fd', `${problem.file}:${problem.line}:${problem.column}`))
    const message = element('div', `color:${problem.severity === 'error' ? '#fca5a5' : '#fde68a'}`, `${text.severity[problem.severity] ?? problem.severity}  ${problem.message}  `)
    message.append(element('code', 'color:#a1a1aa', problem.ruleId))
    item.append(message)
    if (problem.explanation) item.append(element('div', 'color:#d4d4d8;margin-top:4px', problem.explanation))
    if (problem.frame) item.append(element('pre', 'margin:8px 0 0;white-space:pre;overflow:auto;color:#e4e4e7', problem.frame))
    panel.append(item)
  }
  const open = state.failure || state.errors > 0 ? !hiddenByReader : false
  if (open) {
    document.body.append(panel)
    return
  }
  toggle = element('button', 'position:fixed;right:16px;bottom:16px;z-index:2147483647;font:13px ui-monospace,monospace;padding:6px 12px;border-radius:6px;border:0;cursor:pointer;' + (state.errors > 0 || state.failure ? 'background:#b91c1c;color:#fff' : 'background:#fde68a;color:#1c1917'), title)
  toggle.id = 'kb-dev-problems'
  toggle.addEventListener('click', () => {
    toggle.remove()
    document.body.append(panel)
  })
  document.body.append(toggle)
}

const events = new EventSource('/__kb/events')
events.addEventListener('message', (event) => {
  const state = JSON.parse(event.data)
  if (state.errors === 0 && !state.failure && state.version !== loadedVersion) {
    location.reload()
    return
  }
  hiddenByReader = false
  render(state)
})
