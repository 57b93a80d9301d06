import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createUpdate, editUpdate } from './update.service.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('updates in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let updateId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'editor', password: testPassword });
    const input = {
      status: 'published',
      pinned: true,
      sourceLocale: 'en',
      versions: {
        en: {
          title: 'Webinars hosted for the GDC Zero Draft',
          summary: 'Two webinars walked diplomats through the zero draft.',
          body: '## What we covered\n\n- The **IGF**',
        },
        ar: { title: 'ندوات شبكية بشأن المسودة الأولية للاتفاق الرقمي العالمي', summary: 'ندوتان شبكيتان عن المسودة الأولية.' },
      },
    };
    const row = await createUpdate(deps, cliActor, input);
    await editUpdate(deps, cliActor, row.id, { ...input, versions: { ...input.versions, zh: { title: '关于《全球数字契约》零草案的网络研讨会' } } });
    updateId = row.id;
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

  for (const locale of ['en', 'ar']) {
    test(`the updates' admin pages, the public list, an update, the home page with it pinned and the site search have no violations (${locale})`, async () => {
      for (const url of [
        '/admin/updates',
        '/admin/updates/new',
        `/admin/updates/${updateId}`,
        `/admin/updates/${updateId}/edit`,
        `/admin/updates/${updateId}/delete`,
        '/updates',
        `/updates/${updateId}`,
        '/',
        `/search?q=${encodeURIComponent('webinar')}`,
        `/search?q=${encodeURIComponent('ندوات')}&type=update`,
      ]) {
        const response = await page.goto(`${running.baseUrl}/${locale}${url}`);
        assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], formatViolations(`/${locale}${url}`, violations));
      }
    });
  }

  test('restoring a revision through the page brings back the earlier versions', async () => {
    await page.goto(`${running.baseUrl}/en/admin/updates/${updateId}`);
    await Promise.all([page.waitForURL(/\?saved=1$/), page.click('form.inline-form button[type="submit"]')]);
    const response = await page.goto(`${running.baseUrl}/zh/updates/${updateId}`);
    assert.equal(response?.status(), 200);
    assert.match((await page.textContent('main')) ?? '', /本动态尚无中文版本/, 'the Chinese version came with the later revision and went with the restore');
  });
});
