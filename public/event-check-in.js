// The check-in page's camera scanner: where the browser can read QR codes (BarcodeDetector) and has a camera, a
// button starts the camera; the first code that is a check-in address of this page's event is posted as the
// form's `code`. Elsewhere the section stays hidden and staff type a name (the page works without this script).
(() => {
  const section = document.querySelector('[data-check-in-scanner]');
  if (!section) return;
  const start = section.querySelector('[data-scan-start]');
  const video = section.querySelector('[data-scan-video]');
  const form = section.querySelector('[data-scan-form]');
  const unavailable = section.querySelector('[data-scan-unavailable]');
  // Buttons are styled display:inline-flex, which the hidden attribute alone does not override.
  const show = (element, shown) => {
    element.hidden = !shown;
    element.style.display = shown ? '' : 'none';
  };
  const canScan = 'BarcodeDetector' in window && navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === 'function';
  section.hidden = false;
  if (!canScan) {
    show(start, false);
    show(unavailable, true);
    return;
  }
  /** The code of a scanned text when it is a check-in address of this page (same path), else null. */
  const codeOf = (text) => {
    try {
      const url = new URL(text, location.href);
      return url.pathname === location.pathname ? url.searchParams.get('code') : null;
    } catch {
      return null;
    }
  };
  start.addEventListener('click', async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      show(start, false);
      show(unavailable, true);
      return;
    }
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    video.srcObject = stream;
    show(video, true);
    show(start, false);
    await video.play();
    const look = async () => {
      let found = null;
      try {
        for (const code of await detector.detect(video)) {
          found = codeOf(code.rawValue);
          if (found) break;
        }
      } catch {
        // A frame the detector could not read: try the next one.
      }
      if (!found) return void setTimeout(look, 200);
      for (const track of stream.getTracks()) track.stop();
      form.querySelector('input[name="code"]').value = found;
      form.submit();
    };
    look();
  });
})();
