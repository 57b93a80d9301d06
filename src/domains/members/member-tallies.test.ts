import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, Migrator, sql } from 'kysely';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import type { Db } from '../../db/database.ts';
import { migrations } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { insertNetwork } from '../site/site.repository.ts';
import { insertMember, updateMember } from './member.repository.ts';
import type { MemberStatus, MemberTable } from './member.table.ts';
import { importMembers } from './member-import.ts';
import { memberColumns } from './member-record.ts';

const now = new Date('2026-03-15T12:00:00Z');

interface Person {
  state?: string;
  group?: string;
  language?: string;
  source?: string;
  status?: MemberStatus;
  at?: string;
}

let serial = 0;

/** A members row as the services would store it (memberColumns derives geography). */
function memberRow(networkId: number, p: Person = {}): Omit<MemberTable, 'id'> {
  serial += 1;
  const at = p.at ?? '2025-01-10T09:00:00.000Z';
  const status = p.status ?? 'subscribed';
  return {
    network_id: networkId,
    ...memberColumns({
      email: `tally${serial}@example.org`,
      name: `Person ${serial}`,
      memberState: p.state ?? '',
      stakeholderGroup: p.group ?? '',
      language: p.language ?? 'en',
      source: p.source ?? '',
    }),
    consent_version: status === 'pending' ? null : 'test',
    consent_at: status === 'pending' ? null : at,
    consent_method: status === 'pending' ? null : 'import',
    consent_basis: null,
    status,
    status_at: at,
    created_at: at,
    updated_at: at,
    erased_at: null,
  };
}

async function addNetwork(db: Db, slug: string): Promise<number> {
  const network = await insertNetwork(db, { slug, name: '{"en":"Test"}', purpose: '{}', joinCall: '{}', defaultLocale: 'en' }, now);
  return network.id;
}

type Tallies = Record<string, number>;

/** The tallies as they should be: a fresh GROUP BY over members for each dimension, keyed like the tally rows. */
async function expectedTallies(db: Kysely<any>): Promise<Tallies> {
  const values = {
    member_state: "coalesce(member_state, '')",
    stakeholder_group: "coalesce(stakeholder_group, '')",
    language: 'language',
    source: "coalesce(source, '')",
    month: 'substr(status_at, 1, 7)',
  };
  const { rows } = await sql<{ key: string; n: number | string }>`${sql.join(
    Object.entries(values).map(
      ([dimension, value]) =>
        sql`SELECT network_id || '|' || status || '|' || ${sql.lit(dimension)} || '|' || ${sql.raw(value)} AS key, count(*) AS n
          FROM members GROUP BY network_id, status, ${sql.raw(value)}`,
    ),
    sql` UNION ALL `,
  )}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.key, Number(r.n)] as [string, number]).sort());
}

/** The tallies the triggers kept (rows at 0 left out, as readers do). */
async function actualTallies(db: Kysely<any>): Promise<Tallies> {
  const rows = await db.selectFrom('member_tallies').selectAll().where('n', '>', 0).execute();
  return Object.fromEntries(rows.map((r) => [[r.network_id, r.status, r.dimension, r.value].join('|'), Number(r.n)] as [string, number]).sort());
}

async function assertExact(db: Kysely<any>, step: string): Promise<void> {
  const expected = await expectedTallies(db);
  assert.deepEqual(await actualTallies(db), expected, `tallies after ${step}`);
  assert.ok(Object.keys(expected).length > 0 || step === 'nothing', `${step}: there is something to compare`);
}

for (const dialect of dialects) {
  describe(`member tallies on ${dialect}`, () => {
    let database: TestDatabase;
    let db: Db;
    before(async () => {
      database = await createTestDatabase(dialect);
      db = database.handle.db;
    });
    after(async () => {
      await database.drop();
    });

    test('every kind of write to members keeps the tallies equal to a GROUP BY over members', async () => {
      const id = await addNetwork(db, 'tallies');
      const other = await addNetwork(db, 'tallies-other');
      await assertExact(db, 'nothing');

      // one member at a time, as join and staff add do
      const joined = await insertMember(db, memberRow(id, { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' }));
      const pending = await insertMember(db, memberRow(id, { state: 'KE', language: 'en', status: 'pending', at: '2026-02-27T10:00:00.000Z' }));
      await insertMember(db, memberRow(other, { state: 'CN', language: 'zh' }));
      await assertExact(db, 'single inserts');

      // a multi-row statement, as a CSV import batch does, with duplicates of one combination and NULLs
      await db
        .insertInto('members')
        .values([
          memberRow(id, { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' }),
          memberRow(id, { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' }),
          memberRow(id, { state: 'BR', group: 'academia', language: 'es', source: 'igf-2025', at: '2025-06-30T23:59:59.999Z' }),
          memberRow(id, { language: 'ar' }),
          memberRow(id, { state: 'PS', language: 'ar', status: 'unsubscribed' }),
          memberRow(other, { state: 'CN', language: 'zh' }),
          memberRow(other, { state: 'JP', group: 'private_sector', language: 'zh', status: 'bounced' }),
        ])
        .execute();
      await assertExact(db, 'a multi-row insert');
      const ids = (await db.selectFrom('members').select('id').where('network_id', '=', id).orderBy('id').execute()).map((r) => r.id);

      // confirm: pending → subscribed in another month
      await updateMember(db, pending.id, { status: 'subscribed', status_at: '2026-03-01T08:00:00.000Z', consent_at: '2026-03-01T08:00:00.000Z' });
      await assertExact(db, 'a confirmation');

      // unsubscribe in the same month: only the status moves the member
      await updateMember(db, joined.id, { status: 'unsubscribed', status_at: '2025-01-20T00:00:00.000Z' });
      await assertExact(db, 'an unsubscribe in the same month');

      // staff edits: member state (and its derived geography), language, source, stakeholder group, to and from none
      await updateMember(db, ids[1]!, { member_state: 'DE', regional_group: 'western_european_others', language: 'en' });
      await updateMember(db, ids[2]!, { source: null, stakeholder_group: null });
      await updateMember(db, ids[4]!, { source: 'web', member_state: 'SN', stakeholder_group: 'civil_society' });
      await assertExact(db, 'field edits');

      // updates that change no tally: other columns, the same values, a new status_at in the same month
      const before = await actualTallies(db);
      await updateMember(db, ids[3]!, { name: 'Renamed', organisation: 'Somewhere', updated_at: now.toISOString() });
      await updateMember(db, ids[3]!, { language: 'fr', status: 'subscribed', source: 'hlgm-2024' });
      await updateMember(db, ids[3]!, { status_at: '2025-01-31T23:00:00.000Z' });
      assert.deepEqual(await actualTallies(db), before, 'no tally moves');
      await assertExact(db, 'updates that change no tally');

      // a bulk action: one statement changing many members
      await db
        .updateTable('members')
        .set({ status: 'removed', status_at: now.toISOString() })
        .where('network_id', '=', id)
        .where('language', '=', 'ar')
        .execute();
      await db.updateTable('members').set({ language: 'ru' }).where('network_id', '=', other).execute();
      await assertExact(db, 'bulk updates');

      // erase: personal data blanked, status removed, a new status_at
      await updateMember(db, ids[4]!, {
        email_input: '',
        email_display: '',
        email_ascii: null,
        email_key: `erased:x:${ids[4]}`,
        name: '',
        organisation: '',
        job_title: '',
        search_text: '',
        status: 'removed',
        status_at: now.toISOString(),
        updated_at: now.toISOString(),
        erased_at: now.toISOString(),
      });
      await assertExact(db, 'an erase');

      // a member moved to another network
      await updateMember(db, ids[6]!, { network_id: other });
      await assertExact(db, 'a move between networks');

      // deletes, one and many
      await db.deleteFrom('members').where('id', '=', ids[0]!).execute();
      await assertExact(db, 'a delete');
      await db.deleteFrom('members').where('network_id', '=', other).execute();
      await assertExact(db, 'a multi-row delete');

      // a combination nobody has any more stays at 0 and readers skip it; a new member revives it
      const zero = await db.selectFrom('member_tallies').select('n').where('network_id', '=', other).execute();
      assert.ok(zero.length > 0 && zero.every((r) => Number(r.n) === 0), 'emptied tallies stay at 0');
      await insertMember(db, memberRow(other, { state: 'CN', language: 'ru' }));
      await assertExact(db, 'an insert into an emptied combination');
    });

    test('a CSV import suspends the triggers, counts in bulk, and leaves the tallies exact and the triggers as they were', async () => {
      const id = await addNetwork(db, 'tallies-import');
      const triggers = () =>
        dialect === 'postgres'
          ? sql<{ t: string }>`SELECT tgname || ':' || tgenabled::text AS t FROM pg_trigger WHERE tgrelid = 'members'::regclass AND NOT tgisinternal`.execute(
              db,
            )
          : sql<{ t: string }>`SELECT name || ':' || sql AS t FROM sqlite_master WHERE type = 'trigger' ORDER BY name`.execute(db);
      const triggersBefore = (await triggers()).rows;
      assert.ok(triggersBefore.length > 0);
      // existing members with empty fields, which the import fills, or with --overwrite changes
      for (let i = 0; i < 40; i++) await insertMember(db, memberRow(id, { state: i % 2 ? 'FR' : '', language: 'fr', source: 'old' }));
      const existing = await db.selectFrom('members').select('email_display').where('network_id', '=', id).orderBy('id').execute();
      const states = ['KE', 'BR', 'CN', 'DE', 'IN', ''];
      const groups = ['government', 'academia', 'igo', ''];
      const csv = (from: number, count: number, state: (i: number) => string) =>
        [
          'email,name,memberState,stakeholderGroup,language,source',
          ...existing.map((m, i) => `${m.email_display},Again ${i},${state(i)},civil_society,en,new`),
          ...Array.from(
            { length: count },
            (_, i) => `import${from + i}@example.org,Person ${i},${state(i)},${groups[i % 4]},${['en', 'es', 'ar'][i % 3]},${i % 5 ? 'csv' : ''}`,
          ),
        ].join('\n');
      const deps = { db, clock: { now: () => now } };
      const options = { networkId: id, dryRun: false, actorLabel: 'test' } as const;
      // 1,240 rows: three batches, new members and filled fields
      const first = await importMembers(
        deps,
        csv(0, 1200, (i) => states[i % 6] as string),
        { ...options, status: 'subscribed', basis: 'test' },
      );
      assert.equal(first.accepted, 1200);
      assert.equal(first.updated, 40);
      await assertExact(db, 'an import');
      // --overwrite moves existing members to other member states; pending members in another status
      const second = await importMembers(
        deps,
        csv(5000, 600, (i) => states[(i + 1) % 5] as string),
        { ...options, status: 'pending', overwrite: true },
      );
      assert.equal(second.accepted, 600);
      assert.equal(second.updated, 40);
      await assertExact(db, 'an overwriting import of pending members');
      // a file that breaks on its last line changes nothing, tallies included
      const before = await actualTallies(db);
      await assert.rejects(importMembers(deps, `${csv(9000, 900, () => 'MX')}\n"unclosed,quote`, { ...options, status: 'subscribed', basis: 'test' }));
      assert.deepEqual(await actualTallies(db), before, 'a failed import counts nothing');
      // the triggers are back, unchanged, and count the next write
      assert.deepEqual((await triggers()).rows, triggersBefore);
      await insertMember(db, memberRow(id, { state: 'SN', language: 'fr' }));
      await assertExact(db, 'a write after the imports');
    });

    test('a write that fails leaves the tallies as they were', async () => {
      const id = await addNetwork(db, 'tallies-rollback');
      const row = memberRow(id, { state: 'MX', language: 'es' });
      await insertMember(db, row);
      const before = await actualTallies(db);
      // the same email key violates (network_id, email_key): the statement and its trigger's work are undone
      await assert.rejects(
        db
          .insertInto('members')
          .values([memberRow(id, { state: 'MX', language: 'es' }), row])
          .execute(),
      );
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('members')
            .values(memberRow(id, { state: 'MX', language: 'es' }))
            .execute();
          throw new Error('rolled back');
        }),
      );
      assert.deepEqual(await actualTallies(db), before);
      await assertExact(db, 'failed writes');
    });
  });

  describe(`migration 0003 on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
    });
    after(async () => {
      await database.drop();
    });

    test('backfills the tallies from existing members, then keeps them; down removes table and triggers', async () => {
      const db = database.handle.db;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const to2 = await migrator.migrateTo('0002-members');
      assert.equal(to2.error, undefined);

      const id = await addNetwork(db, 'backfill');
      const other = await addNetwork(db, 'backfill-other');
      const people: Person[] = [
        { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' },
        { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' },
        { state: 'KE', language: 'en', status: 'pending', at: '2026-03-02T00:00:00.000Z' },
        { state: 'BR', group: 'academia', language: 'es', at: '2024-12-31T23:59:59.999Z' },
        { language: 'ar', status: 'removed' },
        { state: 'VA', language: 'fr', source: 'igf-2025' },
      ];
      await db
        .insertInto('members')
        .values(people.map((p) => memberRow(id, p)))
        .execute();
      await db
        .insertInto('members')
        .values([memberRow(other, { state: 'CN', language: 'zh' }), memberRow(other, { state: 'CN', language: 'zh' })])
        .execute();

      assert.ok((await migrateToLatest(db)).includes('0003-member-tallies'));
      await assertExact(db, 'the backfill');
      const tally = async (dimension: string, value: string) =>
        Number(
          (
            await db
              .selectFrom('member_tallies')
              .select('n')
              .where('network_id', '=', id)
              .where('status', '=', 'subscribed')
              .where('dimension', '=', dimension as 'month')
              .where('value', '=', value)
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await tally('member_state', 'FR'), 2);
      assert.equal(await tally('month', '2025-01'), 3, 'FR, FR and VA');
      assert.equal(await tally('stakeholder_group', ''), 1, 'VA gave none');

      await db
        .insertInto('members')
        .values(memberRow(id, { state: 'FR', group: 'government', language: 'fr', source: 'hlgm-2024' }))
        .execute();
      await db.updateTable('members').set({ status: 'subscribed', status_at: '2026-03-03T00:00:00.000Z' }).where('status', '=', 'pending').execute();
      await db.deleteFrom('members').where('network_id', '=', other).execute();
      await assertExact(db, 'writes after the backfill');

      // down (and any later migration's): the tally table and its triggers are gone, and members can still be written
      const down = await migrator.migrateTo('0002-members');
      assert.equal(down.error, undefined);
      assert.ok(down.results?.some((r) => r.migrationName === '0003-member-tallies' && r.direction === 'Down' && r.status === 'Success'));
      await db
        .insertInto('members')
        .values(memberRow(id, { state: 'DE' }))
        .execute();
      await db.updateTable('members').set({ language: 'ru' }).execute();
      await db.deleteFrom('members').where('member_state', '=', 'DE').execute();
      await assert.rejects(db.selectFrom('member_tallies').selectAll().execute());

      // and up again backfills from what is there now
      assert.ok((await migrateToLatest(db)).includes('0003-member-tallies'));
      await assertExact(db, 'a second backfill');
    });
  });
}
