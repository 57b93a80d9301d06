import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { addMember } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('discussion pages in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let dns: Awaited<ReturnType<typeof startSenderDns>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let threadId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    dns = await startSenderDns();
    await createStaffAccount(deps, cliActor, { email: 'moderator@example.org', name: 'Nadia Karim', role: 'editor', password: testPassword });
    await addMember(deps, cliActor, { email: 'salma@example.net', name: 'سلمى', language: 'ar', memberState: 'EG' }, { status: 'subscribed', basis: 'test' });
    const network = await requireNetwork(deps);
    await updateDiscussionSettings(deps, cliActor, network.id, { policy: 'moderate_new', nonMembers: 'hold', holdDays: '14' });
    const receive = async (id: string, subject: string, body: string) =>
      receivePost(
        { ...deps, resolver: dns.resolver },
        { mailFrom: 'salma@example.net', clientIp: '127.0.0.1', helo: 'mail.example.net' },
        await signedMessage(
          [
            'From: =?UTF-8?B?2LPZhNmF2Yk=?= <salma@example.net>',
            `Subject: ${subject}`,
            `Message-ID: <${id}>`,
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=utf-8',
          ],
          body,
        ),
      );
    for (const [id, subject, body] of [
      ['b1@example.net', 'Outcome document, revision 2', 'مرحبا بالجميع. What changed in paragraph 12?\n'],
      ['b2@example.net', 'Second question', 'Another one.\n'],
    ] as const) {
      assert.equal((await receive(id, subject, body)).result, 'held');
    }
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await signInThroughForm(page, running.baseUrl, 'moderator@example.org', testPassword);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await dns?.close();
    await running?.close();
  });

  async function expectNoViolations(path: string): Promise<void> {
    const response = await page.goto(`${running.baseUrl}${path}`);
    assert.equal(response?.status(), 200, `${path} answered ${response?.status()}`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations(path, violations));
  }

  test('approving the first held post through the queue publishes it; the pages have no violations (en, ar)', async () => {
    for (const locale of ['en', 'ar']) {
      await expectNoViolations(`/${locale}/admin/discussion`);
      await expectNoViolations(`/${locale}/admin/discussion/moderation`);
    }
    await page.goto(`${running.baseUrl}/en/admin/discussion/moderation`);
    const cards = page.locator('article.card');
    assert.equal(await cards.count(), 2);
    await Promise.all([page.waitForURL(/done=approve_trust/), cards.first().locator('button[value="approve_trust"]').click()]);
    assert.match((await page.textContent('[role="status"]')) ?? '', /now posts freely/);
    assert.equal(await page.locator('article.card').count(), 1);
    const row = await running.testApp.deps.db
      .selectFrom('discussion_posts')
      .select('thread_id')
      .where('message_id', '=', 'b1@example.net')
      .executeTakeFirstOrThrow();
    threadId = row.thread_id!;
    await expectNoViolations(`/ar/admin/discussion/threads/${threadId}`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
  });

  test('rejecting without a reason keeps the post and says what is missing, next to the field', async () => {
    await page.goto(`${running.baseUrl}/en/admin/discussion/moderation`);
    await Promise.all([page.waitForLoadState('load'), page.locator('article.card button[value="reject"]').first().click()]);
    assert.match((await page.textContent('[role="alert"]')) ?? '', /Write the reason the author will read/);
    assert.equal(await page.locator('article.card').count(), 1);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations('the queue with an error', violations));
  });
});
