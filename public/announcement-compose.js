// Live preview of the announcement while staff type. Without JavaScript the "Refresh preview" button does the same.
(() => {
  const form = document.querySelector('form.compose');
  const source = document.getElementById('markdown');
  const preview = document.getElementById('preview');
  if (!form || !source || !preview) return;
  const token = form.querySelector('input[name="_csrf"]')?.value ?? '';
  let timer;
  source.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch(form.dataset.previewUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
        body: new URLSearchParams({ markdown: source.value }),
        credentials: 'same-origin',
      });
      // The server renders Markdown with raw HTML disabled, the same as in the email.
      if (response.ok) preview.innerHTML = await response.text();
    }, 300);
  });
})();

// The archive box follows the audience the way the server reads it: ticked for the whole network, unticked
// for a segment, so staff see the choice that will be saved. Without JavaScript the server resets it alike.
(() => {
  const box = document.getElementById('inArchive');
  const shownFor = document.querySelector('input[name="archiveFor"]');
  const fields = [...document.querySelectorAll('[name^="audience."]')];
  if (!box || !shownFor) return;
  const kind = () => (fields.some((field) => field.value.trim() !== '') ? 'segment' : 'network');
  for (const field of fields) {
    field.addEventListener('change', () => {
      if (kind() === shownFor.value) return;
      shownFor.value = kind();
      box.checked = shownFor.value === 'network';
    });
  }
})();
