import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createEvent } from './event.service.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('event pages in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let staff: BrowserContext;
  let page: Page;
  let eventId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    running.testApp.clock.set(new Date('2026-12-01T09:00:00Z'));
    await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'owner', password: testPassword });
    const row = await createEvent(deps, cliActor, {
      kind: 'webinar',
      title: { en: 'Webinar on the Zero Draft', ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى' },
      description: { en: 'The **Zero Draft** of the outcome document.' },
      startsAt: '2027-01-14T14:00:00Z',
      endsAt: '2027-01-14T15:30:00Z',
      timeZone: 'Europe/Zurich',
      onlineUrl: 'https://meet.example.org/zero-draft',
      capacity: 100,
      interpretation: ['fr', 'es'],
      visibility: 'public',
      status: 'published',
    });
    eventId = row.id;
    browser = await launchBrowser();
    staff = await newContext(browser);
    page = await staff.newPage();
    await signInThroughForm(page, running.baseUrl, 'lena@example.org', testPassword);
  });
  after(async () => {
    await staff?.close();
    await browser?.close();
    await running?.close();
  });

  async function expectNoViolations(on: Page, path: string): Promise<void> {
    const response = await on.goto(`${running.baseUrl}${path}`);
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    const violations = await axeViolations(on);
    assert.deepEqual(violations, [], formatViolations(path, violations));
  }

  for (const locale of ['en', 'ar']) {
    test(`the admin list, form, event page and the public pages have no violations (${locale})`, async () => {
      for (const path of ['/admin/events', '/admin/events/new', `/admin/events/${eventId}`, `/admin/events/${eventId}/edit`, '/events', `/events/${eventId}`]) {
        await expectNoViolations(page, `/${locale}${path}`);
      }
      if (locale === 'ar') assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
    });
  }

  test('a visitor in New York sees the time in their zone (the tiny script), registers through the form and is confirmed', async () => {
    const visitor = await newContext(browser, { timezoneId: 'America/New_York' });
    try {
      const tab = await visitor.newPage();
      await tab.goto(`${running.baseUrl}/en/events/${eventId}`);
      await tab.waitForURL(/tz=America%2FNew_York/);
      assert.match((await tab.textContent('.event-when')) ?? '', /Your time: Thursday, 14 January 2027, 09:00 EST/);
      await tab.fill('#email', 'visitor@example.org');
      await tab.fill('#name', 'Visitor From New York');
      await Promise.all([tab.waitForLoadState('load'), tab.click('form[aria-labelledby="register-heading"] button[type="submit"]')]);
      assert.equal(await tab.textContent('h1'), 'You are registered');
      const violations = await axeViolations(tab);
      assert.deepEqual(violations, [], formatViolations('the registered page', violations));
      const row = await running.testApp.deps.db
        .selectFrom('event_registrations')
        .select(['status', 'time_zone'])
        .where('email_key', '=', 'visitor@example.org')
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'confirmed', time_zone: 'America/New_York' });
    } finally {
      await visitor.close();
    }
  });
});
