// Remembers which checklist items the reader ticked, per entry, in this browser only.
for (const box of document.querySelectorAll('input[data-check-key]')) {
  const key = 'kb:' + box.dataset.checkKey
  try {
    box.checked = localStorage.getItem(key) === '1'
  } catch {
    // Storage can be unavailable (private mode); the checkbox still works for this visit.
  }
  box.addEventListener('change', () => {
    try {
      if (box.checked) localStorage.setItem(key, '1')
      else localStorage.removeItem(key)
    } catch {
      // See above.
    }
  })
}
