// Updates the progress bar of a send every two seconds, with the rate and the time left.
(() => {
  const panel = document.querySelector('[data-progress-url]');
  if (!panel) return;
  const locale = panel.dataset.locale || 'en';
  const number = new Intl.NumberFormat(locale);
  const bar = document.getElementById('progress-bar');
  const rate = document.getElementById('progress-rate');
  const status = document.getElementById('progress-status');
  let previous;
  const tick = async () => {
    const response = await fetch(panel.dataset.progressUrl, { credentials: 'same-origin' });
    if (!response.ok) return;
    const p = await response.json();
    const c = p.counts;
    const done = c.sent + c.failed + c.bounced + c.cancelled;
    bar.max = Math.max(c.total, 1);
    bar.value = done;
    status.textContent = p.statusText;
    for (const el of panel.querySelectorAll('[data-count]')) el.textContent = number.format(c[el.dataset.count] ?? 0);
    document.getElementById('progress-text').textContent = `${number.format(c.sent)} / ${number.format(c.total)}`;
    const now = Date.parse(p.now);
    if (previous && now > previous.at) {
      const perSecond = ((done - previous.done) * 1000) / (now - previous.at);
      const left = perSecond > 0 ? Math.round((c.total - done) / perSecond) : null;
      rate.textContent = `${number.format(Math.round(perSecond))} /s${left !== null ? ` · ${number.format(left)} s` : ''}`;
    }
    previous = { at: now, done };
    if (p.status === 'sending' || p.status === 'scheduled') setTimeout(tick, 2000);
    else if (previous && done === c.total) setTimeout(() => location.reload(), 500);
  };
  setTimeout(tick, 1000);
})();
