import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { axeViolations, formatViolations, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createEvent } from './event.service.ts';
import { checkInUrl } from './event-check-in.service.ts';
import { registerByStaff } from './event-registration.service.ts';

// A phone at the door: Chromium with its fake camera (a test pattern) and, since Chromium on Linux has no
// BarcodeDetector, a stand-in that "sees" the QR code staff hold up. What is tested is the page's own wiring:
// the camera starts, the first frame with a check-in code of this event is posted, the arrival is marked.
describe('the check-in page on a phone (Chromium, axe-core)', () => {
  let running: RunningApp;
  let browser: Browser;
  let eventId: number;
  let scanned: string;
  let lenaName: string;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    running.testApp.clock.set(new Date('2027-01-20T09:00:00Z'));
    await createStaffAccount(deps, cliActor, { email: 'door@example.org', name: 'Door Keeper', role: 'editor', password: testPassword });
    const event = await createEvent(deps, cliActor, {
      kind: 'briefing',
      title: { en: 'Briefing for the diplomats of the African Group' },
      startsAt: '2027-02-03T15:00:00Z',
      endsAt: '2027-02-03T16:30:00Z',
      timeZone: 'America/New_York',
      venue: 'Conference Room 4, UN Headquarters, New York',
      visibility: 'public',
      status: 'published',
    });
    eventId = event.id;
    const ana = (await registerByStaff(deps, cliActor, eventId, { email: 'ana@example.org', name: 'Ana Souza', memberState: 'BR' })).registration;
    lenaName = (await registerByStaff(deps, cliActor, eventId, { email: 'lena@example.org', name: 'Lena Fischer', memberState: 'DE' })).registration.name;
    scanned = checkInUrl(deps, event, ana.id, 'en');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  async function phone(withDetector: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['camera'] });
    await context.addInitScript(
      ({ code, present }) => {
        const w = window as unknown as Record<string, unknown>;
        if (!present) {
          delete w.BarcodeDetector;
          return;
        }
        w.BarcodeDetector = class {
          async detect(source: HTMLVideoElement) {
            // Something only once the camera plays, as a real detector would.
            return source.readyState >= 2 ? [{ rawValue: 'https://elsewhere.example/not-ours' }, { rawValue: code }] : [];
          }
        };
      },
      { code: scanned, present: withDetector },
    );
    return context;
  }

  test('scanning the QR code with the camera marks the arrival; typing a name works too; no axe violations', async () => {
    const context = await phone(true);
    try {
      const page = await context.newPage();
      await signInThroughForm(page, running.baseUrl, 'door@example.org', testPassword);
      await page.goto(`${running.baseUrl}/en/admin/events/${eventId}/check-in`);
      assert.equal(await page.isVisible('[data-scan-start]'), true, 'the scanner shows where the browser can read codes');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations('check-in page', violations));
      await Promise.all([page.waitForURL(/check-in\?done=/), page.click('[data-scan-start]')]);
      assert.match((await page.textContent('[role="status"].notice')) ?? '', /Ana Souza has arrived/);
      assert.match((await page.textContent('#arrivals')) ?? '', /1 of 2 confirmed registrants have arrived/);

      await page.fill('#q', 'lena');
      await Promise.all([page.waitForURL(/q=lena/), page.click('#check-in-search button')]);
      await Promise.all([page.waitForURL(/done=/), page.click(`button[aria-label="Mark the arrival of ${lenaName}"]`)]);
      assert.match((await page.textContent('#arrivals')) ?? '', /2 of 2 confirmed registrants have arrived/);
      const rows = await running.testApp.deps.db
        .selectFrom('event_registrations')
        .select(['name', 'attended'])
        .where('event_id', '=', eventId)
        .orderBy('id')
        .execute();
      assert.deepEqual(rows, [
        { name: 'Ana Souza', attended: 1 },
        { name: 'Lena Fischer', attended: 1 },
      ]);
    } finally {
      await context.close();
    }
  });

  test('without a QR reader in the browser the page says so and keeps the search by name', async () => {
    const context = await phone(false);
    try {
      const page = await context.newPage();
      await signInThroughForm(page, running.baseUrl, 'door@example.org', testPassword, 'fr');
      await page.goto(`${running.baseUrl}/fr/admin/events/${eventId}/check-in`);
      assert.equal(await page.isVisible('[data-scan-start]'), false);
      assert.match((await page.textContent('[data-scan-unavailable]')) ?? '', /Ce navigateur ne sait pas lire les codes QR/);
      assert.equal(await page.isVisible('#q'), true);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations('check-in page (fr)', violations));
    } finally {
      await context.close();
    }
  });
});
