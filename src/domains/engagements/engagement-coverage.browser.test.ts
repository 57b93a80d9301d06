import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { addMember } from '../members/member.service.ts';
import { addOrganisation } from './counterpart-organisations.service.ts';
import { createEngagement } from './engagement.service.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('coverage map, calendar, export and regional-group pages in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organisationId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    running.testApp.clock.set(new Date('2026-10-20T09:00:00Z'));
    const { account } = await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'owner', password: testPassword });
    await addOrganisation(deps, cliActor, 'ITU');
    organisationId = (await deps.db.selectFrom('engagement_organisations').select('id').executeTakeFirstOrThrow()).id;
    await addMember(
      deps,
      cliActor,
      { email: 'ana@mission-br.example', name: 'Ana Souza', memberState: 'BR', stakeholderGroup: 'government', language: 'es' },
      { status: 'subscribed', basis: 'test' },
    );
    const reader = { actor: cliActor, staffId: account.id, role: 'owner' as const };
    await createEngagement(deps, reader, {
      kind: 'bilateral_meeting',
      title: 'Meeting with the Permanent Mission of Brazil',
      startDate: '2026-10-02',
      status: 'done',
      memberStates: ['BR'],
      ownerStaffId: account.id,
      followUps: [{ action: 'Send the fact sheet on IDNs', ownerStaffId: account.id, dueDate: '2026-10-16' }],
    });
    await createEngagement(deps, reader, {
      kind: 'diplomat_briefing',
      title: 'Briefing in Geneva',
      startDate: '2026-11-05',
      status: 'planned',
      memberStates: ['KE'],
      ownerStaffId: account.id,
    });
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

  for (const locale of ['en', 'ar']) {
    test(`the map, the calendar, export and import, a regional group and an organisation's deletion have no violations (${locale})`, async () => {
      for (const path of [
        '/admin/engagements/map',
        '/admin/engagements/map?regionalGroup=african&months=12&sort=lastContact',
        '/admin/engagements/calendar',
        '/admin/engagements/transfer',
        '/admin/regional-groups/latin_american_caribbean',
        `/admin/engagements/organisations/${organisationId}/delete`,
      ]) {
        await expectNoViolations(`/${locale}${path}`);
      }
    });
  }

  test('the map is drawn and printable: Brazil coloured as in contact within 3 months, its title in words', async () => {
    await page.goto(`${running.baseUrl}/en/admin/engagements/map`);
    const brazil = page.locator('svg.world-map__svg [data-code="BR"]');
    assert.equal(await brazil.getAttribute('data-class'), 'within3');
    assert.match((await brazil.locator('title').textContent()) ?? '', /Brazil: last contact 2 October 2026; 1 member/);
    const box = await page.locator('svg.world-map__svg').boundingBox();
    assert.ok(box && box.width > 300, 'the map takes the page width');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000, 'it prints');
  });

  test('making a feed address in the browser shows it, and the phone layout keeps the map in the page', async () => {
    await page.goto(`${running.baseUrl}/en/admin/engagements/calendar`);
    await Promise.all([page.waitForURL(/saved=address/), page.click('button[value="new-address"]')]);
    assert.match(await page.inputValue('#feed-url'), /\/calendar\/[^/]+\/engagements\.ics$/);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${running.baseUrl}/en/admin/engagements/map`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
