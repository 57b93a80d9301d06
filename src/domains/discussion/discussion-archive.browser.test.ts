import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, startRunningApp } from '../../../test/browser.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receivePost } from './discussion-intake.service.ts';
import { signedMessage, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';

const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const;

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('the discussion archive in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let threadId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    const dns = await startSenderDns();
    await addMember(deps, cliActor, { email: 'salma@example.net', name: 'سلمى', language: 'ar', memberState: 'EG' }, { status: 'subscribed', basis: 'test' });
    const network = await requireNetwork(deps);
    await updateDiscussionSettings(deps, cliActor, network.id, { policy: 'open', archiveVisibility: 'public' });
    const posts = [
      ['a1', 'Subject: Outcome document, revision 2', 'Date: Mon, 10 Mar 2025 09:00:00 +0000', '', 'What changed in paragraph 12 of the second revision?\n'],
      [
        'a2',
        'Subject: Re: Outcome document, revision 2',
        'Date: Tue, 11 Mar 2025 10:00:00 +0000',
        'In-Reply-To: <a1@example.net>',
        'الفقرة ١٢ تغيّرت: أُضيفت الإشارة إلى أصحاب المصلحة المتعددين.\n\nكتبت أمينة:\n> What changed in paragraph 12 of the second revision?\n> Thank you.\n',
      ],
    ] as const;
    for (const [id, subject, date, reply, body] of posts) {
      const headers = [
        'From: =?UTF-8?B?2LPZhNmF2Yk=?= <salma@example.net>',
        subject,
        date,
        `Message-ID: <${id}@example.net>`,
        'Content-Type: text/plain; charset=utf-8',
      ];
      const raw = await signedMessage(reply ? [...headers, reply] : headers, body);
      const outcome = await receivePost(
        { ...deps, resolver: dns.resolver },
        { mailFrom: 'salma@example.net', clientIp: '127.0.0.1', helo: 'mail.example.net' },
        raw,
      );
      assert.equal(outcome.result, 'published', outcome.detail);
    }
    await dns.close();
    const row = await deps.db.selectFrom('discussion_posts').select('thread_id').where('message_id', '=', 'a2@example.net').executeTakeFirstOrThrow();
    threadId = row.thread_id!;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  for (const [size, viewport] of Object.entries(sizes)) {
    test(`the thread page on a ${size}: an Arabic post right to left in an English page, quotes folded, no violations`, async () => {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      try {
        for (const locale of ['en', 'ar']) {
          const url = `${running.baseUrl}/${locale}/archive/threads/${threadId}`;
          const response = await page.goto(url);
          assert.equal(response?.status(), 200);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], formatViolations(url, violations));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px`);
        }
        await page.goto(`${running.baseUrl}/en/archive/threads/${threadId}`);
        const directions = await page.evaluate(() => ({
          page: getComputedStyle(document.querySelector('main') as Element).direction,
          posts: [...document.querySelectorAll('article.archive-post')].map((a) => getComputedStyle(a).direction),
        }));
        assert.deepEqual(directions, { page: 'ltr', posts: ['ltr', 'rtl'] });
        const quote = page.locator('article.archive-post details');
        assert.equal(await quote.count(), 1);
        assert.equal(await quote.locator('blockquote').isVisible(), false, 'the quote starts folded');
        await quote.locator('summary').click();
        assert.equal(await quote.locator('blockquote').isVisible(), true);
        const opened = await axeViolations(page);
        assert.deepEqual(opened, [], formatViolations('the thread with its quote open', opened));
      } finally {
        await context.close();
      }
    });
  }

  test('the front page, a month and a search have no violations (en, ar, zh)', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      for (const locale of ['en', 'ar', 'zh']) {
        for (const path of ['/archive', '/archive/2025/03', `/archive/search?q=${encodeURIComponent('الفقرة')}`]) {
          const url = `${running.baseUrl}/${locale}${path}`;
          const response = await page.goto(url);
          assert.equal(response?.status(), 200, url);
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], formatViolations(url, violations));
        }
      }
      assert.equal(await page.locator('ol.resource-list li').count(), 1, 'the Arabic search finds the Arabic post');
    } finally {
      await context.close();
    }
  });
});
