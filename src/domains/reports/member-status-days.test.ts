import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { findMember } from '../members/member.repository.ts';
import { addMember, editMember, erase, unsubscribe } from '../members/member.service.ts';

/** The daily counts recounted from scratch: every join and leave in member_events, under the member's values now. */
async function recount(t: TestApp): Promise<string[]> {
  const rows = await sql<{ dimension: string; value: string; day: string; j: number | string; l: number | string }>`
    SELECT d.dimension, d.value, substr(e.at, 1, 10) AS day,
      sum(CASE WHEN e.to_status = 'subscribed' AND (e.from_status IS NULL OR e.from_status <> 'subscribed') THEN 1 ELSE 0 END) AS j,
      sum(CASE WHEN e.from_status = 'subscribed' AND e.to_status IS NOT NULL AND e.to_status <> 'subscribed' THEN 1 ELSE 0 END) AS l
    FROM member_events AS e
    INNER JOIN (
      SELECT id, 'member_state' AS dimension, coalesce(member_state, '') AS value FROM members
      UNION ALL SELECT id, 'stakeholder_group', coalesce(stakeholder_group, '') FROM members
      UNION ALL SELECT id, 'language', language FROM members
      UNION ALL SELECT id, 'source', coalesce(source, '') FROM members
    ) AS d ON d.id = e.member_id
    GROUP BY d.dimension, d.value, substr(e.at, 1, 10)`.execute(t.deps.db);
  return rows.rows
    .filter((r) => Number(r.j) !== 0 || Number(r.l) !== 0)
    .map((r) => `${r.dimension}|${r.value}|${r.day}|${Number(r.j)}|${Number(r.l)}`)
    .sort();
}

async function kept(t: TestApp): Promise<string[]> {
  const rows = await t.deps.db.selectFrom('member_status_days').selectAll().execute();
  return rows
    .filter((r) => Number(r.joined_n) !== 0 || Number(r.left_n) !== 0)
    .map((r) => `${r.dimension}|${r.value}|${r.day}|${Number(r.joined_n)}|${Number(r.left_n)}`)
    .sort();
}

for (const dialect of dialects) {
  describe(`member_status_days on ${dialect}: the growth series' daily counts`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('stay equal to a recount through joins, leaves, a move to another member state and an erasure', async () => {
      const add = async (email: string, at: string, fields: Record<string, string>) => {
        t.clock.set(new Date(at));
        return addMember(t.deps, cliActor, { email, name: email, ...fields }, { status: 'subscribed', basis: 'Met at the IGF' });
      };
      const kenya = await add('kenya@example.org', '2026-08-10T09:00:00Z', {
        memberState: 'KE',
        stakeholderGroup: 'government',
        language: 'en',
        source: 'igf',
      });
      const france = await add('france@example.org', '2026-08-11T09:00:00Z', { memberState: 'FR', language: 'fr' });
      const brazil = await add('brazil@example.org', '2026-08-12T09:00:00Z', { memberState: 'BR', stakeholderGroup: 'academia', language: 'es' });
      await add('none@example.org', '2026-08-12T10:00:00Z', { language: 'ar' });
      t.clock.set(new Date('2026-09-01T09:00:00Z'));
      await unsubscribe(t.deps, france.id, 'page');
      assert.deepEqual(await kept(t), await recount(t));
      const counted = (await kept(t)).filter((r) => r.startsWith('member_state|FR|'));
      assert.deepEqual(counted, ['member_state|FR|2026-08-11|1|0', 'member_state|FR|2026-09-01|0|1']);

      // Kenya's member moves to Ghana: their join is now counted under GH, as the tallies count them.
      t.clock.set(new Date('2026-09-05T09:00:00Z'));
      await editMember(t.deps, cliActor, (await findMember(t.deps.db, kenya.id))!, {
        email: 'kenya@example.org',
        name: 'Kenya',
        memberState: 'GH',
        stakeholderGroup: 'civil_society',
        language: 'en',
      });
      assert.deepEqual(await kept(t), await recount(t));
      assert.equal((await kept(t)).filter((r) => r.startsWith('member_state|KE|')).length, 0, 'nothing left under Kenya');
      assert.ok((await kept(t)).includes('member_state|GH|2026-08-10|1|0'));

      // Erasure keeps only the event of the erasure: the join goes, the leave on the day of erasure comes.
      t.clock.set(new Date('2026-09-10T09:00:00Z'));
      await erase(t.deps, (await findMember(t.deps.db, brazil.id))!, cliActor);
      assert.deepEqual(await kept(t), await recount(t));
      assert.deepEqual(
        (await kept(t)).filter((r) => r.startsWith('member_state|BR|')),
        ['member_state|BR|2026-09-10|0|1'],
      );
    });
  });
}
