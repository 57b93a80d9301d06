import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from './browser.ts';
import { testPassword } from './test-app.ts';

// A browser test needs one real server and one database; the dialect matrix is covered by the
// inject() tests, so this runs on SQLite only.
describe('accessibility in a real browser (WCAG 2.1 AA, axe-core)', () => {
  let running: RunningApp;
  let browser: Browser;

  before(async () => {
    running = await startRunningApp('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  async function expectNoViolations(page: Page, path: string): Promise<void> {
    const response = await page.goto(`${running.baseUrl}${path}`);
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(path, violations));
  }

  async function withPage(fn: (page: Page) => Promise<void>): Promise<void> {
    const context = await newContext(browser);
    try {
      await fn(await context.newPage());
    } finally {
      await context.close();
    }
  }

  for (const path of ['/en/', '/zh/', '/en/admin/login', '/ar/admin/login']) {
    test(`${path} has no violations`, () => withPage((page) => expectNoViolations(page, path)));
  }

  test('/ar/ has no violations and is laid out right to left', () =>
    withPage(async (page) => {
      await expectNoViolations(page, '/ar/');
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
    }));

  test('the join page in Arabic: no violations, right to left, and a person joins with an internationalised address', () =>
    withPage(async (page) => {
      await expectNoViolations(page, '/ar/join?src=hlgm-2024');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
      await page.fill('#email', 'ليلى@مثال.إختبار');
      await page.fill('#name', 'ليلى');
      await page.selectOption('#memberState', 'EG');
      await page.check('#consent');
      running.testApp.clock.advance(2000); // the app's clock: a person takes longer than the form's minimum fill time
      await page.click('button[type=submit]');
      await page.waitForURL('**/ar/join/check-email');
      const member = await running.testApp.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'ليلى@مثال.إختبار').executeTakeFirst();
      assert.equal(member?.status, 'pending');
      assert.equal(member?.source, 'hlgm-2024');
    }));

  test('the join page in Chinese has no violations, also when it shows an error', () =>
    withPage(async (page) => {
      await expectNoViolations(page, '/zh/join');
      await page.fill('#email', '用户＠例子.广告');
      await page.fill('#name', '李伟');
      await page.check('#consent');
      running.testApp.clock.advance(2000);
      await page.click('button[type=submit]');
      await page.waitForSelector('#email-error');
      assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations('/zh/join (with an error)', violations));
    }));

  test('signed in as an owner, the dashboard and the staff page have no violations', () =>
    withPage(async (page) => {
      const email = 'a11y-owner@example.org';
      await createStaffAccount(running.testApp.deps, cliActor, { email, name: 'Accessibility Owner', role: 'owner', password: testPassword });
      await signInThroughForm(page, running.baseUrl, email, testPassword);
      await expectNoViolations(page, '/en/admin');
      await expectNoViolations(page, '/ar/admin/staff');
      await expectNoViolations(page, '/en/admin/members');
      await expectNoViolations(page, '/en/admin/announcements/new');
    }));

  test('the language switcher on /en/ leads to /fr/', () =>
    withPage(async (page) => {
      await page.goto(`${running.baseUrl}/en/`);
      const switcher = page.locator('nav.language-switcher');
      await Promise.all([page.waitForURL(`${running.baseUrl}/fr/`), switcher.getByRole('link', { name: 'Français' }).click()]);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
      assert.equal(await switcher.locator('a[aria-current="true"]').textContent(), 'Français');
    }));
});
