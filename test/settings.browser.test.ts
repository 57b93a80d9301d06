import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import { addMember } from '../src/domains/members/member.service.ts';
import { readSettings, updateMemberSettings, updateNetworkTexts } from '../src/domains/site/network-settings.service.ts';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from './browser.ts';
import { testPassword } from './test-app.ts';

// Like the other browser tests, SQLite only: the inject() tests cover both dialects.
describe('settings, home and privacy pages in a real browser (WCAG 2.1 AA, axe-core)', () => {
  let running: RunningApp;
  let browser: Browser;

  before(async () => {
    running = await startRunningApp('sqlite');
    browser = await launchBrowser();
    const deps = running.testApp.deps;
    await addMember(deps, cliActor, { email: 'kenya@example.org', name: 'K', language: 'en', memberState: 'KE' }, { status: 'subscribed', basis: 'test' });
    const settings = await readSettings(deps);
    await updateNetworkTexts(deps, cliActor, {
      defaultLocale: 'en',
      ...Object.fromEntries(Object.entries(settings.name).map(([l, v]) => [`name_${l}`, v])),
      ...Object.fromEntries(Object.entries(settings.description).map(([l, v]) => [`description_${l}`, v])),
      homeShowsPicture: 'yes',
    });
    await updateMemberSettings(deps, cliActor, {
      senderName: 'WSIS+20 Outreach',
      contactEmail: 'outreach@example.org',
      privacyNotice_en: '## What we keep\n\nYour name, address and the answers you gave.\n\n- Why: to send you announcements\n- How long: until you leave',
      privacyNotice_ar: '## ما نحتفظ به\n\nاسمك وعنوانك والإجابات التي قدمتها.',
      joinField_memberState: 'required',
      joinField_stakeholderGroup: 'optional',
      joinField_organisation: 'optional',
      joinField_jobTitle: 'hidden',
    });
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  async function expectNoViolations(page: Page, path: string, status = 200): Promise<void> {
    const response = await page.goto(`${running.baseUrl}${path}`);
    assert.equal(response?.status(), status, `${path} answered ${response?.status()}`);
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

  for (const path of ['/en/', '/ar/', '/zh/privacy', '/ar/privacy', '/ru/privacy']) {
    test(`${path} has no violations`, () => withPage((page) => expectNoViolations(page, path)));
  }

  test('the Arabic privacy page is laid out right to left', () =>
    withPage(async (page) => {
      await page.goto(`${running.baseUrl}/ar/privacy`);
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
      assert.equal(await page.locator('main h2').textContent(), 'ما نحتفظ به');
    }));

  test('signed in as an owner: the settings page has no violations, also after a refused save, in English and Arabic', () =>
    withPage(async (page) => {
      const email = 'settings-owner@example.org';
      await createStaffAccount(running.testApp.deps, cliActor, { email, name: 'Settings Owner', role: 'owner', password: testPassword });
      await signInThroughForm(page, running.baseUrl, email, testPassword);
      await expectNoViolations(page, '/en/admin/settings');
      await expectNoViolations(page, '/ar/admin/settings');
      await page.goto(`${running.baseUrl}/en/admin/settings`);
      await page.fill('#senderName', 'Team <ceo@example.org>');
      await page.click('section[aria-labelledby="settings-members-heading"] button[type=submit]');
      await page.waitForSelector('#senderName-error');
      assert.equal(await page.getAttribute('#senderName', 'aria-invalid'), 'true');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], formatViolations('/en/admin/settings (with an error)', violations));
      assert.equal((await readSettings(running.testApp.deps)).senderName, 'WSIS+20 Outreach', 'the refused save changed nothing');
    }));
});
