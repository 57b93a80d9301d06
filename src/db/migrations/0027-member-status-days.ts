import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
//
// member_status_days counts, per network, UTC day and value of one dimension of the analytics' breakdowns
// (member state, stakeholder group, language, source), the status changes that made members subscribed
// (joined_n) and that ended it (left_n). The growth series read it instead of every member_events row since
// their first point joined to members: at 1,000,000 members a year of changes was ~560,000 rows to join and
// group per page view, while this holds days × values (a year by member state: ~50,000 rows, far fewer for
// the other dimensions).
//
// A change is counted under the value the member has *now*, as `member_tallies` counts them (0003), so that
// today's tallies less the changes after a day give that day's members exactly, and a member who moved is
// counted once. Triggers keep it so whatever writes: an inserted or deleted member_events row adds or takes
// back its change under the member's current values, and an update of a member's dimension moves all of that
// member's changes from the old value to the new one (a member has a handful of events). member_events rows
// are never updated. Missing values are ''. Like the tallies, rows that fall to 0 stay.

const dimensions = ['member_state', 'stakeholder_group', 'language', 'source'] as const;
const keyList = sql.raw('network_id, dimension, value, day');
const upsert = sql`ON CONFLICT (${keyList}) DO UPDATE SET
  joined_n = member_status_days.joined_n + excluded.joined_n, left_n = member_status_days.left_n + excluded.left_n`;

/** SQL for "this member_events row made the member subscribed" / "ended it", `e` being NEW, OLD or an alias. */
const joinedOf = (e: string) => `(${e}.to_status = 'subscribed' AND (${e}.from_status IS NULL OR ${e}.from_status <> 'subscribed'))`;
const leftOf = (e: string) => `(${e}.from_status = 'subscribed' AND ${e}.to_status IS NOT NULL AND ${e}.to_status <> 'subscribed')`;
const countsChange = (e: string) => `(${joinedOf(e)} OR ${leftOf(e)})`;
const dayValue = (dimension: (typeof dimensions)[number], m: string) => (dimension === 'language' ? `${m}.language` : `coalesce(${m}.${dimension}, '')`);

/** Adds (sign 1) or takes back (-1) one member_events row's change, under its member's current values. */
function countEvent(e: 'NEW' | 'OLD', sign: 1 | -1): RawBuilder<unknown> {
  const selects = dimensions.map(
    (d) => `SELECT m.network_id, '${d}', ${dayValue(d, 'm')}, substr(${e}.at, 1, 10),
      CASE WHEN ${joinedOf(e)} THEN ${sign} ELSE 0 END, CASE WHEN ${leftOf(e)} THEN ${sign} ELSE 0 END
      FROM members AS m WHERE m.id = ${e}.member_id`,
  );
  return sql`INSERT INTO member_status_days (${keyList}, joined_n, left_n) ${sql.raw(selects.join(' UNION ALL '))} ${upsert}`;
}

/** Moves every change of an updated member from its old dimension values to its new ones, in one statement. */
function moveMember(): RawBuilder<unknown> {
  const side = (row: 'OLD' | 'NEW', sign: 1 | -1) =>
    dimensions.map(
      (d) => `SELECT ${row}.network_id AS network_id, '${d}' AS dimension, ${dayValue(d, row)} AS value, substr(e.at, 1, 10) AS day,
        CASE WHEN ${joinedOf('e')} THEN ${sign} ELSE 0 END AS j, CASE WHEN ${leftOf('e')} THEN ${sign} ELSE 0 END AS l
        FROM member_events AS e WHERE e.member_id = ${row}.id AND ${countsChange('e')}`,
    );
  return sql`INSERT INTO member_status_days (${keyList}, joined_n, left_n)
    SELECT network_id, dimension, value, day, sum(j), sum(l)
    FROM (${sql.raw([...side('OLD', -1), ...side('NEW', 1)].join(' UNION ALL '))}) AS d
    WHERE true
    GROUP BY network_id, dimension, value, day
    HAVING sum(j) <> 0 OR sum(l) <> 0
    ${upsert}`;
}

const keyOf = (row: 'NEW' | 'OLD') => sql.raw([`${row}.network_id`, ...dimensions.map((d) => dayValue(d, row))].join(', '));
const keyChanged = sql`(${keyOf('OLD')}) IS DISTINCT FROM (${keyOf('NEW')})`;

async function createTriggers(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION member_status_days_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' AND ${sql.raw(countsChange('NEW'))} THEN
          ${countEvent('NEW', 1)};
        ELSIF TG_OP = 'DELETE' AND ${sql.raw(countsChange('OLD'))} THEN
          ${countEvent('OLD', -1)};
        END IF;
        RETURN NULL;
      END
    $$`.execute(db);
    await sql`CREATE TRIGGER member_status_days_event AFTER INSERT OR DELETE ON member_events
      FOR EACH ROW EXECUTE FUNCTION member_status_days_event()`.execute(db);
    await sql`CREATE FUNCTION member_status_days_member() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF ${keyChanged} THEN
          ${moveMember()};
        END IF;
        RETURN NULL;
      END
    $$`.execute(db);
    await sql`CREATE TRIGGER member_status_days_member
      AFTER UPDATE OF network_id, member_state, stakeholder_group, language, source ON members
      FOR EACH ROW EXECUTE FUNCTION member_status_days_member()`.execute(db);
    return;
  }
  await sql`CREATE TRIGGER member_status_days_insert AFTER INSERT ON member_events
    WHEN ${sql.raw(countsChange('NEW'))} BEGIN ${countEvent('NEW', 1)}; END`.execute(db);
  await sql`CREATE TRIGGER member_status_days_delete AFTER DELETE ON member_events
    WHEN ${sql.raw(countsChange('OLD'))} BEGIN ${countEvent('OLD', -1)}; END`.execute(db);
  await sql`CREATE TRIGGER member_status_days_move
    AFTER UPDATE OF network_id, member_state, stakeholder_group, language, source ON members
    WHEN ${keyChanged}
    BEGIN ${moveMember()}; END`.execute(db);
}

async function build(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_status_days')
    .addColumn('network_id', 'integer', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('joined_n', 'integer', (c) => c.notNull())
    .addColumn('left_n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_status_days_pkey', ['network_id', 'dimension', 'value', 'day'])
    .execute();
  // The series read one dimension's days from a first day on: a covering index, so that read is one range scan
  // (through the table's rows instead, a year by member state took 216 ms at 1,000,000 members on SQLite).
  await db.schema
    .createIndex('member_status_days_day')
    .on('member_status_days')
    .columns(['network_id', 'dimension', 'day', 'value', 'joined_n', 'left_n'])
    .execute();
  // "Unsubscribed after an announcement" starts from the unsubscriptions since a day: few beside every status
  // change, and this index finds them and their members without reading the events' rows.
  await db.schema.createIndex('member_events_to_status_at').on('member_events').columns(['to_status', 'at', 'member_id']).execute();
  // And for one member, "did they unsubscribe after this message?" is a seek (the announcements' table asks it for
  // each delivery of 50 announcements: 474 ms through the index above at 1,000,000 members, 19 ms through this one).
  await db.schema.createIndex('member_events_member_status').on('member_events').columns(['member_id', 'to_status', 'at']).execute();
  // Triggers first, then the backfill (as in 0003): writers wait for this migration, so nothing is counted twice.
  await createTriggers(db);
  for (const dimension of dimensions) {
    const value = sql.raw(dayValue(dimension, 'm'));
    await sql`INSERT INTO member_status_days (${keyList}, joined_n, left_n)
      SELECT m.network_id, ${sql.lit(dimension)}, ${value}, substr(e.at, 1, 10),
        sum(CASE WHEN ${sql.raw(joinedOf('e'))} THEN 1 ELSE 0 END), sum(CASE WHEN ${sql.raw(leftOf('e'))} THEN 1 ELSE 0 END)
      FROM member_events AS e INNER JOIN members AS m ON m.id = e.member_id
      WHERE ${sql.raw(countsChange('e'))}
      GROUP BY m.network_id, ${value}, substr(e.at, 1, 10)`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  // One transaction on SQLite too (Kysely gives PostgreSQL one), so table, triggers and backfill appear at once.
  if (isPostgres(db)) await build(db);
  else await db.transaction().execute(build);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS member_status_days_event ON member_events`.execute(db);
    await sql`DROP TRIGGER IF EXISTS member_status_days_member ON members`.execute(db);
    await sql`DROP FUNCTION IF EXISTS member_status_days_event()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS member_status_days_member()`.execute(db);
  } else {
    for (const trigger of ['member_status_days_insert', 'member_status_days_delete', 'member_status_days_move']) {
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
    }
  }
  await db.schema.dropTable('member_status_days').execute();
  await db.schema.dropIndex('member_events_member_status').execute();
  await db.schema.dropIndex('member_events_to_status_at').execute();
}
