/**
 * The summed reach of finished sends (`announcement_reach`): written once when a send finishes, moved by later
 * bounces, read by the analytics (reports) instead of every delivery of a period.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** Sums a just-finished send's deliveries by regional group and state, and marks the announcement summed. */
export async function sumReach(db: Db, announcementId: number, now: string): Promise<void> {
  await db.deleteFrom('announcement_reach').where('announcement_id', '=', announcementId).execute();
  await db
    .insertInto('announcement_reach')
    .columns(['announcement_id', 'regional_group', 'state', 'n'])
    .expression(
      db
        .selectFrom('deliveries as d')
        .innerJoin('members as m', 'm.id', 'd.member_id')
        .select(['d.announcement_id', sql<string>`coalesce(m.regional_group, '')`.as('regional_group'), 'd.state', (eb) => eb.fn.countAll<number>().as('n')])
        .where('d.announcement_id', '=', announcementId)
        .groupBy(['d.announcement_id', sql`coalesce(m.regional_group, '')`, 'd.state']),
    )
    .execute();
  await db.updateTable('announcements').set({ reach_at: now }).where('id', '=', announcementId).execute();
}

/**
 * Moves one delivery's count from sent to bounced when its announcement's reach is summed already (a bounce
 * that arrives after the send finished). Under the recipient's regional group as it is now: if they moved
 * between the send and the bounce, the per-group figures are off by that one message; the totals stay exact.
 */
export async function moveReachToBounced(db: Db, deliveryId: number): Promise<void> {
  const delivery = await db
    .selectFrom('deliveries as d')
    .innerJoin('announcements as a', 'a.id', 'd.announcement_id')
    .innerJoin('members as m', 'm.id', 'd.member_id')
    .select(['d.announcement_id', sql<string>`coalesce(m.regional_group, '')`.as('regional_group')])
    .where('d.id', '=', deliveryId)
    .where('a.reach_at', 'is not', null)
    .executeTakeFirst();
  if (!delivery) return;
  await db
    .updateTable('announcement_reach')
    .set({ n: sql`n - 1` })
    .where('announcement_id', '=', delivery.announcement_id)
    .where('regional_group', '=', delivery.regional_group)
    .where('state', '=', 'sent')
    .where('n', '>', 0)
    .execute();
  await db
    .insertInto('announcement_reach')
    .values({ announcement_id: delivery.announcement_id, regional_group: delivery.regional_group, state: 'bounced', n: 1 })
    .onConflict((c) => c.columns(['announcement_id', 'regional_group', 'state']).doUpdateSet({ n: sql`announcement_reach.n + 1` }))
    .execute();
}
