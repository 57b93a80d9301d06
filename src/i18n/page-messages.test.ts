import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../test/test-app.ts';
import { createAnnouncement } from '../domains/announcements/announcement.service.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { createStaffAccount } from '../domains/auth/auth.service.ts';
import { createEngagement } from '../domains/engagements/engagement.service.ts';
import { addMember } from '../domains/members/member.service.ts';
import { memberLinks } from '../domains/members/member-links.ts';
import { routeTable } from '../routes.ts';
import { locales, missingMessageWarning, translator } from './i18n.ts';

// Every page the app renders, in every language, must find each of its messages in that language's catalog: the
// translator raises a process warning for a key it lacks, and this test fails on any such warning.
const missing: string[] = [];
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code === missingMessageWarning) missing.push(warning.message);
});
/** Lets warnings emitted on the next tick arrive before a test looks at them. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

for (const dialect of dialects) {
  describe(`every page finds its messages in all six catalogs on ${dialect}`, () => {
    let t: TestApp;
    let owner: TestClient;
    const params = new Map<string, string>();
    before(async () => {
      t = await createTestApp(dialect);
      owner = await t.signedInClient('owner', 'messages-owner@example.org');
      const member = await addMember(
        t.deps,
        cliActor,
        { email: 'amina@mission-ke.example', name: 'Amina Wanjiru', memberState: 'KE', language: 'en' },
        { status: 'subscribed', basis: 'Registered at the WSIS Forum 2025' },
      );
      const staff = await createStaffAccount(t.deps, cliActor, { email: 'viewer-messages@example.org', name: 'Viewer', role: 'viewer' });
      const announcement = await createAnnouncement(t.deps, cliActor, { subject: 'Zero draft', markdown: 'Dear {{name}}, the zero draft is out.' });
      // A pending member is sent a confirmation, which the capture outbox keeps: a captured message to open.
      await addMember(t.deps, cliActor, { email: 'pending@example.org', name: 'Pending Person', language: 'fr' }, { status: 'pending' });
      await t.runJobs();
      const mail = await t.deps.db.selectFrom('captured_mail').select('id').executeTakeFirstOrThrow();
      const links = memberLinks(t.deps, member.id);
      params.set(':id', String(member.id));
      params.set('/admin/staff/:id', `/admin/staff/${staff.account.id}`);
      params.set('/admin/announcements/:id', `/admin/announcements/${announcement.id}`);
      params.set('/admin/mail/:id', `/admin/mail/${mail.id}`);
      const engagement = await createEngagement(
        t.deps,
        { actor: cliActor, staffId: null, role: 'owner' },
        { kind: 'submission', title: 'Input to the zero draft', startDate: '2025-08-01', memberStates: ['KE'], submission: { externalBody: 'CSTD' } },
      );
      params.set('/admin/engagements/:id', `/admin/engagements/${engagement.id}`);
      params.set('/admin/member-states/:code', '/admin/member-states/KE');
      const riskOrOpportunity = await t.deps.db.selectFrom('register_items').select('id').executeTakeFirstOrThrow();
      params.set('/admin/register/items/:id', `/admin/register/items/${riskOrOpportunity.id}`);
      params.set('/me/:token', `/me/${links.manage}`);
      params.set('/unsubscribe/:token', `/unsubscribe/${links.unsubscribe}`);
      params.set('/join/confirm/:token', `/join/confirm/${links.confirm}`);
    });
    after(() => t.close());

    /** The GET pages of the route table, with their parameters filled in where this test has a value for them. */
    function pages(): string[] {
      const paths: string[] = [];
      for (const route of routeTable(t.deps)) {
        if (route.method !== 'GET') continue;
        let path = route.path;
        for (const [pattern, value] of params) {
          if (pattern.startsWith('/') && path.startsWith(pattern)) path = value + path.slice(pattern.length);
        }
        path = path.replace(':id', params.get(':id') as string);
        // Routes whose parameters this test cannot fill (an upload's id, an attachment's index) are left out.
        if (!path.includes(':')) paths.push(path);
      }
      return paths;
    }

    test('every GET page, as an owner and as the public, in every language', async () => {
      const visited = pages();
      assert.ok(visited.length > 50, `${visited.length} pages`);
      const unavailable = locales.map((l) => translator(l)('message.missing'));
      for (const locale of locales) {
        for (const path of visited) {
          const response = await owner.get(`/${locale}${path}`);
          assert.ok(response.statusCode < 500, `${locale}${path} answered ${response.statusCode}`);
          for (const text of unavailable) assert.ok(!response.body.includes(text), `${locale}${path} shows "${text}"`);
        }
        for (const path of ['/', '/join', '/join/slide', '/announcements', '/privacy', '/admin/login']) await t.app.inject({ url: `/${locale}${path}` });
      }
      await settle();
      assert.deepEqual(missing, []);
    });

    test('forms sent back with their errors, in every language', async () => {
      for (const locale of locales) {
        // Subscribing directly without a lawful basis: this once showed the raw key member.invalid.basis.
        const refused = await owner.post(
          `/${locale}/admin/members/new`,
          { email: 'new@example.org', name: 'New Person', language: locale, status: 'subscribed', basis: '' },
          { csrfFrom: `/${locale}/admin/members/new` },
        );
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /id="basis-error"/);
        const tooLong = await owner.post(
          `/${locale}/admin/members/new`,
          { email: 'long@example.org', name: 'x'.repeat(201), organisation: 'o'.repeat(201), jobTitle: 't'.repeat(201), language: locale },
          { csrfFrom: `/${locale}/admin/members/new` },
        );
        assert.equal(tooLong.statusCode, 400);
        const visitor = new TestClient(t.app);
        const join = await visitor.post(`/${locale}/join`, { email: 'not-an-address', name: '', language: locale }, { csrfFrom: `/${locale}/join` });
        assert.equal(join.statusCode, 400);
      }
      await settle();
      assert.deepEqual(missing, []);
    });
  });
}
