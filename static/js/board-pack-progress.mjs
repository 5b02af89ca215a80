// Progressive enhancement of the meeting page's board pack panel: while a compile is queued or
// running, fetch the panel again every few seconds and swap it in, so progress shows without a
// full reload. Without JavaScript the panel's "Refresh to see progress" link does the same.
const POLL_MS = 2500

function watch () {
  const panel = document.getElementById('board-pack-panel')
  const url = panel && panel.dataset.boardPackStatusUrl
  if (!url) return
  window.setTimeout(async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      if (!response.ok) return
      const holder = document.createElement('div')
      holder.innerHTML = await response.text()
      const fresh = holder.querySelector('#board-pack-panel')
      if (!fresh) return
      panel.replaceWith(fresh)
      watch()
    } catch (error) {
      // Network trouble: the refresh link still works.
    }
  }, POLL_MS)
}

watch()
