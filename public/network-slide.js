// The network slide's "Full screen" button: shown only where the browser can go full screen, and the controls fold
// away before it does, so the projector shows the slide alone (Escape comes back).
(() => {
  const button = document.querySelector('[data-fullscreen]');
  const item = document.querySelector('[data-fullscreen-item]');
  if (!button || !item || !document.fullscreenEnabled) return;
  item.hidden = false;
  button.addEventListener('click', () => {
    button.closest('details')?.removeAttribute('open');
    document.documentElement.requestFullscreen().catch(() => {});
  });
})();
