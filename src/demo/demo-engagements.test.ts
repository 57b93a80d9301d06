import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';
import { manualClock } from '../clock.ts';
import { listEngagementPage } from '../domains/engagements/engagement.service.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { demoEngagements } from './demo-engagements.data.ts';
import { seedDemoEngagements } from './demo-engagements.ts';
import { seedDemoMembers } from './demo-members.ts';
import { seedDemoNetwork } from './demo-network.ts';

const now = new Date('2026-03-01T09:00:00Z');

for (const dialect of dialects) {
  describe(`demo engagements on ${dialect}`, () => {
    let database: TestDatabase;
    const deps = () => ({ db: database.handle.db, clock: manualClock(now) });
    let networkId: number;

    before(async () => {
      database = await createTestDatabase(dialect);
      await seedDemoNetwork(deps());
      networkId = (await findCurrentNetwork(deps().db))!.id;
      await seedDemoMembers(deps(), networkId);
    });
    after(() => database.drop());

    const all = async () => (await listEngagementPage(deps(), {}, { limit: 100 })).data;

    test('the meetings of the review are there with the dates and places of the public record', async () => {
      const rows = await all();
      assert.equal(rows.length, demoEngagements.length);
      const byTitle = new Map(rows.map((e) => [e.row.title, e]));
      const expect = (title: string, start: string, end: string, place: RegExp, states: string[]) => {
        const e = byTitle.get(title);
        assert.ok(e, title);
        assert.equal(e.row.start_date, start, title);
        assert.equal(e.row.end_date, end, title);
        assert.match(e.row.place, place, title);
        assert.deepEqual(e.memberStates, states, title);
        assert.equal(e.row.status, 'done');
      };
      expect('CSTD, twenty-seventh session', '2024-04-15', '2024-04-19', /Geneva/, ['CH']);
      expect('NETmundial+10', '2024-04-29', '2024-04-30', /São Paulo/, ['BR']);
      expect('Internet Governance Forum 2024', '2024-12-15', '2024-12-19', /Riyadh/, ['SA']);
      expect('CSTD, twenty-eighth session', '2025-04-07', '2025-04-11', /Geneva/, ['CH', 'GM']);
      expect('Internet Governance Forum 2025', '2025-06-23', '2025-06-27', /Lillestrøm/, ['NO']);
      expect('WSIS+20 High-Level Event 2025', '2025-07-07', '2025-07-11', /Palexpo, Geneva/, ['CH', 'ZA']);
      expect('General Assembly high-level meeting on the overall review of WSIS', '2025-12-16', '2025-12-17', /New York/, ['AL', 'KE']);
    });

    test('engagements share their topics with the register and name organisations of the editable list', async () => {
      const rows = await all();
      const registerTopics = new Set((await deps().db.selectFrom('register_items').select('topic_id').execute()).map((r) => r.topic_id));
      const topicIds = new Set(rows.flatMap((e) => e.topics.map((x) => x.id)));
      assert.deepEqual([...topicIds].sort(), [...registerTopics].sort(), 'the same two topics, not copies');
      const cstd = rows.find((e) => e.row.title === 'CSTD, twenty-seventh session');
      assert.deepEqual(
        cstd?.organisations.map((o) => o.name),
        ['CSTD', 'UNCTAD'],
      );
      const organisations = await deps().db.selectFrom('engagement_organisations').select('name').execute();
      assert.ok(organisations.some((o) => o.name === 'UNGA co-facilitators of the WSIS+20 review'));
    });

    test('bilateral meetings are with members from the member state; the calendar has planned meetings and a deadline ahead', async () => {
      const brazil = (await all()).find((e) => e.row.title === 'Meeting with the Permanent Mission of Brazil in Geneva');
      assert.ok(brazil);
      const members = await deps()
        .db.selectFrom('engagement_members as l')
        .innerJoin('members as m', 'm.id', 'l.member_id')
        .select(['m.member_state'])
        .where('l.engagement_id', '=', brazil.row.id)
        .execute();
      assert.equal(members.length, 2);
      assert.ok(members.every((m) => m.member_state === 'BR'));
      assert.ok(brazil.row.start_date < '2026-03-01', 'done before the day of the seed');
      const rows = await all();
      assert.ok(rows.some((e) => e.row.status === 'planned' && e.row.start_date > '2026-03-01'));
      const open = rows.filter((e) => e.row.kind === 'submission' && e.row.submission_status === 'drafting');
      assert.equal(open.length, 1);
      assert.equal(open[0]?.row.deadline, '2026-03-19');
    });

    test('seeding again adds nothing', async () => {
      assert.equal(await seedDemoEngagements(deps(), networkId), 0);
      assert.equal((await all()).length, demoEngagements.length);
    });
  });
}
