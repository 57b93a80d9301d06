// The event page shows the time in the reader's zone: the browser's zone fills the forms' hidden field and, once,
// the page's ?tz= (without JavaScript the page shows the event's own zone and a chooser).
(() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  for (const input of document.querySelectorAll('input[type="hidden"][name="timeZone"]')) if (!input.value) input.value = zone;
  const page = document.querySelector('[data-event-zone]');
  const url = new URL(location.href);
  if (page && !url.searchParams.has('tz') && zone !== page.dataset.eventZone) {
    url.searchParams.set('tz', zone);
    location.replace(url.toString());
  }
})();
