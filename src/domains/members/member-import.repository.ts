/**
 * SQL of the CSV import. The bulk writes take a batch of rows as ONE JSON parameter, which the database unpacks
 * (json_each on SQLite, jsonb_array_elements on PostgreSQL: jsonb, parsed once, where json's ->> parses each row again): the statement stays a few hundred characters however
 * many rows it carries, so nothing near SQLite's variable limit or PostgreSQL's planning of 30,000 parameters,
 * and the JSON text is built in one native call.
 */
import { type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { MemberStatus, MemberTable } from './member.table.ts';
import { importedColumns } from './member-import-rows.ts';
import type { MemberColumns } from './member-record.ts';

type Executor = Kysely<Database>;

const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

/** What every new member of one import shares: a new members row but the columns its CSV row gives. */
export type SharedMemberValues = Omit<MemberTable, 'id' | 'erased_at' | keyof MemberColumns>;

/**
 * Inserts members, one JSON array of `memberColumnValues` per member in `rowsJson`, in that order, each with the
 * `shared` values; returns each new id with its dedupe key. One statement, whatever the number of rows.
 */
export async function insertImportedMembers(db: Executor, rowsJson: string, shared: SharedMemberValues): Promise<{ id: number; email_key: string }[]> {
  const postgres = isPostgres(db);
  const sharedEntries = Object.entries(shared);
  const names = sql.join([...importedColumns, ...sharedEntries.map(([name]) => name)].map((name) => sql.id(name)));
  const values = sql.join([
    ...importedColumns.map((_, i) => sql.raw(postgres ? `r.value->>${i}` : `value->>${i}`)),
    // network_id is the one integer; PostgreSQL would not cast a text parameter to it inside a SELECT list.
    ...sharedEntries.map(([name, value]) => (postgres && name === 'network_id' ? sql`${value}::integer` : sql`${value}`)),
  ]);
  const source = postgres
    ? sql`jsonb_array_elements(${rowsJson}::jsonb) WITH ORDINALITY AS r(value, n) ORDER BY r.n`
    : sql`json_each(${rowsJson}) ORDER BY key`;
  const { rows } = await sql<{ id: number; email_key: string }>`INSERT INTO members (${names}) SELECT ${values} FROM ${source} RETURNING id, email_key`.execute(
    db,
  );
  return rows;
}

/** One `imported` history entry for each member in `memberIds`, all alike but for the member; one statement. */
export async function insertImportedEvents(
  db: Executor,
  memberIds: readonly number[],
  e: { at: string; toStatus: MemberStatus; actorLabel: string; details: string | null },
): Promise<void> {
  if (memberIds.length === 0) return;
  const ids = isPostgres(db)
    ? sql`unnest(${sql.val(memberIds)}::integer[]) WITH ORDINALITY AS t(value, n) ORDER BY t.n`
    : sql`json_each(${JSON.stringify(memberIds)}) ORDER BY key`;
  await sql`INSERT INTO member_events (member_id, at, kind, from_status, to_status, actor_label, details)
    SELECT value, ${e.at}, 'imported', NULL, ${e.toStatus}, ${e.actorLabel}, ${e.details} FROM ${ids}`.execute(db);
}

/** History entries of any kind, in multi-row INSERTs of 500 (under SQLite's variable limit). */
export async function insertMemberEvents(
  db: Executor,
  events: { memberId: number; kind: string; fromStatus: MemberStatus | null; toStatus: MemberStatus | null; details: unknown }[],
  actorLabel: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < events.length; i += 500) {
    await db
      .insertInto('member_events')
      .values(
        events.slice(i, i + 500).map((e) => ({
          member_id: e.memberId,
          at,
          kind: e.kind,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          actor_label: actorLabel,
          details: e.details === null ? null : JSON.stringify(e.details),
        })),
      )
      .execute();
  }
}

/**
 * Refreshes PostgreSQL's statistics of `members` inside the import's transaction (ANALYZE counts the rows this
 * transaction inserted). A new or small members table otherwise keeps the planner's belief that it is tiny
 * while the import makes it large, and the lookups by key and by id read every member at every batch: a
 * 100,000-row import spent 5 s on lookups alone. SQLite's planner reads no statistics (nothing runs ANALYZE there).
 */
export async function refreshPlannerStatistics(db: Executor): Promise<void> {
  if (isPostgres(db)) await sql`ANALYZE members`.execute(db);
}

/** The existing members an import looks at, by dedupe key. */
export type ExistingMember = Pick<
  MemberTable,
  'email_key' | 'email_display' | 'email_ascii' | 'name' | 'member_state' | 'stakeholder_group' | 'organisation' | 'job_title' | 'language' | 'status'
> & { id: number };

/** The network's members with any of these dedupe keys. */
export function findMembersByKeys(db: Executor, networkId: number, keys: readonly string[]): Promise<ExistingMember[]> {
  if (keys.length === 0) return Promise.resolve([]);
  // = ANY of an array on PostgreSQL: IN (SELECT unnest(…)) was planned as a scan of every member, each batch.
  const match = isPostgres(db)
    ? sql<boolean>`email_key = ANY(${sql.val(keys)}::text[])`
    : sql<boolean>`email_key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`;
  return db
    .selectFrom('members')
    .select(['id', 'email_key', 'email_display', 'email_ascii', 'name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language', 'status'])
    .where('network_id', '=', networkId)
    .where(match)
    .execute();
}

/** The `erased:<sha256 of the key>` prefixes of erased members' tombstones (see member.service erase). */
export async function erasedKeyHashes(db: Executor, networkId: number): Promise<string[]> {
  const rows = await db.selectFrom('members').select('email_key').where('network_id', '=', networkId).where('erased_at', 'is not', null).execute();
  return rows.map((r) => r.email_key.slice(0, r.email_key.lastIndexOf(':')));
}
