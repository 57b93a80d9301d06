import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { EventRegistrationRow, EventRegistrationTable, EventRow, EventTable, RegistrationStatus } from './event.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

export function findEvent(db: Executor, id: number): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertEvent(db: Executor, row: Insertable<EventTable>): Promise<EventRow> {
  return db.insertInto('events').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateEvent(db: Executor, id: number, changes: Updateable<EventTable>): Promise<void> {
  await db.updateTable('events').set(changes).where('id', '=', id).execute();
}

/** Events that have not ended by `now` (soonest first), or those that have (latest first). */
export function listEvents(db: Executor, networkId: number, when: 'upcoming' | 'past', now: string, options: { limit: number; statuses?: string[] }) {
  let q = db.selectFrom('events').selectAll().where('network_id', '=', networkId);
  if (options.statuses) q = q.where('status', 'in', options.statuses as EventRow['status'][]);
  q =
    when === 'upcoming'
      ? q.where('ends_at', '>=', now).orderBy('starts_at', 'asc').orderBy('id', 'asc')
      : q.where('ends_at', '<', now).orderBy('starts_at', 'desc').orderBy('id', 'desc');
  return q.limit(options.limit).execute();
}

/** Registrations by status, and by attendance once known (`no_show`: confirmed and known not to have come). */
export type RegistrationCounts = Record<RegistrationStatus | 'attended' | 'no_show', number>;

export function emptyCounts(): RegistrationCounts {
  return { confirmed: 0, waitlisted: 0, pending_approval: 0, cancelled: 0, attended: 0, no_show: 0 };
}

/** Registrations by status (and attended) for each event. */
export async function countRegistrations(db: Executor, eventIds: number[]): Promise<Map<number, RegistrationCounts>> {
  const counts = new Map<number, RegistrationCounts>(eventIds.map((id) => [id, emptyCounts()]));
  if (eventIds.length === 0) return counts;
  const rows = await db
    .selectFrom('event_registrations')
    .select((eb) => [
      'event_id',
      'status',
      eb.fn.countAll().as('n'),
      eb.fn.sum<number>('attended').as('came'),
      eb.fn.sum<number>(eb.case().when('attended', '=', 0).then(1).else(0).end()).as('missed'),
    ])
    .where('event_id', 'in', eventIds)
    .groupBy(['event_id', 'status'])
    .execute();
  for (const r of rows) {
    const c = counts.get(r.event_id) ?? emptyCounts();
    c[r.status] = Number(r.n);
    c.attended += Number(r.came ?? 0);
    if (r.status === 'confirmed') c.no_show += Number(r.missed ?? 0);
    counts.set(r.event_id, c);
  }
  return counts;
}

/**
 * Takes the event's registration lock for the rest of the transaction: an UPDATE locks the row on PostgreSQL and
 * takes SQLite's write lock, so two registrations never count the same free place.
 */
export async function lockRegistrations(trx: Transaction<Database>, eventId: number, now: string): Promise<Pick<EventRow, 'capacity' | 'approval'>> {
  // RETURNING: the capacity and approval as they are under the lock (staff may have raised the capacity meanwhile).
  return trx.updateTable('events').set({ registrations_at: now }).where('id', '=', eventId).returning(['capacity', 'approval']).executeTakeFirstOrThrow();
}

/** PostgreSQL: this transaction's COMMIT returns before its WAL is on disk (a later synchronous commit flushes it). */
export async function commitWithoutWaitingForDisk(trx: Transaction<Database>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/** A new registration's columns; `status` null: confirmed while a place is free and nobody waits, else waitlisted. */
export type NewRegistration = Omit<Insertable<EventRegistrationTable>, 'status'> & { status: RegistrationStatus | null };

/**
 * Inserts the registration unless the person is registered already (the (event, email_key) key: then undefined), in
 * one statement that also decides its place when `status` is null: confirmed while fewer than `capacity` are and
 * nobody waits, else waitlisted. Run under the registration lock (one round trip fewer while the event is held).
 */
export async function insertRegistrationIfNew(
  trx: Transaction<Database>,
  row: NewRegistration,
  capacity: number | null,
): Promise<EventRegistrationRow | undefined> {
  const status =
    row.status !== null
      ? sql`${row.status}`
      : capacity === null
        ? sql`${'confirmed'}`
        : // Someone waiting is checked first (one index entry): once an event is full, its places are not counted again.
          // The count stops at the capacity, so it reads at most that many entries.
          sql`case when exists (select 1 from event_registrations where event_id = cast(${row.event_id} as integer) and status = 'waitlisted') then 'waitlisted'
            when (select count(*) from (select 1 from event_registrations where event_id = cast(${row.event_id} as integer) and status = 'confirmed'
              limit cast(${capacity} as integer)) as taken) < cast(${capacity} as integer) then 'confirmed'
            else 'waitlisted' end`;
  const int = (value: number | null | undefined) => sql`cast(${value ?? null} as integer)`;
  // INSERT … SELECT so the place is counted in the same statement; "where true" is SQLite's way to let an upsert
  // follow a SELECT. Integers are cast: PostgreSQL reads a bare parameter in a select list as text.
  const result = await sql<EventRegistrationRow>`insert into event_registrations
      (event_id, member_id, email_display, email_key, name, member_state, regional_group, organisation, locale, time_zone, status, placed_at, decided_by, created_by, created_at, updated_at)
    select ${int(row.event_id)}, ${int(row.member_id)}, ${row.email_display}, ${row.email_key}, ${row.name}, ${row.member_state ?? null}, ${row.regional_group ?? null},
      ${row.organisation ?? ''}, ${row.locale}, ${row.time_zone ?? null}, ${status}, ${row.placed_at}, ${row.decided_by ?? null}, ${row.created_by}, ${row.created_at}, ${row.updated_at}
    where true
    on conflict (event_id, email_key) do nothing
    returning *`.execute(trx);
  return result.rows[0];
}

export function findRegistration(db: Executor, id: number): Promise<EventRegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRegistrationByKey(db: Executor, eventId: number, emailKey: string): Promise<EventRegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('email_key', '=', emailKey).executeTakeFirst();
}

export async function countConfirmed(db: Executor, eventId: number): Promise<number> {
  const row = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertRegistration(db: Executor, row: Insertable<EventRegistrationTable>): Promise<EventRegistrationRow> {
  return db.insertInto('event_registrations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateRegistration(db: Executor, id: number, changes: Updateable<EventRegistrationTable>): Promise<void> {
  await db.updateTable('event_registrations').set(changes).where('id', '=', id).execute();
}

/** The first `limit` on the waitlist, in order. */
export function firstWaitlisted(db: Executor, eventId: number, limit: number): Promise<EventRegistrationRow[]> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'waitlisted')
    .orderBy('placed_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** An event's registrations, optionally of one status: confirmed and waitlisted in their order, the rest after. */
export function listRegistrations(db: Executor, eventId: number, status?: RegistrationStatus): Promise<EventRegistrationRow[]> {
  let q = db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('placed_at').orderBy('id').limit(5000).execute();
}

export async function isInvited(db: Executor, eventId: number, memberId: number): Promise<boolean> {
  const row = await db.selectFrom('event_invitations').select('member_id').where('event_id', '=', eventId).where('member_id', '=', memberId).executeTakeFirst();
  return row !== undefined;
}

/** Invites these members (those already invited stay as they were); returns how many are newly invited. */
export async function insertInvitations(trx: Transaction<Database>, eventId: number, memberIds: number[], by: string, at: string): Promise<number> {
  let added = 0;
  for (let i = 0; i < memberIds.length; i += 500) {
    const chunk = memberIds.slice(i, i + 500);
    const result = await trx
      .insertInto('event_invitations')
      .values(chunk.map((memberId) => ({ event_id: eventId, member_id: memberId, invited_by: by, invited_at: at })))
      .onConflict((oc) => oc.columns(['event_id', 'member_id']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function countInvitations(db: Executor, eventId: number): Promise<number> {
  const row = await db
    .selectFrom('event_invitations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An event's confirmed registrations in id order, a page at a time (an event may have thousands). */
export async function* confirmedRegistrations(db: Executor, eventId: number, pageSize = 500): AsyncGenerator<EventRegistrationRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = last.id;
  }
}
