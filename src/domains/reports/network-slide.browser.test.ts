import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { decodeQr } from '../../../test/qr-code.ts';
import { testPassword } from '../../../test/test-app.ts';
import { seedDemoMembers } from '../../demo/demo-members.ts';
import { locales, pickLocalized, translator } from '../../i18n/i18n.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { networkSlideFigures, slideSentence } from './network-slide.service.ts';

/** Where the screenshots stay after the run, for a person to look at. */
const shotDir = process.env.SLIDE_SHOT_DIR ?? '/tmp/shots/network-slide';
// The four projector sizes of the join slide, and a phone held upright.
const viewports = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
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

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

// The demo network's 451 members from 78 UN Member States; the page reads no data that differs by dialect (the
// inject() tests in network-slide.test.ts run on both), so one real server on SQLite.
describe('the network slide fits the screen it is shown on (Chromium, decoded with zbarimg)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  const sentences = new Map<string, string>();

  before(async () => {
    await mkdir(shotDir, { recursive: true });
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    const network = await requireNetwork(deps);
    await seedDemoMembers(deps, network.id);
    const figures = await networkSlideFigures(deps, network.id);
    assert.equal(figures.wording, 'even', 'the demo network is spread evenly');
    for (const locale of locales) sentences.set(locale, slideSentence(translator(locale), figures, pickLocalized(network.name, locale)));
    await createStaffAccount(deps, cliActor, { email: 'viewer@example.org', name: 'Vera Viewer', role: 'viewer', password: testPassword });
    browser = await launchBrowser();
    context = await newContext(browser);
    await signInThroughForm(await context.newPage(), running.baseUrl, 'viewer@example.org', testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
  });

  for (const viewport of viewports) {
    for (const locale of locales) {
      const { width, height } = viewport;
      test(`${locale} at ${width}×${height}: the QR decodes to the join URL; the sentence, the code and the link are on screen`, async () => {
        const page = await context.newPage();
        try {
          await page.setViewportSize(viewport);
          const response = await page.goto(`${running.baseUrl}/${locale}/admin/reports/slide?src=hlgm-2024`);
          assert.equal(response?.status(), 200);
          const joinUrl = `${running.testApp.deps.config.publicUrl}/${locale}/join?src=hlgm-2024`;

          const file = `${shotDir}/${locale}-${width}x${height}.png`;
          await page.screenshot({ path: file });
          assert.deepEqual(await decodeQr(file), [joinUrl], `the QR code in ${file}`);

          assert.equal(await page.textContent('h1'), sentences.get(locale));
          assert.equal(await page.textContent('.slide__url'), joinUrl.replace(/^https?:\/\//, ''));
          const qr = await box(page, '.slide__qr svg');
          const sentence = await box(page, '.network-slide__sentence');
          const tools = await box(page, '.slide-tools summary');
          assertInside('the QR code', qr, width, height);
          assertInside('the sentence', sentence, width, height);
          assertInside('the link', await box(page, '.slide__url'), width, height);
          assertInside('the slide options', tools, width, height);
          assert.ok(!overlap(tools, sentence), `the slide options ${JSON.stringify(tools)} leave the sentence ${JSON.stringify(sentence)} clear`);
          const drawn = Math.min(qr.width, qr.height);
          assert.ok(drawn >= 0.45 * Math.min(width, height), `the QR code is drawn ${drawn}px wide, readable from the back of a room`);
          const scrolls = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight);
          assert.equal(scrolls, false, 'the slide does not scroll');
          const direction = await page.evaluate(() => getComputedStyle(document.querySelector('h1') as Element).direction);
          assert.equal(direction, locale === 'ar' ? 'rtl' : 'ltr');
        } finally {
          await page.close();
        }
      });
    }
  }

  test('the options: a source chosen on the page goes into the QR code; the downloads are there; no axe violations (en, ar)', async () => {
    const page = await context.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      for (const locale of ['en', 'ar']) {
        await page.goto(`${running.baseUrl}/${locale}/admin/reports/slide`);
        let violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatViolations(`${locale} slide`, violations));
        await page.click('.slide-tools summary');
        await page.selectOption('#slide-source', 'igf-2025-riyadh');
        await Promise.all([page.waitForURL(/slide\?src=igf-2025-riyadh$/), page.click('.slide-tools button[type="submit"]')]);
        await page.click('.slide-tools summary');
        const file = `${shotDir}/${locale}-options.png`;
        await page.screenshot({ path: file });
        violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatViolations(`${locale} slide with its options open`, violations));
        assert.equal(await page.inputValue('#slide-source'), 'igf-2025-riyadh');
        assert.equal(await page.getAttribute('.slide-tools a[href*="slide.png"]', 'href'), `/${locale}/admin/reports/slide.png?src=igf-2025-riyadh`);
        assert.equal(await page.getAttribute('.slide-tools a[href*="slide.pptx"]', 'href'), `/${locale}/admin/reports/slide.pptx?src=igf-2025-riyadh`);
        // The options fold over the slide; closed again, the code scans with the new source.
        await page.click('.slide-tools summary');
        const closed = `${shotDir}/${locale}-source.png`;
        await page.screenshot({ path: closed });
        assert.deepEqual(await decodeQr(closed), [`${running.testApp.deps.config.publicUrl}/${locale}/join?src=igf-2025-riyadh`]);
      }
    } finally {
      await page.close();
    }
  });
});
