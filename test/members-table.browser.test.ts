import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import { addMember } from '../src/domains/members/member.service.ts';
import { launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from './browser.ts';
import { testPassword } from './test-app.ts';

// A name of the longest length the forms accept (200), without a single break opportunity.
const unbrokenName = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(6).slice(0, 200);
const longAddress = `${'x'.repeat(60)}@${'permanent-mission-of-the-plurinational-state'.repeat(1)}.example.org`;

// One real server and one database: the layout does not depend on the dialect.
describe('an unbroken 200-character name in the members table', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let memberId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    const member = await addMember(
      deps,
      cliActor,
      { email: longAddress, name: unbrokenName, organisation: unbrokenName, memberState: 'DE', language: 'en' },
      { status: 'subscribed', basis: 'test' },
    );
    memberId = member.id;
    await addMember(deps, cliActor, { email: 'short@example.org', name: 'Ana Ruiz', language: 'es' }, { status: 'subscribed', basis: 'test' });
    await createStaffAccount(deps, cliActor, { email: 'table-owner@example.org', name: 'Table Owner', role: 'owner', password: testPassword });
    browser = await launchBrowser();
    context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await signInThroughForm(page, running.baseUrl, 'table-owner@example.org', testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
  });

  for (const [locale, width] of [
    ['en', 1280],
    ['ar', 1280],
    ['en', 1024],
  ] as const) {
    test(`${locale} at ${width} px: the table keeps to its box and the name wraps inside its cell`, async () => {
      await page.setViewportSize({ width, height: 800 });
      const response = await page.goto(`${running.baseUrl}/${locale}/admin/members`);
      assert.equal(response?.status(), 200);
      const size = await page.evaluate((name) => {
        const table = document.querySelector('table.table') as HTMLTableElement;
        const link = [...table.querySelectorAll('td a')].find((a) => a.textContent === name) as HTMLElement;
        const cell = link.closest('td') as HTMLElement;
        // Inline, not a named helper: the bundler would wrap a named function in a helper the page lacks.
        const box = table.parentElement as HTMLElement;
        const boxStyle = getComputedStyle(box);
        const lineHeight = Number.parseFloat(getComputedStyle(cell).lineHeight) || 24;
        return {
          table: table.getBoundingClientRect().width,
          box: box.clientWidth - Number.parseFloat(boxStyle.paddingInlineStart) - Number.parseFloat(boxStyle.paddingInlineEnd),
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          lines: Math.round(link.getBoundingClientRect().height / lineHeight),
        };
      }, unbrokenName);
      assert.ok(size.table <= size.box + 1, `the table (${size.table}px) is no wider than its box (${size.box}px)`);
      assert.ok(size.page <= size.viewport, `the page (${size.page}px) does not scroll sideways at ${size.viewport}px`);
      assert.ok(size.lines >= 2, `the name wraps (${size.lines} lines)`);
    });
  }

  test("the member's own page keeps the name and organisation within the viewport", async () => {
    await page.setViewportSize({ width: 1024, height: 800 });
    const response = await page.goto(`${running.baseUrl}/en/admin/members/${memberId}`);
    assert.equal(response?.status(), 200);
    const size = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    assert.ok(size.page <= size.viewport, `the page (${size.page}px) does not scroll sideways at ${size.viewport}px`);
  });
});
