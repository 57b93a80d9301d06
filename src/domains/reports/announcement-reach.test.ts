import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { handleInboundMail } from '../bounces/bounce.service.ts';
import { parseBounce } from '../bounces/dsn-parser.ts';
import { addMember } from '../members/member.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { announcementReach } from './analytics.service.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces');
const fixtureVerp = 'bounces+d1.5f0c3a9e1b2d@bounces.example.org';

for (const dialect of dialects) {
  describe(`the reach of finished sends on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
    });
    after(() => t.close());

    test('is summed when the send finishes, read from the sums, and a later bounce moves a message from delivered to bounced', async () => {
      const members = [
        ['amina@example.org', 'KE'],
        ['kofi@example.org', 'GH'],
        ['josé@ejemplo.es', 'MX'],
        ['用户@例子.广告', 'CN'],
      ] as const;
      for (const [email, memberState] of members) {
        await addMember(t.deps, cliActor, { email, name: email, memberState, language: 'en' }, { status: 'subscribed', basis: 'test' });
      }
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'The Zero Draft', markdown: 'Dear {{name}},\n\nNews.' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      const row = await t.deps.db.selectFrom('announcements').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'sent');
      assert.ok(row.reach_at, 'the sums are written with the status');
      const sums = await t.deps.db.selectFrom('announcement_reach').selectAll().where('announcement_id', '=', a.id).orderBy('regional_group').execute();
      assert.deepEqual(
        sums.map((s) => [s.regional_group, s.state, Number(s.n)]),
        [
          ['african', 'sent', 2],
          ['asia_pacific', 'sent', 1],
          ['latin_american_caribbean', 'sent', 1],
        ],
      );

      const networkId = (await requireNetwork(t.deps)).id;
      const today = t.clock.now().toISOString().slice(0, 10);
      const before = await announcementReach(t.deps, networkId, today, today);
      assert.deepEqual(before.totals, { delivered: 4, bounced: 0, failed: 0, unsubscribedAfter: 0 });
      assert.equal(before.byRegionalGroup.find((g) => g.group === 'african')?.delivered, 2);

      // Kofi's server bounces the message after the send finished.
      const kofi = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'kofi@example.org').executeTakeFirstOrThrow();
      const delivery = await t.deps.db.selectFrom('deliveries').selectAll().where('member_id', '=', kofi.id).executeTakeFirstOrThrow();
      const sent = await t.deps.db.selectFrom('captured_mail').selectAll().where('message_id', '=', String(delivery.message_id)).executeTakeFirstOrThrow();
      const raw = fs.readFileSync(path.join(fixtures, 'postfix-5.1.1-user-unknown.eml'), 'utf8');
      const recipient = (await parseBounce(raw))?.recipient ?? '';
      const bounce = raw.split(recipient).join(kofi.email_display).split(fixtureVerp).join(sent.envelope_from);
      await handleInboundMail(t.deps, { rcptTo: [sent.envelope_from], mailFrom: '' }, Buffer.from(bounce));

      const afterBounce = await announcementReach(t.deps, networkId, today, today);
      assert.deepEqual(afterBounce.totals, { delivered: 3, bounced: 1, failed: 0, unsubscribedAfter: 0 });
      assert.deepEqual(
        afterBounce.byRegionalGroup.find((g) => g.group === 'african'),
        { group: 'african', delivered: 1, bounced: 1, failed: 0, unsubscribedAfter: 0 },
      );
      // The sums agree with the deliveries themselves, as a send under way is read.
      await t.deps.db.updateTable('announcements').set({ reach_at: null }).where('id', '=', a.id).execute();
      assert.deepEqual(await announcementReach(t.deps, networkId, today, today), afterBounce);
    });
  });
}
