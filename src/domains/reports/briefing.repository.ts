/** The SQL of briefings: their rows, and what a briefing reads of engagements and the timeline. */
import type { Db } from '../../db/database.ts';
import type { BriefingRow, BriefingTable } from './briefing.table.ts';

export function findBriefing(db: Db, networkId: number, id: number): Promise<BriefingRow | undefined> {
  return db.selectFrom('briefings').selectAll().where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
}

export function insertBriefing(db: Db, values: Omit<BriefingTable, 'id'>): Promise<BriefingRow> {
  return db.insertInto('briefings').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Writes a draft's changes; false when it is no longer a draft (published in between), so nothing changed. */
export async function updateDraft(db: Db, id: number, changes: Partial<Omit<BriefingTable, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('briefings').set(changes).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every briefing of the network, newest first (drafts by creation, published ones by publication). */
export function listBriefings(db: Db, networkId: number, limit: number): Promise<BriefingRow[]> {
  return db.selectFrom('briefings').selectAll().where('network_id', '=', networkId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The latest published briefing other than `exceptId`, published before `before` when given. */
export function latestPublished(db: Db, networkId: number, options: { exceptId?: number; before?: string } = {}): Promise<BriefingRow | undefined> {
  let query = db.selectFrom('briefings').selectAll().where('network_id', '=', networkId).where('status', '=', 'published');
  if (options.exceptId !== undefined) query = query.where('id', '<>', options.exceptId);
  if (options.before) query = query.where('published_at', '<', options.before);
  return query.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Engagements under way in [from, to] (days) that may be shared with the Board, oldest first, with their counterpart states. */
export async function boardEngagements(db: Db, networkId: number, from: string, to: string, limit: number) {
  const rows = await db
    .selectFrom('engagements')
    .select(['id', 'kind', 'title', 'start_date', 'end_date', 'ongoing', 'status', 'confidentiality', 'external_body', 'submission_status', 'deadline'])
    .where('network_id', '=', networkId)
    .where('confidentiality', 'in', ['board', 'public'])
    .where('status', '<>', 'cancelled')
    .where('start_date', '<=', to)
    .where((eb) => eb.or([eb('ongoing', '=', 1), eb(eb.fn.coalesce('end_date', 'start_date'), '>=', from)]))
    .orderBy('start_date')
    .orderBy('id')
    .limit(limit)
    .execute();
  const states = rows.length
    ? await db
        .selectFrom('engagement_member_states')
        .select(['engagement_id', 'member_state'])
        .where(
          'engagement_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('member_state')
        .execute()
    : [];
  return rows.map((r) => ({ ...r, memberStates: states.filter((s) => s.engagement_id === r.id).map((s) => s.member_state) }));
}

/** Submissions that may be shared with the Board whose deadline falls in (after, until]. */
export function boardDeadlines(db: Db, networkId: number, after: string, until: string) {
  return db
    .selectFrom('engagements')
    .select(['id', 'title', 'deadline', 'external_body', 'submission_status'])
    .where('network_id', '=', networkId)
    .where('confidentiality', 'in', ['board', 'public'])
    .where('status', '<>', 'cancelled')
    .where('deadline', '>', after)
    .where('deadline', '<=', until)
    .orderBy('deadline')
    .limit(50)
    .execute();
}

/** Timeline milestones from `after` (exclusive) to `until` (inclusive). */
export function milestonesBetween(db: Db, networkId: number, after: string, until: string) {
  return db
    .selectFrom('milestones')
    .select(['id', 'date', 'end_date', 'precision', 'title'])
    .where('network_id', '=', networkId)
    .where('date', '>', after)
    .where('date', '<=', until)
    .orderBy('date')
    .limit(50)
    .execute();
}

/**
 * Events that started in [from, to] (days, UTC) and took place or were to (published or held; drafts and cancelled
 * ones left out), oldest first, with their confirmed registrations and the registrants who attended.
 */
export async function periodEvents(db: Db, networkId: number, from: string, to: string, limit: number) {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'kind', 'title', 'starts_at', 'time_zone', 'status'])
    .where('network_id', '=', networkId)
    .where('status', 'in', ['published', 'held'])
    .where('starts_at', '>=', `${from}T00:00:00.000Z`)
    .where('starts_at', '<', `${nextDay(to)}T00:00:00.000Z`)
    .orderBy('starts_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const counts = rows.length
    ? await db
        .selectFrom('event_registrations')
        .select((eb) => ['event_id', eb.fn.countAll().as('confirmed'), eb.fn.sum<number>('attended').as('attended')])
        .where(
          'event_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('status', '=', 'confirmed')
        .groupBy('event_id')
        .execute()
    : [];
  const byEvent = new Map(counts.map((c) => [c.event_id, { confirmed: Number(c.confirmed), attended: Number(c.attended ?? 0) }]));
  return rows.map((r) => ({ ...r, ...(byEvent.get(r.id) ?? { confirmed: 0, attended: 0 }) }));
}

/** Confirmed registrations and attendance of the given events by the registrants' regional group (null: none known). */
export async function eventAttendanceByGroup(db: Db, eventIds: number[]) {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom('event_registrations')
    .select((eb) => ['regional_group', eb.fn.countAll().as('confirmed'), eb.fn.sum<number>('attended').as('attended')])
    .where('event_id', 'in', eventIds)
    .where('status', '=', 'confirmed')
    .groupBy('regional_group')
    .execute();
  return rows.map((r) => ({ regionalGroup: r.regional_group, confirmed: Number(r.confirmed), attended: Number(r.attended ?? 0) }));
}

function nextDay(iso: string): string {
  return new Date(new Date(`${iso}T00:00:00.000Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** The latest published briefing whose period is exactly [from, to]. */
export function latestPublishedFor(db: Db, networkId: number, from: string, to: string): Promise<BriefingRow | undefined> {
  return db
    .selectFrom('briefings')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('status', '=', 'published')
    .where('period_from', '=', from)
    .where('period_to', '=', to)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A page of the network's briefings, newest id first, before `beforeId` when given. */
export function listBriefingPage(db: Db, networkId: number, options: { limit: number; beforeId?: number }): Promise<BriefingRow[]> {
  let query = db.selectFrom('briefings').selectAll().where('network_id', '=', networkId);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}
