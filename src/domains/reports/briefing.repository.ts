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
