import { sql } from 'kysely';
import type { Db, Dialect } from '../db/database.ts';
import { containsAny } from '../db/text-match.ts';
import type { JobRow } from './job.table.ts';

export async function insertJob(
  db: Db,
  values: { lane: string; name: string; payload: unknown; maxAttempts: number; runAt: Date },
  now: Date,
): Promise<JobRow> {
  return db
    .insertInto('jobs')
    .values({
      lane: values.lane,
      name: values.name,
      payload: JSON.stringify(values.payload),
      status: 'queued',
      attempts: 0,
      max_attempts: values.maxAttempts,
      run_at: values.runAt.toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A job by its name and payload (as stored), which a runner will not take more of for now. */
export interface JobKey {
  name: string;
  payload: string;
}

/**
 * Takes the next runnable job in `lanes` for `workerId` until `leaseUntil`: first a running job whose lease
 * has expired (its worker died), then a queued job that is due; never one whose name and payload are in
 * `excluding`. One UPDATE per attempt, so two workers can never take the same row: PostgreSQL skips rows
 * another transaction has locked; SQLite runs one writer at a time. Each candidate query names one lane and
 * one status, so it is a single index range scan even with a hundred thousand jobs waiting (an OR across
 * states made SQLite sort the whole queue on every lease); an excluded job is a row the scan steps over.
 */
export async function leaseNextJob(
  db: Db,
  dialect: Dialect,
  lanes: readonly string[],
  workerId: string,
  now: Date,
  leaseUntil: Date,
  excluding: readonly JobKey[] = [],
): Promise<JobRow | undefined> {
  const at = now.toISOString();
  const lock = dialect === 'postgres' ? sql` for update skip locked` : sql``;
  const allowed = sql.join([sql``, ...excluding.map((k) => sql`and not (name = ${k.name} and payload = ${k.payload})`)], sql` `);
  for (const lane of lanes) {
    const candidates = [sql`status = 'running' and lane = ${lane} and locked_until < ${at}`, sql`status = 'queued' and lane = ${lane} and run_at <= ${at}`];
    for (const candidate of candidates) {
      const result = await sql<JobRow>`
        update jobs set status = 'running', locked_by = ${workerId}, locked_until = ${leaseUntil.toISOString()},
          attempts = attempts + 1, updated_at = ${at}
        where id = (select id from jobs where ${candidate}${allowed} order by run_at, id limit 1${lock})
        returning *`.execute(db);
      if (result.rows[0]) return result.rows[0];
    }
  }
  return undefined;
}

/** Extends this worker's lease of a running job to `leaseUntil`; false when the worker no longer holds it. */
export async function renewJobLease(db: Db, id: number, workerId: string, now: Date, leaseUntil: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: leaseUntil.toISOString(), updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The payload a private job keeps once finished. */
export const forgottenPayload = '{}';

/** What a finished job keeps of its payload: all of it, or nothing when the payload is private. */
const finishedPayload = (forgetPayload: boolean) => (forgetPayload ? { payload: forgottenPayload } : {});

/** Marks a job done, only if this worker still holds its lease; `forgetPayload` clears a private payload. */
export async function completeJob(db: Db, id: number, workerId: string, now: Date, forgetPayload = false): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'done',
      locked_by: null,
      locked_until: null,
      updated_at: now.toISOString(),
      finished_at: now.toISOString(),
      ...finishedPayload(forgetPayload),
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a failed job back in the queue at `retryAt`, or into `failed` when `retryAt` is null (clearing a private payload). */
export async function failJob(db: Db, id: number, workerId: string, error: string, retryAt: Date | null, now: Date, forgetPayload = false): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: retryAt ? 'queued' : 'failed',
      run_at: retryAt ? retryAt.toISOString() : now.toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
      updated_at: now.toISOString(),
      finished_at: retryAt ? null : now.toISOString(),
      ...finishedPayload(forgetPayload && retryAt === null),
    })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs in a status, newest first (the admin area shows failed jobs). */
export function listJobs(db: Db, status: JobRow['status'], limit: number): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', '=', status).orderBy('id', 'desc').limit(limit).execute();
}

export async function countJobsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Adds many queued jobs in multi-row INSERTs (500 a statement, under SQLite's variable limit); for bulk work such as imports. */
export async function insertJobs(db: Db, rows: { lane: string; name: string; payload: unknown; maxAttempts: number; runAt: Date }[], now: Date): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('jobs')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          lane: r.lane,
          name: r.name,
          payload: JSON.stringify(r.payload),
          status: 'queued' as const,
          attempts: 0,
          max_attempts: r.maxAttempts,
          run_at: r.runAt.toISOString(),
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: at,
          updated_at: at,
          finished_at: null,
        })),
      )
      .execute();
  }
}

/** Deletes the jobs whose payload quotes any of `texts` (an erased member's address forms), unless one is running now. */
export async function deleteJobsMentioning(db: Db, texts: readonly string[]): Promise<void> {
  const quoted = texts.filter(Boolean).map((text) => JSON.stringify(text).slice(1, -1));
  await db.deleteFrom('jobs').where('status', '!=', 'running').where(containsAny('payload', quoted)).execute();
}
