import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

/**
 * Takes one join from `bucket` in a single statement, so concurrent requests on any instance cannot both take
 * the last one: true when its allowance was whole again by `latest` (then `full_at` moves `interval` later,
 * from now if it had passed); false, and nothing written, otherwise. Times in ms since the epoch.
 */
export async function takeJoin(db: Executor, bucket: string, at: { now: number; interval: number; latest: number }): Promise<boolean> {
  const from = sql<number>`case when join_limits.full_at > ${at.now} then join_limits.full_at else ${at.now} end`;
  const result = await db
    .insertInto('join_limits')
    .values({ bucket, full_at: at.now + at.interval })
    .onConflict((oc) =>
      oc
        .column('bucket')
        .doUpdateSet({ full_at: sql<number>`${from} + ${at.interval}` })
        .where('join_limits.full_at', '<=', at.latest),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Gives back one join taken from `bucket` (its request was refused by another limit). */
export async function giveBackJoin(db: Executor, bucket: string, interval: number): Promise<void> {
  await db
    .updateTable('join_limits')
    .set({ full_at: sql<number>`join_limits.full_at - ${interval}` })
    .where('bucket', '=', bucket)
    .execute();
}

/** When `bucket`'s allowance is whole again (ms since the epoch), or null when it is whole. */
export async function joinFullAt(db: Executor, bucket: string): Promise<number | null> {
  const row = await db.selectFrom('join_limits').select('full_at').where('bucket', '=', bucket).executeTakeFirst();
  return row ? Number(row.full_at) : null;
}

/** Deletes the allowances that are whole again: such a row says nothing a missing one would not. */
export async function pruneJoinLimits(db: Executor, now: number): Promise<void> {
  await db.deleteFrom('join_limits').where('full_at', '<=', now).execute();
}
