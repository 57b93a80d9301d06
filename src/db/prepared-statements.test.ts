import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';

// SQLite's connection gives the same SQL text its prepared statement back (database.ts): the same query many
// times with other parameters, after it was streamed or a stream of it was left, and after the schema changed.

for (const dialect of dialects) {
  describe(`the same query again on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
    });

    test('answers with its own parameters each time, after the same query was streamed or left half-way, and after the table changed', async () => {
      const t = await createTestDatabase(dialect, { migrate: false });
      databases.push(t);
      const { db } = t.handle;
      await sql`create table numbers (n integer not null)`.execute(db);
      for (let n = 1; n <= 50; n++)
        await db
          .insertInto('numbers' as never)
          .values({ n } as never)
          .execute();
      const count = async (below: number) => Number((await sql<{ c: number }>`select count(*) as c from numbers where n < ${below}`.execute(db)).rows[0]!.c);
      for (let below = 1; below <= 51; below++) assert.equal(await count(below), below - 1);

      // Streamed (the statement is busy until the stream ends), left half-way, and the same query run again after each.
      const query = () =>
        db
          .selectFrom('numbers' as never)
          .select('n' as never)
          .where('n' as never, '<', 10 as never);
      if (dialect === 'sqlite') {
        // (This project's PostgreSQL dialect has no cursor, so nothing streams there.)
        const streamed: number[] = [];
        for await (const row of query().stream() as AsyncIterable<{ n: number }>) streamed.push(row.n);
        assert.deepEqual(streamed, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        for await (const row of query().stream() as AsyncIterable<{ n: number }>) if (row.n === 3) break;
      }
      assert.equal((await query().execute()).length, 9);

      await sql`alter table numbers add column doubled integer`.execute(db);
      await sql`update numbers set doubled = n * 2`.execute(db);
      assert.equal(await count(11), 10);
      const rows = await sql<{ n: number; doubled: number }>`select * from numbers where n < ${3}`.execute(db);
      assert.deepEqual(rows.rows, [
        { n: 1, doubled: 2 },
        { n: 2, doubled: 4 },
      ]);
    });
  });
}
