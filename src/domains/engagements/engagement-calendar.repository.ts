import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { EngagementStatus } from './engagement.table.ts';
import type { EngagementCalendarFeedRow } from './engagement-calendar.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

/** Submission statuses whose deadline is still ahead of the team (submitted and published ones are done). */
export const openSubmissionStatuses = ['drafting', 'in_review'] as const;

/** Engagements whose staff owner or a participant is `staffId` (a subquery over both links). */
function ofStaff(staffId: number) {
  return sql<boolean>`(e.owner_staff_id = ${staffId} or e.id in (select p.engagement_id from engagement_participants p where p.staff_id = ${staffId}))`;
}

/**
 * Engagements (planned and ongoing unless `statuses` says) that have not ended by `today` and begin by `until`, soonest
 * first; with `staffId`, only that staff member's (owner or participant).
 */
export function upcomingEngagements(
  db: Executor,
  networkId: number,
  range: { today: string; until: string },
  staffId?: number,
  statuses: readonly EngagementStatus[] = ['planned', 'ongoing'],
  limit = 500,
) {
  let query = db
    .selectFrom('engagements as e')
    .select(['e.id', 'e.kind', 'e.title', 'e.start_date', 'e.end_date', 'e.ongoing', 'e.place', 'e.online', 'e.status', 'e.owner_staff_id', 'e.updated_at'])
    .where('e.network_id', '=', networkId)
    .where('e.status', 'in', [...statuses])
    .where('e.start_date', '<=', range.until)
    .where((eb) => eb.or([eb('e.ongoing', '=', 1), eb(sql`coalesce(e.end_date, e.start_date)`, '>=', range.today)]));
  if (staffId !== undefined) query = query.where(ofStaff(staffId));
  return query.orderBy('e.start_date').orderBy('e.id').limit(limit).execute();
}

/** Open submissions (drafting, in review; not cancelled) with a deadline from `from` to `until`, soonest first. */
export function submissionDeadlines(db: Executor, networkId: number, range: { from: string; until: string }, staffId?: number, limit = 500) {
  let query = db
    .selectFrom('engagements as e')
    .select(['e.id', 'e.title', 'e.deadline', 'e.external_body', 'e.submission_status', 'e.owner_staff_id', 'e.updated_at'])
    .where('e.network_id', '=', networkId)
    .where('e.kind', '=', 'submission')
    .where('e.status', '!=', 'cancelled')
    .where('e.submission_status', 'in', [...openSubmissionStatuses])
    .where('e.deadline', '>=', range.from)
    .where('e.deadline', '<=', range.until);
  if (staffId !== undefined) query = query.where(ofStaff(staffId));
  return query.orderBy('e.deadline').orderBy('e.id').limit(limit).execute();
}

/** Open follow-ups due by `until` (overdue ones included), soonest first; with `ownerId`, only theirs. */
export function followUpsDue(db: Executor, networkId: number, until: string, ownerId?: number) {
  let query = db
    .selectFrom('engagement_follow_ups as f')
    .innerJoin('engagements as e', 'e.id', 'f.engagement_id')
    .leftJoin('staff_accounts as s', 's.id', 'f.owner_staff_id')
    .select([
      'f.id',
      'f.action',
      'f.due_date',
      'f.owner_staff_id',
      'f.created_at',
      's.name as owner_name',
      'e.id as engagement_id',
      'e.title as engagement_title',
    ])
    .where('e.network_id', '=', networkId)
    .where('f.done_at', 'is', null)
    .where('f.due_date', 'is not', null)
    .where('f.due_date', '<=', until);
  if (ownerId !== undefined) query = query.where('f.owner_staff_id', '=', ownerId);
  return query.orderBy('f.due_date').orderBy('f.id').limit(500).execute();
}

export type UpcomingEngagementRow = Awaited<ReturnType<typeof upcomingEngagements>>[number];
export type DeadlineRow = Awaited<ReturnType<typeof submissionDeadlines>>[number];
export type FollowUpDueRow = Awaited<ReturnType<typeof followUpsDue>>[number];

export function findFeed(db: Executor, staffId: number): Promise<EngagementCalendarFeedRow | undefined> {
  return db.selectFrom('engagement_calendar_feeds').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
}

/** Creates or changes a staff member's calendar settings; `newAddress` moves the feed to a new version. */
export async function saveFeed(
  db: Executor,
  staffId: number,
  values: { locale: string; reminders: boolean; newAddress: boolean },
  now: string,
): Promise<EngagementCalendarFeedRow> {
  await db
    .insertInto('engagement_calendar_feeds')
    .values({ staff_id: staffId, feed_version: 1, locale: values.locale, reminders: values.reminders ? 1 : 0, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('staff_id').doUpdateSet((eb) => ({
        locale: values.locale,
        reminders: values.reminders ? 1 : 0,
        updated_at: now,
        feed_version: values.newAddress ? eb('engagement_calendar_feeds.feed_version', '+', 1) : eb.ref('engagement_calendar_feeds.feed_version'),
      })),
    )
    .execute();
  return (await findFeed(db, staffId)) as EngagementCalendarFeedRow;
}

/** Records reminders as sent; returns the items that were not sent before (the ones to send now). */
export async function markRemindersSent(db: Executor, staffId: number, items: { item: string; dueDate: string }[], now: string): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (const { item, dueDate } of items) {
    const result = await db
      .insertInto('engagement_reminders_sent')
      .values({ staff_id: staffId, item, due_date: dueDate, sent_at: now })
      .onConflict((oc) => oc.columns(['staff_id', 'item', 'due_date']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) fresh.add(`${item}@${dueDate}`);
  }
  return fresh;
}

/** Whether a job of this name other than `exceptId` is waiting or running (so a schedule is not queued twice). */
export async function hasPendingJob(db: Executor, name: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('jobs').select('id').where('name', '=', name).where('status', 'in', ['queued', 'running']);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}
