import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/database.ts';
import type { DeliveryRow, DeliveryState } from '../delivery/delivery.table.ts';
import { applyMemberFilters, type MemberFilters } from '../members/member.repository.ts';
import type { AnnouncementRow, AnnouncementTable } from './announcement.table.ts';

export function findAnnouncement(db: Db, id: number): Promise<AnnouncementRow | undefined> {
  return db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertAnnouncement(db: Db, values: Omit<AnnouncementTable, 'id'>): Promise<AnnouncementRow> {
  return db.insertInto('announcements').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateAnnouncement(db: Db, id: number, changes: Partial<Omit<AnnouncementTable, 'id'>>): Promise<void> {
  await db.updateTable('announcements').set(changes).where('id', '=', id).execute();
}

/** Moves an announcement from one status to another only if it is still in `from` (two staff clicking at once). */
export async function transitionAnnouncement(
  db: Db,
  id: number,
  from: AnnouncementRow['status'][],
  changes: Partial<Omit<AnnouncementTable, 'id'>>,
): Promise<boolean> {
  const result = await db.updateTable('announcements').set(changes).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listAnnouncements(db: Db, networkId: number, options: { limit: number; status?: AnnouncementRow['status'] }): Promise<AnnouncementRow[]> {
  let query = db.selectFrom('announcements').selectAll().where('network_id', '=', networkId).orderBy('id', 'desc').limit(options.limit);
  if (options.status) query = query.where('status', '=', options.status);
  return query.execute();
}

/**
 * Creates one queued delivery per subscribed member of the audience, by INSERT … SELECT, so a 100,000-member
 * fan-out never passes through the process. Re-running it adds nobody twice: the unique (announcement, member)
 * index refuses a second row. (A NOT EXISTS anti-join did the same, but on a table PostgreSQL had not analysed
 * yet — the first send after a large import — it was planned as a nested loop over the announcement's
 * deliveries for each member: 72 s for 50,000 members, growing with the square.) Members go 5,000 a statement:
 * one statement for the whole audience held SQLite's write lock throughout and took ~16 MB of the worker's
 * memory at 20,000 members, which malloc kept after. Slices are counted in members, not in ids, since ids can
 * be sparse (imported, or a network that has grown past two billion): stepping through id ranges made a
 * send to two members 400,000 statements.
 */
export async function fanOut(db: Db, announcement: AnnouncementRow, filters: MemberFilters, now: Date): Promise<number> {
  const at = now.toISOString();
  let added = 0;
  for (let from = await nextSliceStart(db, announcement.network_id, null); from !== null; ) {
    const until = await nextSliceStart(db, announcement.network_id, from);
    let audience = applyMemberFilters(db.selectFrom('members'), announcement.network_id, { ...filters, status: 'subscribed' })
      .where('members.erased_at', 'is', null)
      .where('members.id', '>=', from);
    if (until !== null) audience = audience.where('members.id', '<', until);
    const result = await db
      .insertInto('deliveries')
      .columns(['announcement_id', 'member_id', 'state', 'attempts', 'next_attempt_at', 'created_at', 'updated_at'])
      .expression(
        audience.select([
          sql<number>`${announcement.id}`.as('announcement_id'),
          'members.id as member_id',
          sql<string>`'queued'`.as('state'),
          sql<number>`0`.as('attempts'),
          sql<string>`${at}`.as('next_attempt_at'),
          sql<string>`${at}`.as('created_at'),
          sql<string>`${at}`.as('updated_at'),
        ]),
      )
      .onConflict((conflict) => conflict.columns(['announcement_id', 'member_id']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
    from = until;
  }
  return added;
}

/** Members a fan-out statement covers. */
const fanOutSlice = 5000;

/**
 * The id the next fan-out slice starts at: the network's first member when `after` is null, else the member
 * `fanOutSlice` places past `after` (null when there are no more).
 */
async function nextSliceStart(db: Db, networkId: number, after: number | null): Promise<number | null> {
  let query = db.selectFrom('members').select('id').where('network_id', '=', networkId).orderBy('id');
  if (after !== null) query = query.where('id', '>=', after).offset(fanOutSlice);
  const row = await query.limit(1).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** What a sender needs of a delivery it leased: which member, and how many attempts it has had (this one included). */
export type LeasedDelivery = Pick<DeliveryRow, 'id' | 'member_id' | 'attempts'>;

/**
 * Leases up to `limit` deliveries of an announcement that are due: queued, deferred and due, or left
 * `sending` by a sender whose lease has expired. One statement; PostgreSQL skips rows other senders hold.
 */
export async function leaseDeliveries(
  db: Db,
  dialect: Dialect,
  announcementId: number,
  senderId: string,
  limit: number,
  now: Date,
  leaseUntil: Date,
): Promise<LeasedDelivery[]> {
  const at = now.toISOString();
  const lock = dialect === 'postgres' ? sql` for update skip locked` : sql``;
  // One index range scan per kind of due delivery (deliveries_ready: announcement_id, state, next_attempt_at,
  // id), each stopping after `limit` rows. A single OR read every delivery of the announcement and sorted
  // them, each lease: 14 ms a batch at 100,000 recipients, O(audience²) over a send.
  const due = (priority: number, state: string, column: 'next_attempt_at' | 'locked_until') =>
    sql`select id, ${sql.lit(priority)} as priority from (
      select id from deliveries where announcement_id = ${announcementId} and state = ${state} and ${sql.ref(column)} ${sql.raw(column === 'locked_until' ? '<' : '<=')} ${at}
      order by next_attempt_at, id limit ${limit}${lock}
    ) as ${sql.raw(`due_${state}`)}`;
  const result = await sql<LeasedDelivery>`
    update deliveries set state = 'sending', locked_by = ${senderId}, locked_until = ${leaseUntil.toISOString()},
      attempts = attempts + 1, updated_at = ${at}
    where id in (
      select id from (${due(0, 'sending', 'locked_until')} union all ${due(1, 'deferred', 'next_attempt_at')} union all ${due(2, 'queued', 'next_attempt_at')}) as due
      order by priority, id
      limit ${limit}
    )
    returning id, member_id, attempts`.execute(db);
  return result.rows;
}

/** Extends the leases `senderId` holds on an announcement's deliveries (a batch still being sent) to `leaseUntil`. */
export async function renewDeliveryLeases(db: Db, announcementId: number, senderId: string, now: Date, leaseUntil: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ locked_until: leaseUntil.toISOString(), updated_at: now.toISOString() })
    .where('announcement_id', '=', announcementId)
    .where('state', '=', 'sending')
    .where('locked_by', '=', senderId)
    .execute();
}

export interface DeliveryOutcome {
  id: number;
  state: Extract<DeliveryState, 'sent' | 'deferred' | 'failed' | 'cancelled'>;
  reply: string | null;
  messageId?: string | null;
  nextAttemptAt?: Date;
}

/**
 * Records the outcome of a leased batch, only for rows this sender still holds: one UPDATE … FROM (VALUES …)
 * per 100 outcomes (SQLite ≥ 3.33 and PostgreSQL alike), where a statement per row cost more of the
 * sender's time than composing the messages.
 */
export async function recordOutcomes(db: Db, senderId: string, outcomes: DeliveryOutcome[], now: Date): Promise<void> {
  const at = now.toISOString();
  // 7 parameters a row, 700 a statement: under SQLite's and PostgreSQL's limits.
  for (let i = 0; i < outcomes.length; i += 100) {
    const rows = outcomes
      .slice(i, i + 100)
      .map(
        (o) =>
          sql`(cast(${o.id} as integer), ${o.state}, ${o.reply?.slice(0, 500) ?? null}, ${o.messageId ?? null}, ${o.state === 'sent' ? at : null}, ${o.nextAttemptAt?.toISOString() ?? null}, ${at})`,
      );
    // VALUES columns are column1…column7 in both dialects.
    await sql`
      update deliveries set state = v.column2, last_reply = v.column3, message_id = v.column4,
        sent_at = coalesce(v.column5, deliveries.sent_at), next_attempt_at = coalesce(v.column6, deliveries.next_attempt_at),
        locked_by = null, locked_until = null, updated_at = v.column7
      from (values ${sql.join(rows)}) as v
      where deliveries.id = v.column1 and deliveries.locked_by = ${senderId}`.execute(db);
  }
}

/** Delivery counts of an announcement by state (every state present, 0 when none). */
export async function deliveryCounts(db: Db, announcementId: number): Promise<Record<DeliveryState, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('announcement_id', '=', announcementId)
    .groupBy('state')
    .execute();
  const counts = { queued: 0, sending: 0, sent: 0, deferred: 0, failed: 0, bounced: 0, cancelled: 0 };
  for (const r of rows) counts[r.state as DeliveryState] = Number(r.n);
  return counts;
}

/**
 * When work is next due for an announcement: the earliest queued or deferred delivery, or the earliest
 * expiring lease of one being sent. Null when nothing is left to send.
 */
export async function nextDueAt(db: Db, announcementId: number): Promise<string | null> {
  const [waiting, leased] = await Promise.all([
    db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('announcement_id', '=', announcementId)
      .where('state', 'in', ['queued', 'deferred'])
      .executeTakeFirst(),
    db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min('locked_until').as('at'))
      .where('announcement_id', '=', announcementId)
      .where('state', '=', 'sending')
      .executeTakeFirst(),
  ]);
  const times = [waiting?.at, leased?.at].filter((t): t is string => typeof t === 'string');
  return times.length ? times.sort()[0]! : null;
}

/** Marks every delivery still waiting as cancelled (staff cancelled the send). */
export async function cancelWaitingDeliveries(db: Db, announcementId: number, now: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, last_reply: 'cancelled by staff', updated_at: now.toISOString() })
    .where('announcement_id', '=', announcementId)
    .where('state', 'in', ['queued', 'deferred'])
    .execute();
}

/** Delivery states by the recipients' regional group, for the report after a send. */
export async function deliveryCountsByRegionalGroup(
  db: Db,
  announcementId: number,
): Promise<{ regionalGroup: string | null; state: DeliveryState; n: number }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('members', 'members.id', 'deliveries.member_id')
    .select(['members.regional_group as regionalGroup', 'deliveries.state as state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('deliveries.announcement_id', '=', announcementId)
    .groupBy(['members.regional_group', 'deliveries.state'])
    .execute();
  return rows.map((r) => ({ regionalGroup: r.regionalGroup, state: r.state as DeliveryState, n: Number(r.n) }));
}

/** Complaints (feedback reports) about an announcement by the recipients' regional group, one per delivery. */
export async function complaintCountsByRegionalGroup(db: Db, announcementId: number): Promise<{ regionalGroup: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('feedback_reports')
    .innerJoin('members', 'members.id', 'feedback_reports.member_id')
    .select(['members.regional_group as regionalGroup', (eb) => eb.fn.count<number | string>('feedback_reports.delivery_id').distinct().as('n')])
    .where('feedback_reports.announcement_id', '=', announcementId)
    .groupBy('members.regional_group')
    .execute();
  return rows.map((r) => ({ regionalGroup: r.regionalGroup, n: Number(r.n) }));
}

/** Recipients of an announcement who unsubscribed after it started. */
export async function unsubscribedSince(db: Db, announcementId: number, since: string): Promise<number> {
  const row = await db
    .selectFrom('member_events')
    .select((eb) => eb.fn.count<number | string>('member_events.member_id').distinct().as('n'))
    .where('member_events.kind', 'like', 'unsubscribed%')
    .where('member_events.at', '>=', since)
    .where('member_events.member_id', 'in', (eb) =>
      eb.selectFrom('deliveries').select('deliveries.member_id').where('deliveries.announcement_id', '=', announcementId),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sent announcements staff chose for the public archive, newest first. */
export function listSentAnnouncements(db: Db, networkId: number, limit: number): Promise<AnnouncementRow[]> {
  return db
    .selectFrom('announcements')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('status', '=', 'sent')
    .where('in_archive', '=', 1)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many subscribed members an audience has right now (shown before sending). */
export async function audienceSize(db: Db, networkId: number, filters: MemberFilters): Promise<number> {
  const row = await applyMemberFilters(db.selectFrom('members'), networkId, { ...filters, status: 'subscribed' })
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
