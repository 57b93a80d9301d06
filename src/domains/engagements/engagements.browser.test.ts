import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, formatViolations, launchBrowser, newContext, type RunningApp, signInThroughForm, startRunningApp } from '../../../test/browser.ts';
import { testPassword } from '../../../test/test-app.ts';
import { pdfBytes } from '../../../test/zip-builder.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createEvent } from '../events/event.service.ts';
import { registerByStaff } from '../events/event-registration.service.ts';
import { addMember } from '../members/member.service.ts';
import { addOrganisation } from './counterpart-organisations.service.ts';
import { createEngagement } from './engagement.service.ts';
import { attachEngagementFile } from './engagement-files.ts';

// One real server and one database: the pages do not depend on the dialect (the inject() tests cover both).
describe('engagement pages in a real browser (axe-core, WCAG 2.1 AA)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let engagementId: number;
  let registerItemId: number;

  before(async () => {
    running = await startRunningApp('sqlite');
    const deps = running.testApp.deps;
    running.testApp.clock.set(new Date('2026-10-20T09:00:00Z'));
    const { account } = await createStaffAccount(deps, cliActor, { email: 'lena@example.org', name: 'Lena Fischer', role: 'owner', password: testPassword });
    await addOrganisation(deps, cliActor, 'ITU');
    await addMember(
      deps,
      cliActor,
      { email: 'ana@mission-br.example', name: 'Ana Souza', memberState: 'BR', stakeholderGroup: 'government', language: 'es' },
      { status: 'subscribed', basis: 'test' },
    );
    const row = await createEngagement(
      deps,
      { actor: cliActor, staffId: account.id, role: 'owner' },
      {
        kind: 'bilateral_meeting',
        title: 'Meeting with the Permanent Mission of Brazil',
        startDate: '2026-10-02',
        status: 'done',
        place: 'Geneva',
        memberStates: ['BR'],
        organisations: ['ITU'],
        ownerStaffId: account.id,
        topics: ['Multistakeholder model of Internet governance'],
        followUps: [{ action: 'Send the fact sheet on IDNs', ownerStaffId: account.id, dueDate: '2026-10-16' }],
        links: [{ url: 'https://example.org/readout', label: 'Read-out' }],
        notes: 'The mission supports the **multistakeholder** model.',
        restricted: true,
      },
    );
    engagementId = row.id;
    // The dossier's events and announcements, the engagement's files and the dashboard's panel have something to show.
    const owner = { actor: cliActor, staffId: account.id, role: 'owner' as const };
    await attachEngagementFile(deps, owner, row.id, { name: 'Read-out.pdf', bytes: pdfBytes('Read-out') });
    await createEngagement(deps, owner, {
      kind: 'event_attended',
      title: 'CSTD intersessional panel',
      startDate: '2026-11-10',
      status: 'planned',
      place: 'Geneva',
    });
    const event = await createEvent(deps, cliActor, {
      kind: 'webinar',
      title: { en: 'Webinar on the Zero Draft', ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى' },
      startsAt: '2026-11-14T14:00:00Z',
      endsAt: '2026-11-14T15:00:00Z',
      timeZone: 'Europe/Zurich',
      onlineUrl: 'https://meet.example.org/zero-draft',
      visibility: 'public',
      status: 'published',
    });
    await registerByStaff(deps, cliActor, event.id, { email: 'delegate@mission-br.example', name: 'Delegate', memberState: 'BR' });
    registerItemId = (await deps.db.selectFrom('register_items').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
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
    test(`the list, the form, an engagement, its edit form, the organisations, a dossier and the register have no violations (${locale})`, async () => {
      for (const path of [
        '/admin/engagements',
        '/admin/engagements/new',
        `/admin/engagements/${engagementId}`,
        `/admin/engagements/${engagementId}/edit`,
        '/admin/engagements/organisations',
        '/admin/member-states',
        '/admin/member-states/BR',
        '/admin/regional-groups/latin_american_caribbean',
        '/admin',
        '/admin/register',
        '/admin/register/new',
        `/admin/register/items/${registerItemId}`,
      ]) {
        await expectNoViolations(`/${locale}${path}`);
      }
      if (locale === 'ar') assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).direction), 'rtl');
    });
  }

  test('recording an engagement through the form: a refused date range keeps what was typed, then it is saved', async () => {
    await page.goto(`${running.baseUrl}/en/admin/engagements/new`);
    await page.selectOption('#kind', 'event_attended');
    await page.fill('#title', 'IGF 2025');
    await page.fill('#startDate', '2025-06-27');
    await page.fill('#endDate', '2025-06-23');
    await page.fill('#memberStates', 'Norway');
    await page.fill('#place', 'Lillestrøm');
    await Promise.all([page.waitForLoadState('load'), page.click('form.engagement-form button[type="submit"]')]);
    assert.match((await page.textContent('[role="alert"]')) ?? '', /end date is before the start date/);
    assert.equal(await page.inputValue('#title'), 'IGF 2025');
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], formatViolations('the form with an error', violations));
    await page.fill('#startDate', '2025-06-23');
    await page.fill('#endDate', '2025-06-27');
    await Promise.all([page.waitForURL(/\/en\/admin\/engagements\/\d+$/), page.click('form.engagement-form button[type="submit"]')]);
    assert.equal(await page.textContent('h1'), 'IGF 2025');
    assert.match((await page.textContent('main')) ?? '', /23–27 June 2025/);
  });
});
