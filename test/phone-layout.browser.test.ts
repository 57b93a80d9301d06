import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { createStaffAccount } from '../src/domains/auth/auth.service.ts';
import { addMember } from '../src/domains/members/member.service.ts';
import { launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from './browser.ts';
import { testPassword } from './test-app.ts';

/** The admin pages an owner opens, in two scripts and directions. */
const adminPages = [
  '/en/admin',
  '/ar/admin',
  '/zh/admin',
  '/en/admin/members',
  '/ar/admin/members',
  '/en/admin/members/new',
  '/en/admin/members/import',
  '/en/admin/sources',
  '/en/admin/announcements',
  '/en/admin/announcements/new',
  '/en/admin/jobs',
  '/en/admin/mail',
  '/en/admin/bounces',
  '/en/admin/audit',
  '/ru/admin/audit',
  '/en/admin/staff',
  '/en/admin/api-tokens',
  '/en/admin/account',
];

// One real server and one database, as the accessibility test: the layout does not depend on the dialect.
describe('the admin area on a phone (390 × 844)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const screenshots = process.env.PLENARY_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-phone-'));

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    // Long values that do not break (an address, an organisation) are what push a page wider than a phone.
    for (let i = 0; i < 5; i++) {
      await addMember(
        deps,
        cliActor,
        {
          email: `a.very.long.address.for.testing.${i}@permanent-mission-of-the-republic.example.org`,
          name: `Representative with a rather long name ${i}`,
          organisation: 'Permanent Mission of the Plurinational State to the United Nations Office at Geneva',
          memberState: 'BO',
          language: 'es',
        },
        { status: 'subscribed', basis: 'Registered at the WSIS Forum 2025' },
      );
    }
    const email = 'phone-owner@example.org';
    await createStaffAccount(deps, cliActor, { email, name: 'Phone Owner', role: 'owner', password: testPassword });
    browser = await launchBrowser();
    // Not `isMobile`: a mobile layout viewport grows to fit wide content (the page is zoomed out), which would
    // hide the very overflow this test looks for. A fixed 390 px layout viewport shows it.
    context = await newContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true });
    page = await context.newPage();
    await signInThroughForm(page, running.baseUrl, email, testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
  });

  for (const pagePath of adminPages) {
    test(`${pagePath} has no horizontal overflow`, async () => {
      const response = await page.goto(`${running.baseUrl}${pagePath}`);
      assert.equal(response?.status(), 200, `${pagePath} answered ${response?.status()}`);
      const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      assert.equal(size.innerWidth, 390);
      const name = pagePath.replace(/\W+/g, '-').replace(/^-|-$/g, '');
      await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
      if (size.scrollWidth > size.innerWidth) {
        // Name the widest culprits, so a failure says what to fix.
        const culprits = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 || e.getBoundingClientRect().left < -1)
            .slice(0, 8)
            .map(
              (e) =>
                `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} (${Math.round(e.getBoundingClientRect().width)}px)`,
            ),
        );
        assert.fail(`${pagePath}: scrollWidth ${size.scrollWidth} > innerWidth ${size.innerWidth}: ${culprits.join(', ')}`);
      }
    });
  }
});
