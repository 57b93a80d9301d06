import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { addMember } from '../members/member.service.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('reports pages in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    for (const [i, [state, at]] of [
      ['KE', '2026-09-03T09:00:00Z'],
      ['FR', '2026-10-07T09:00:00Z'],
      ['CN', '2026-10-21T09:00:00Z'],
    ].entries()) {
      running.testApp.clock.set(new Date(at as string));
      await addMember(
        deps,
        cliActor,
        { email: `m${i}@example.org`, name: `Member ${i}`, memberState: state as string, language: 'en' },
        { status: 'subscribed', basis: 'test' },
      );
    }
    running.testApp.clock.set(new Date('2026-11-15T09:00:00Z'));
    await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'editor', password: testPassword });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await signInThroughForm(page, running.baseUrl, 'lena@example.org', testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
  });

  async function expectNoViolations(path: string): Promise<void> {
    const response = await page.goto(`${running.baseUrl}${path}`);
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(path, violations));
  }

  test('starting a briefing through the form, writing its narrative and reading it, with no violations (en, ar)', async () => {
    await page.goto(`${running.baseUrl}/en/admin/reports/briefings`);
    await page.selectOption('#briefing-period', 'custom');
    await page.fill('#briefing-from', '2026-10-01');
    await page.fill('#briefing-to', '2026-10-31');
    await Promise.all([page.waitForURL(/\/en\/admin\/reports\/briefings\/\d+$/), page.click('main form.filters button[type="submit"]')]);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.goto(`${running.baseUrl}/en/admin/reports/briefings/${id}/edit?locale=ar`);
    await page.fill('#narrative-picture', 'نمت الشبكة **بسرعة**.');
    await Promise.all([page.waitForURL(/\/briefings\/\d+$/), page.click('main form.form button[type="submit"]')]);
    for (const locale of ['en', 'ar']) {
      for (const path of [
        '/admin/reports?by=regional_group&from=2026-09-01',
        '/admin/reports/briefings',
        `/admin/reports/briefings/${id}`,
        `/admin/reports/briefings/${id}/edit`,
      ]) {
        await expectNoViolations(`/${locale}${path}`);
      }
    }
    await page.goto(`${running.baseUrl}/ar/admin/reports/briefings/${id}`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
    assert.equal(await page.textContent('.briefing__narrative strong'), 'بسرعة');
  });
});
