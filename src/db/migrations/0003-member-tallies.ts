import { type Kysely, sql } from 'kysely';
import { isPostgres } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
//
// member_tallies counts members per (network, status, member state, stakeholder group, language, source,
// month of status_at), so the network's picture reads a few thousand tally rows instead of grouping a
// million members. Triggers on `members` keep it exact whatever writes a member (join, confirm, staff
// edits, bulk actions, CSV import, erase, deletes), with no application code to forget. Missing values are
// '' so the key columns can be NOT NULL and form the primary key. A tally that falls to 0 stays (readers
// filter n > 0): the set of combinations is small and bounded, and keeping it spares every decrement a
// delete and the next increment an insert.
//
// What the triggers do not see: TRUNCATE, and on SQLite rows an INSERT OR REPLACE deletes (delete triggers
// fire for those only with recursive_triggers on). Nothing writes members that way; keep it so.
//
// On PostgreSQL each tally row is locked from its upsert until the writing transaction commits, so two
// transactions that add members with the same combination take turns, and two long multi-row transactions
// that touch the same tallies in opposite orders can deadlock (PostgreSQL aborts one). Keep bulk writes in
// short batched transactions.

const keyColumns = ['network_id', 'status', 'member_state', 'stakeholder_group', 'language', 'source', 'month'] as const;
const keyList = sql.raw(keyColumns.join(', '));

/** The tally key of a members row, `row` being NEW or OLD: NULLs become '' and status_at its 'YYYY-MM'. */
function keyValues(row: 'NEW' | 'OLD') {
  return sql.raw(
    `${row}.network_id, ${row}.status, coalesce(${row}.member_state, ''), coalesce(${row}.stakeholder_group, ''), ` +
      `${row}.language, coalesce(${row}.source, ''), substr(${row}.status_at, 1, 7)`,
  );
}

/** The WHERE clause that finds the tally row of a members row. */
function keyMatch(row: 'NEW' | 'OLD') {
  return sql.raw(
    `network_id = ${row}.network_id AND status = ${row}.status AND member_state = coalesce(${row}.member_state, '') ` +
      `AND stakeholder_group = coalesce(${row}.stakeholder_group, '') AND language = ${row}.language ` +
      `AND source = coalesce(${row}.source, '') AND month = substr(${row}.status_at, 1, 7)`,
  );
}

const increment = (row: 'NEW') =>
  sql`INSERT INTO member_tallies (${keyList}, n) VALUES (${keyValues(row)}, 1)
      ON CONFLICT (${keyList}) DO UPDATE SET n = member_tallies.n + 1`;
const decrement = (row: 'OLD') => sql`UPDATE member_tallies SET n = n - 1 WHERE ${keyMatch(row)}`;
/** True when an update moves the member to another tally (a new updated_at or name does not). */
const keyChanged = sql`(${keyValues('OLD')}) IS DISTINCT FROM (${keyValues('NEW')})`;

async function createTriggers(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION member_tallies_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF NOT ${keyChanged} THEN
            RETURN NULL;
          END IF;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          ${decrement('OLD')};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          ${increment('NEW')};
        END IF;
        RETURN NULL;
      END
    $$`.execute(db);
    await sql`CREATE TRIGGER member_tallies_count AFTER INSERT OR UPDATE OR DELETE ON members
      FOR EACH ROW EXECUTE FUNCTION member_tallies_count()`.execute(db);
    return;
  }
  // UPDATE OF skips updates that set none of the key columns; WHEN, those that set them to the same tally.
  await sql`CREATE TRIGGER member_tallies_insert AFTER INSERT ON members BEGIN ${increment('NEW')}; END`.execute(db);
  await sql`CREATE TRIGGER member_tallies_delete AFTER DELETE ON members BEGIN ${decrement('OLD')}; END`.execute(db);
  await sql`CREATE TRIGGER member_tallies_update
    AFTER UPDATE OF network_id, status, member_state, stakeholder_group, language, source, status_at ON members
    WHEN ${keyChanged}
    BEGIN ${decrement('OLD')}; ${increment('NEW')}; END`.execute(db);
}

async function build(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_tallies')
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('member_state', 'text', (c) => c.notNull())
    .addColumn('stakeholder_group', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_tallies_pkey', [...keyColumns])
    .execute();
  // Triggers first, then the backfill: on PostgreSQL creating a trigger waits for writers on members to
  // commit and holds them off until this migration commits, so the backfill sees every member exactly once.
  await createTriggers(db);
  await sql`INSERT INTO member_tallies (${keyList}, n)
    SELECT network_id, status, coalesce(member_state, ''), coalesce(stakeholder_group, ''), language, coalesce(source, ''),
      substr(status_at, 1, 7), count(*)
    FROM members
    GROUP BY network_id, status, coalesce(member_state, ''), coalesce(stakeholder_group, ''), language, coalesce(source, ''),
      substr(status_at, 1, 7)`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs PostgreSQL migrations in a transaction but not SQLite ones; one here makes the table,
  // triggers and backfill appear at once (its first statement writes, so it holds SQLite's write lock).
  if (isPostgres(db)) await build(db);
  else await db.transaction().execute(build);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS member_tallies_count ON members`.execute(db);
    await sql`DROP FUNCTION IF EXISTS member_tallies_count()`.execute(db);
  } else {
    for (const trigger of ['member_tallies_insert', 'member_tallies_delete', 'member_tallies_update']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
    }
  }
  await db.schema.dropTable('member_tallies').execute();
}
