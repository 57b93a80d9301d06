/**
 * Tallies counted in bulk, for a bulk write in one transaction (the CSV import). The triggers of migration 0003
 * count each member row as it is written; 100,000 members in one transaction then update the same few tally rows
 * 100,000 times each. On PostgreSQL each such update leaves a row version that the next one steps over until
 * commit, so the import grew quadratically (20,000 members: 32 s; 100,000: many minutes). Instead the writer
 * suspends the triggers in its transaction and counts each statement's rows with one upsert per tally.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MemberStatus, MemberTable } from './member.table.ts';
import { type TallyDimension, tallyDimensions } from './member-tally.table.ts';

type Executor = Kysely<Database>;

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

// The tally value of each dimension, as the triggers compute it (migration 0003): missing is '', month is 'YYYY-MM'.
const dimensionValues = {
  member_state: "coalesce(member_state, '')",
  stakeholder_group: "coalesce(stakeholder_group, '')",
  language: 'language',
  source: "coalesce(source, '')",
  month: 'substr(status_at, 1, 7)',
} as const;

/**
 * Switches the tally triggers off for the rest of the transaction `trx`, and returns the function that switches
 * them on again (call it before commit). Until then the writer counts what it writes with `countTallies`.
 * Nobody else sees the triggers missing: on SQLite the transaction holds the only write lock and readers see the
 * schema as committed; on PostgreSQL other writers of `members` wait for the transaction (ALTER TABLE locks
 * the table against writes, not reads, until commit) and see the catalog as committed.
 */
export async function suspendTallyTriggers(trx: Executor): Promise<() => Promise<void>> {
  if (isPostgres(trx)) {
    await sql`ALTER TABLE members DISABLE TRIGGER member_tallies_count`.execute(trx);
    return async () => {
      await sql`ALTER TABLE members ENABLE TRIGGER member_tallies_count`.execute(trx);
    };
  }
  // SQLite cannot disable a trigger: each is dropped and made again from its own text in sqlite_master.
  const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
    WHERE type = 'trigger' AND tbl_name = 'members' AND name LIKE 'member_tallies_%' ORDER BY name`.execute(trx);
  if (rows.length !== 3) throw new Error(`expected the three member_tallies triggers, found ${rows.map((r) => r.name).join(', ') || 'none'}`);
  for (const trigger of rows) await sql`DROP TRIGGER ${sql.id(trigger.name)}`.execute(trx);
  return async () => {
    for (const trigger of rows) await sql.raw(trigger.sql).execute(trx);
  };
}

/** Adds `delta` to each tally of the given members as their rows are now: +1 after inserting them, −1 and +1 around an update. */
export async function countTallies(trx: Executor, memberIds: readonly number[], delta: 1 | -1): Promise<void> {
  if (memberIds.length === 0) return;
  // = ANY of an array on PostgreSQL: IN (SELECT unnest(…)) was planned as a scan of every member.
  const chosen = isPostgres(trx) ? sql`id = ANY(${sql.val(memberIds)}::integer[])` : sql`id IN (SELECT value FROM json_each(${JSON.stringify(memberIds)}))`;
  // The members are read once (MATERIALIZED), then counted along each dimension.
  const perDimension = Object.entries(dimensionValues).map(
    ([dimension, value]) => sql`SELECT network_id, status, ${sql.lit(dimension)} AS dimension, ${sql.raw(value)} AS value FROM counted`,
  );
  // WHERE true: SQLite needs it to read ON CONFLICT after INSERT … SELECT … GROUP BY.
  await sql`WITH counted AS MATERIALIZED (
      SELECT network_id, status, member_state, stakeholder_group, language, source, status_at FROM members WHERE ${chosen}
    )
    INSERT INTO member_tallies (network_id, status, dimension, value, n)
    SELECT network_id, status, dimension, value, ${sql.lit(delta)} * count(*) FROM (${sql.join(perDimension, sql` UNION ALL `)}) AS t
    WHERE true
    GROUP BY network_id, status, dimension, value
    ON CONFLICT (network_id, status, dimension, value) DO UPDATE SET n = member_tallies.n + excluded.n`.execute(trx);
}

/** How many members a writer adds to each tally of one network and status, keyed `dimension` NUL `value`. */
export type TallyCounts = Map<string, number>;

type TalliedColumns = Pick<MemberTable, 'member_state' | 'stakeholder_group' | 'language' | 'source' | 'status_at'>;

// The values dimensionValues computes in SQL, for a row the writer holds.
const tallyValueOf: Record<TallyDimension, (row: TalliedColumns) => string> = {
  member_state: (row) => row.member_state ?? '',
  stakeholder_group: (row) => row.stakeholder_group ?? '',
  language: (row) => row.language,
  source: (row) => row.source ?? '',
  month: (row) => row.status_at.slice(0, 7),
};

/** Counts a row the writer is inserting into `counts`. */
export function countRow(counts: TallyCounts, row: TalliedColumns): void {
  for (const dimension of tallyDimensions) {
    const key = `${dimension}\u0000${tallyValueOf[dimension](row)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}

/** Adds the counted members to the tallies of one network and status: one upsert per tally, however many members. */
export async function addTallies(trx: Executor, networkId: number, status: MemberStatus, counts: TallyCounts): Promise<void> {
  const rows = [...counts].map(([key, n]) => {
    const [dimension, value] = key.split('\u0000') as [string, string];
    return sql`(${networkId}, ${status}, ${dimension}, ${value}, ${n})`;
  });
  // 5 values a tally: 1,000 tallies stay far under SQLite's 32,766 variables.
  for (let i = 0; i < rows.length; i += 1000) {
    await sql`INSERT INTO member_tallies (network_id, status, dimension, value, n) VALUES ${sql.join(rows.slice(i, i + 1000))}
      ON CONFLICT (network_id, status, dimension, value) DO UPDATE SET n = member_tallies.n + excluded.n`.execute(trx);
  }
}
