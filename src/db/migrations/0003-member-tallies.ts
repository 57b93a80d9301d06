import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
//
// member_tallies counts members per network and status along each dimension of the network's picture on
// its own: member state, stakeholder group, language, source, and the month ('YYYY-MM') of status_at. A
// member is in five tally rows, one per dimension. The picture needs no cross-tabulation, and one row per
// combination of all five would not be a summary: 1,000,000 synthetic members with independent dimensions
// gave 308,226 combinations for the subscribed ones alone (reading them took 1.4 s), while per-dimension
// tallies hold a few hundred rows however many members there are.
//
// Triggers on `members` keep the tallies exact whatever writes a member (join, confirm, staff edits, bulk
// actions, CSV import, erase, deletes), with no application code to forget. Missing values are '' so the
// key columns can be NOT NULL and form the primary key. A tally that falls to 0 stays (readers ask for
// n > 0): the rows are few and bounded, and keeping them spares the next increment an insert.
//
// What the triggers do not see: TRUNCATE, and on SQLite rows an INSERT OR REPLACE deletes (delete triggers
// fire for those only with recursive_triggers on). Nothing writes members that way; keep it so.
//
// On PostgreSQL a tally row is locked from its upsert until the writing transaction commits, so writers
// that move the same tally (same network, status and, say, language) take turns: a long transaction that
// writes members (a CSV import runs in one) holds up confirmations and edits of members with any of the
// values it wrote until it commits, and two such transactions can deadlock (PostgreSQL aborts one). SQLite
// has one writer at a time anyway, so nothing changes there.

const dimensions = ['member_state', 'stakeholder_group', 'language', 'source', 'month'] as const;
const keyList = sql.raw('network_id, status, dimension, value');

/** The tally value of a dimension for a members row, `row` being NEW, OLD or a table: NULL is '', status_at its month. */
function tallyValue(dimension: (typeof dimensions)[number], row: string): string {
  if (dimension === 'month') return `substr(${row}.status_at, 1, 7)`;
  if (dimension === 'language') return `${row}.language`;
  return `coalesce(${row}.${dimension}, '')`;
}

/** The five (network_id, status, dimension, value, delta) tuples of a members row. */
function tuples(row: 'NEW' | 'OLD', delta: 1 | -1): string[] {
  return dimensions.map((d) => `(${row}.network_id, ${row}.status, '${d}', ${tallyValue(d, row)}, ${delta})`);
}

const upsert = sql`ON CONFLICT (${keyList}) DO UPDATE SET n = member_tallies.n + excluded.n`;

/** Adds `delta` to the five tallies of a members row (its keys are distinct, so one statement may upsert them all). */
function count(row: 'NEW' | 'OLD', delta: 1 | -1): RawBuilder<unknown> {
  return sql`INSERT INTO member_tallies (${keyList}, n) VALUES ${sql.raw(tuples(row, delta).join(', '))} ${upsert}`;
}

/**
 * Moves an updated member from its old tallies to its new ones in one statement. Old and new often share
 * a key (a language edit keeps status and member state), so the deltas are summed first and only the
 * tallies that change are written (and, on PostgreSQL, locked). A UNION ALL of SELECTs, not VALUES: SQLite
 * does not name the columns of a VALUES list inside a trigger.
 */
function move(): RawBuilder<unknown> {
  const selects = (row: 'NEW' | 'OLD', delta: 1 | -1) =>
    dimensions.map(
      (d) => `SELECT ${row}.network_id AS network_id, ${row}.status AS status, '${d}' AS dimension, ${tallyValue(d, row)} AS value, ${delta} AS delta`,
    );
  return sql`INSERT INTO member_tallies (${keyList}, n)
    SELECT network_id, status, dimension, value, sum(delta)
    FROM (${sql.raw([...selects('OLD', -1), ...selects('NEW', 1)].join(' UNION ALL '))}) AS d
    WHERE true
    GROUP BY network_id, status, dimension, value
    HAVING sum(delta) <> 0
    ${upsert}`;
}

/** True when an update moves the member to another tally (a new updated_at, name or same-month status_at does not). */
const keyOf = (row: 'NEW' | 'OLD') => sql.raw([`${row}.network_id`, `${row}.status`, ...dimensions.map((d) => tallyValue(d, row))].join(', '));
const keyChanged = sql`(${keyOf('OLD')}) IS DISTINCT FROM (${keyOf('NEW')})`;

async function createTriggers(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION member_tallies_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${count('NEW', 1)};
        ELSIF TG_OP = 'DELETE' THEN
          ${count('OLD', -1)};
        ELSIF ${keyChanged} THEN
          ${move()};
        END IF;
        RETURN NULL;
      END
    $$`.execute(db);
    await sql`CREATE TRIGGER member_tallies_count AFTER INSERT OR UPDATE OR DELETE ON members
      FOR EACH ROW EXECUTE FUNCTION member_tallies_count()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER member_tallies_insert AFTER INSERT ON members BEGIN ${count('NEW', 1)}; END`.execute(db);
  await sql`CREATE TRIGGER member_tallies_delete AFTER DELETE ON members BEGIN ${count('OLD', -1)}; END`.execute(db);
  // UPDATE OF skips updates that set none of the key columns; WHEN, those that leave every tally as it was.
  await sql`CREATE TRIGGER member_tallies_update
    AFTER UPDATE OF network_id, status, member_state, stakeholder_group, language, source, status_at ON members
    WHEN ${keyChanged}
    BEGIN ${move()}; END`.execute(db);
}

async function build(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_tallies')
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_tallies_pkey', ['network_id', 'status', 'dimension', 'value'])
    .execute();
  // Triggers first, then the backfill: on PostgreSQL creating a trigger waits for writers on members to
  // commit and holds them off until this migration commits, so the backfill sees every member exactly once.
  await createTriggers(db);
  for (const dimension of dimensions) {
    const value = sql.raw(tallyValue(dimension, 'members'));
    await sql`INSERT INTO member_tallies (${keyList}, n)
      SELECT network_id, status, ${sql.lit(dimension)}, ${value}, count(*) FROM members GROUP BY network_id, status, ${value}`.execute(db);
  }

  // The admin list's filters: 0002 indexes each filter on its own, paged by id, so a count with two filters
  // read every row matching one of them to check the other (about 200 ms at 1,000,000 members). Status is in
  // nearly every admin view; language with stakeholder group is the benchmark. Both become
  // index-only counts and stay id-ordered for keyset pages.
  await db.schema.createIndex('members_status_regional_group').on('members').columns(['network_id', 'status', 'regional_group', 'id']).execute();
  await db.schema.createIndex('members_language_stakeholder_group').on('members').columns(['network_id', 'language', 'stakeholder_group', 'id']).execute();
  // Nothing runs ANALYZE, and without statistics SQLite answered a text search's first page by sorting every
  // member of the network (2.5 s); walking (network_id, id) backwards stops after a page of matches. Created
  // last on purpose: among indexes that look equally good SQLite picks the newest, and for a search count
  // this one reads rows in id order, like a table scan, where the others jump about.
  await db.schema.createIndex('members_network').on('members').columns(['network_id', 'id']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  // Kysely runs PostgreSQL migrations in a transaction but not SQLite ones; one here makes the table,
  // triggers and backfill appear at once (its first statement writes, so it holds SQLite's write lock).
  if (isPostgres(db)) await build(db);
  else await db.transaction().execute(build);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['members_network', 'members_language_stakeholder_group', 'members_status_regional_group']) {
    await db.schema.dropIndex(index).execute();
  }
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
