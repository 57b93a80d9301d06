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

  test('signed in as an owner, the dashboard and the staff page have no violations', () =>
    withPage(async (page) => {
      const email = 'a11y-owner@example.org';
      await createStaffAccount(running.testApp.deps, cliActor, { email, name: 'Accessibility Owner', role: 'owner', password: testPassword });
      await signInThroughForm(page, running.baseUrl, email, testPassword);
      await expectNoViolations(page, '/en/admin');
      await expectNoViolations(page, '/ar/admin/staff');
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
