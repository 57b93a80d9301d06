import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, type RunningApp, startRunningApp } from './browser.ts';
import { decodeQr } from './qr-code.ts';

/** Where the screenshots stay after the run, for a person to look at. */
const shotDir = process.env.SLIDE_SHOT_DIR ?? '/tmp/shots/slide';
const locales = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
// The four projector sizes the issue names, and 1366×900, where the address fell below the fold.
const viewports = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1366, height: 900 },
  { width: 1920, height: 1080 },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(page: Page, selector: string): Promise<Box> {
  const found = await page.locator(selector).boundingBox();
  assert.ok(found, `${selector} is laid out`);
  return found;
}

function assertInside(what: string, b: Box, width: number, height: number): void {
  const inside = b.x >= 0 && b.y >= 0 && b.x + b.width <= width + 0.5 && b.y + b.height <= height + 0.5;
  assert.ok(inside, `${what} lies within the ${width}×${height} viewport: ${JSON.stringify(b)}`);
}

// A browser test needs one real server; the slide renders no data of the database, so SQLite only.
describe('the QR slide fits the screen it is shown on (Chromium, decoded with zbarimg)', () => {
  let running: RunningApp;
  let browser: Browser;

  before(async () => {
    await mkdir(shotDir, { recursive: true });
    running = await startRunningApp('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  for (const viewport of viewports) {
    for (const locale of locales) {
      const { width, height } = viewport;
      test(`${locale} at ${width}×${height}: the QR decodes to the join URL, and it and the address are on screen`, async () => {
        const context = await newContext(browser, { viewport });
        try {
          const page = await context.newPage();
          const response = await page.goto(`${running.baseUrl}/${locale}/join/slide?src=hlgm-2024`);
          assert.equal(response?.status(), 200);
          const joinUrl = `${running.testApp.deps.config.publicUrl}/${locale}/join?src=hlgm-2024`;

          const file = `${shotDir}/${locale}-${width}x${height}.png`;
          await page.screenshot({ path: file });
          assert.deepEqual(await decodeQr(file), [joinUrl], `the QR code in ${file}`);

          const qr = await box(page, '.slide__qr svg');
          assertInside('the QR code', qr, width, height);
          assertInside('the address', await box(page, '.slide__url'), width, height);
          assertInside('the line', await box(page, '.slide__line'), width, height);
          // The SVG keeps its square inside its box; the drawn code is the box's smaller side.
          const drawn = Math.min(qr.width, qr.height);
          assert.ok(drawn >= 0.45 * Math.min(width, height), `the QR code is drawn ${drawn}px wide, readable from the back of a room`);
          const scrolls = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
          assert.equal(scrolls, false, 'the slide does not scroll');
          assert.equal(await page.textContent('.slide__url'), joinUrl.replace(/^https?:\/\//, ''));
        } finally {
          await context.close();
        }
      });
    }
  }

  test('the QR code has the 4-module quiet zone the QR standard asks for', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${running.baseUrl}/en/join/slide`);
      // qrcode draws the dark modules as one path that starts at the first module: (margin, margin + ½).
      const dark = await page.getAttribute('.slide__qr svg path[stroke]', 'd');
      assert.match(dark ?? '', /^M4 4\.5h/);
    } finally {
      await context.close();
    }
  });
});
