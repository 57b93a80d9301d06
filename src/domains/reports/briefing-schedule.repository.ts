/** The SQL of briefing schedules, their runs, the runs' emails and the printed files of published briefings. */
import type { Db } from '../../db/database.ts';
import type {
  BriefingDeliveryRow,
  BriefingDeliveryTable,
  BriefingScheduleRow,
  BriefingScheduleRunRow,
  BriefingScheduleRunTable,
  BriefingScheduleTable,
  RunStatus,
  ScheduleStatus,
} from './briefing-schedule.table.ts';

/** The network's schedules, oldest first. */
export function listSchedules(db: Db, networkId: number): Promise<BriefingScheduleRow[]> {
  return db.selectFrom('briefing_schedules').selectAll().where('network_id', '=', networkId).orderBy('id').execute();
}

/** A schedule by id, whatever its network (the caller checks). */
export function findSchedule(db: Db, id: number): Promise<BriefingScheduleRow | undefined> {
  return db.selectFrom('briefing_schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stores a new schedule. */
export function insertSchedule(db: Db, values: Omit<BriefingScheduleTable, 'id'>): Promise<BriefingScheduleRow> {
  return db.insertInto('briefing_schedules').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Pauses or resumes a schedule of the network; false when there is none. */
export async function setScheduleStatus(
  db: Db,
  networkId: number,
  id: number,
  status: ScheduleStatus,
  nextRunAt: string | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('briefing_schedules')
    .set({ status, next_run_at: nextRunAt, updated_at: now })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a schedule with its runs and their emails (foreign keys); false when there is none. */
export async function deleteSchedule(db: Db, networkId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('briefing_schedules').where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Active schedules due at `now`, soonest first. */
export function dueSchedules(db: Db, now: string, limit: number): Promise<BriefingScheduleRow[]> {
  return db
    .selectFrom('briefing_schedules')
    .selectAll()
    .where('status', '=', 'active')
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The claim of a due run: moves `next_run_at` from `due` to `next` only if it still is `due` and the schedule is
 * active. One UPDATE, so of several workers that read the same due schedule exactly one sees a row changed.
 */
export async function claimSchedule(db: Db, id: number, due: string, next: string | null, now: string): Promise<boolean> {
  const result = await db
    .updateTable('briefing_schedules')
    .set({ next_run_at: next, last_run_at: due, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('next_run_at', '=', due)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the next active schedule is due, if any is. */
export async function earliestNextRun(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('briefing_schedules')
    .select((eb) => eb.fn.min('next_run_at').as('at'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return (row?.at as string | null) ?? undefined;
}

/**
 * Whether a queued job named `name` (other than `exceptId`) will run by `by`. Running ones do not count: two ticks
 * finishing together would each see the other and neither queue the next.
 */
export async function hasJobBy(db: Db, name: string, by: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('jobs').select('id').where('name', '=', name).where('status', '=', 'queued').where('run_at', '<=', by);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** Records a claimed run. */
export function insertRun(db: Db, values: Omit<BriefingScheduleRunTable, 'id'>): Promise<BriefingScheduleRunRow> {
  return db.insertInto('briefing_schedule_runs').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A run by id. */
export function findRun(db: Db, id: number): Promise<BriefingScheduleRunRow | undefined> {
  return db.selectFrom('briefing_schedule_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a run only while it is in one of `from`; false when it was not (another step moved it first). */
export async function updateRun(db: Db, id: number, from: readonly RunStatus[], changes: Partial<Omit<BriefingScheduleRunTable, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('briefing_schedule_runs').set(changes).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Runs waiting for staff to publish this briefing. */
export function runsAwaiting(db: Db, briefingId: number): Promise<BriefingScheduleRunRow[]> {
  return db.selectFrom('briefing_schedule_runs').selectAll().where('briefing_id', '=', briefingId).where('status', '=', 'awaiting_publication').execute();
}

/** Queued runs whose job the runner gave up on without the job telling (its workers died on every attempt). */
export function abandonedRuns(db: Db): Promise<(BriefingScheduleRunRow & { job_error: string | null })[]> {
  return db
    .selectFrom('briefing_schedule_runs as r')
    .innerJoin('jobs as j', 'j.id', 'r.job_id')
    .selectAll('r')
    .select('j.last_error as job_error')
    .where('r.status', '=', 'queued')
    .where('j.status', '=', 'failed')
    .execute();
}

/** The latest runs of the network's schedules, newest first, with how many of their emails were sent or failed. */
export async function recentRuns(db: Db, scheduleIds: number[], limit: number) {
  if (scheduleIds.length === 0) return [];
  const runs = await db
    .selectFrom('briefing_schedule_runs')
    .selectAll()
    .where('schedule_id', 'in', scheduleIds)
    .orderBy('due_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const counts = runs.length
    ? await db
        .selectFrom('briefing_deliveries')
        .select((eb) => ['run_id', 'state', eb.fn.countAll<number | string>().as('n')])
        .where(
          'run_id',
          'in',
          runs.map((r) => r.id),
        )
        .groupBy(['run_id', 'state'])
        .execute()
    : [];
  const count = (runId: number, state: string) => Number(counts.find((c) => c.run_id === runId && c.state === state)?.n ?? 0);
  return runs.map((r) => ({ ...r, queued: count(r.id, 'queued'), sent: count(r.id, 'sent'), failed: count(r.id, 'failed') }));
}

/** A kept file of a published briefing, if it was printed. */
export async function findDocument(db: Db, briefingId: number, locale: string, format: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('briefing_documents')
    .select('content')
    .where('briefing_id', '=', briefingId)
    .where('locale', '=', locale)
    .where('format', '=', format)
    .executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}

/** Keeps a printed file; a second copy of the same one (another attempt printed it too) is dropped. */
export async function insertDocument(db: Db, briefingId: number, locale: string, format: string, content: Buffer, now: string): Promise<void> {
  await db
    .insertInto('briefing_documents')
    .values({ briefing_id: briefingId, locale, format, content, created_at: now })
    .onConflict((oc) => oc.columns(['briefing_id', 'locale', 'format']).doNothing())
    .execute();
}

/** Adds a run's email to a recipient; undefined when the run already has one for them. */
export function insertDelivery(db: Db, values: Omit<BriefingDeliveryTable, 'id'>): Promise<BriefingDeliveryRow | undefined> {
  return db
    .insertInto('briefing_deliveries')
    .values(values)
    .onConflict((oc) => oc.columns(['run_id', 'recipient_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** A run's email by id. */
export function findDelivery(db: Db, id: number): Promise<BriefingDeliveryRow | undefined> {
  return db.selectFrom('briefing_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records an attempt's outcome on a queued email; false when it was no longer queued. */
export async function updateDelivery(db: Db, id: number, changes: Partial<Omit<BriefingDeliveryTable, 'id'>>): Promise<boolean> {
  const result = await db.updateTable('briefing_deliveries').set(changes).where('id', '=', id).where('state', '=', 'queued').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
