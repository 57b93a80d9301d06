import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { addMember } from '../members/member.service.ts';
import { addBoardRecipient } from './board-recipient.service.ts';
import { createBriefing, publishBriefing } from './briefing.service.ts';
import { boardBriefingPath, signBriefingLink } from './briefing-link.ts';
import { createSchedule } from './briefing-schedule.service.ts';

// One real server and one database: the pages do not depend on the dialect (briefing-schedule.test.ts covers both).
describe('schedules, Board recipients and the Board page in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let boardPath: (locale: string) => string;

  before(async () => {
    running = await startRunningApp('sqlite');
    const { deps, clock } = running.testApp;
    clock.set(new Date('2026-10-07T09:00:00Z'));
    await addMember(deps, cliActor, { email: 'm@example.org', name: 'M', memberState: 'KE', language: 'en' }, { status: 'subscribed', basis: 'test' });
    clock.set(new Date('2026-11-15T09:00:00Z'));
    await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'editor', password: testPassword });
    const editor = await deps.db.selectFrom('staff_accounts').select('id').where('email', '=', 'lena@example.org').executeTakeFirstOrThrow();
    await addBoardRecipient(deps, cliActor, { name: 'Li Wei', email: '用户@例子.广告', locale: 'zh' });
    await createSchedule(deps, cliActor, {
      pattern: '0 9 * * 1#1',
      timeZone: 'Europe/Zurich',
      periodKind: 'last_month',
      autoPublish: '1',
      ownerStaffId: editor.id,
    });
    const briefing = await createBriefing(deps, cliActor, { periodKind: 'last_month' });
    await publishBriefing(deps, cliActor, briefing.id);
    const token = signBriefingLink(deps.secretKey, briefing.id, 0, new Date('2027-02-01T00:00:00Z'));
    boardPath = (locale) => boardBriefingPath(locale, briefing.id, token);
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
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

  test('the Board page, without an account, in English and Arabic (right to left)', async () => {
    await expectNoViolations(boardPath('en'));
    await expectNoViolations(boardPath('ar'));
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await Promise.all([page.waitForURL(/\/zh\/board\/briefings\/\d+\?token=/), page.click('.language-switcher a[lang="zh"]')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh', 'the language switch keeps the link working');
  });

  test('the schedules and Board recipients pages, in English and Arabic', async () => {
    // Signed in only now: the Board page above was read without any account.
    await signInThroughForm(page, running.baseUrl, 'lena@example.org', testPassword);
    for (const locale of ['en', 'ar']) {
      await expectNoViolations(`/${locale}/admin/reports/schedules`);
      await expectNoViolations(`/${locale}/admin/reports/board-recipients`);
    }
  });
});
