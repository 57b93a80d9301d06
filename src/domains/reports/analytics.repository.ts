/**
 * The SQL of growth and reach analytics. Today's figures come from `member_tallies` (kept exact by triggers);
 * the past is today's figures less the status changes since, read from their daily counts `member_status_days`.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** A members column the analytics break down by ('' stands for none). */
export type BreakdownColumn = 'member_state' | 'stakeholder_group' | 'language' | 'source';

/** Status changes of one day for one value of a column: members who became subscribed, and who stopped being. */
export interface DayChange {
  /** 'YYYY-MM-DD' (UTC). */
  day: string;
  value: string;
  joined: number;
  left: number;
}

/** Subscribed members per value of one tally dimension, now ('' stands for none). */
export async function subscribedNow(db: Db, networkId: number, column: BreakdownColumn): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('member_tallies')
    .select(['value', 'n'])
    .where('network_id', '=', networkId)
    .where('status', '=', 'subscribed')
    .where('dimension', '=', column)
    .where('n', '>', 0)
    .execute();
  return new Map(rows.map((r) => [r.value, Number(r.n)]));
}

/**
 * Every change into or out of `subscribed` on or after the UTC day of `since` (an ISO instant), per day and per
 * value of `column` as the member has it now — the same value the tallies count them under, so subtracting the
 * changes from today's tallies gives each earlier day's members exactly. Read from `member_status_days`, the
 * daily counts triggers keep (migration 0027), not from every member_events row.
 */
export async function statusChangesSince(db: Db, networkId: number, since: string, column: BreakdownColumn): Promise<DayChange[]> {
  const rows = await db
    .selectFrom('member_status_days')
    .select(['day', 'value', 'joined_n', 'left_n'])
    .where('network_id', '=', networkId)
    .where('dimension', '=', column)
    .where('day', '>=', since.slice(0, 10))
    .where((eb) => eb.or([eb('joined_n', '<>', 0), eb('left_n', '<>', 0)]))
    .execute();
  return rows.map((r) => ({ day: r.day, value: r.value, joined: Number(r.joined_n), left: Number(r.left_n) }));
}

/**
 * Deliveries of the announcements started in [from, to) by the recipient's regional group ('' none) and state:
 * finished sends from their sums (`announcement_reach`), sends under way from their deliveries.
 */
export async function deliveriesByRegionalGroup(db: Db, networkId: number, from: string, to: string) {
  const started = (query: ReturnType<typeof announcementsOf>) =>
    query.where('a.network_id', '=', networkId).where('a.started_at', '>=', from).where('a.started_at', '<', to);
  const [summed, live] = await Promise.all([
    started(announcementsOf(db))
      .innerJoin('announcement_reach as r', 'r.announcement_id', 'a.id')
      .select(['r.regional_group as group', 'r.state as state', (eb) => eb.fn.sum<number | string>('r.n').as('n')])
      .where('a.reach_at', 'is not', null)
      .groupBy(['r.regional_group', 'r.state'])
      .execute(),
    started(announcementsOf(db))
      .innerJoin('deliveries as d', 'd.announcement_id', 'a.id')
      .innerJoin('members as m', 'm.id', 'd.member_id')
      .select([sql<string>`coalesce(m.regional_group, '')`.as('group'), 'd.state as state', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('a.reach_at', 'is', null)
      .groupBy([sql`coalesce(m.regional_group, '')`, 'd.state'])
      .execute(),
  ]);
  return [...summed, ...live].map((r) => ({ group: r.group, state: r.state, n: Number(r.n) }));
}

const announcementsOf = (db: Db) => db.selectFrom('announcements as a');

/**
 * Recipients of the announcements started in [from, to) whose message was sent and who unsubscribed after it,
 * by regional group; a member counts once however many of the announcements they had. Read from the
 * unsubscriptions since `from` (a message of the period was sent after it, so the unsubscription is too): there
 * are far fewer of them than deliveries, and each is checked against its member's deliveries by index.
 */
export async function unsubscribedAfterByRegionalGroup(db: Db, networkId: number, from: string, to: string) {
  const unsubscribedAfterAMessage = db
    .selectFrom('member_events as e')
    .select('e.member_id')
    .where('e.to_status', '=', 'unsubscribed')
    .where('e.at', '>=', from)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('deliveries as d')
          .innerJoin('announcements as a', 'a.id', 'd.announcement_id')
          .select(sql`1`.as('one'))
          .whereRef('d.member_id', '=', 'e.member_id')
          .where('d.state', '=', 'sent')
          .whereRef('d.sent_at', '<=', 'e.at')
          .where('a.network_id', '=', networkId)
          .where('a.started_at', '>=', from)
          .where('a.started_at', '<', to),
      ),
    );
  // From the distinct unsubscribed members to their rows, not the other way round: with `members.id IN (…)` the
  // planner walked every member of the network (1,000,000) to test each against the list.
  const rows = await db
    .selectFrom(unsubscribedAfterAMessage.distinct().as('u'))
    .innerJoin('members as m', 'm.id', 'u.member_id')
    .select([sql<string>`coalesce(m.regional_group, '')`.as('group'), (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('m.network_id', '=', networkId)
    .groupBy(sql`coalesce(m.regional_group, '')`)
    .execute();
  return rows.map((r) => ({ group: r.group, n: Number(r.n) }));
}

/** The announcements started in [from, to), newest first, with their delivery states counted. */
export async function announcementsStarted(db: Db, networkId: number, from: string, to: string, limit: number) {
  const announcements = await db
    .selectFrom('announcements')
    .select(['id', 'subject', 'started_at', 'status'])
    .where('network_id', '=', networkId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (announcements.length === 0) return [];
  const ids = announcements.map((a) => a.id);
  const counts = await db
    .selectFrom('deliveries')
    .select(['announcement_id', 'state', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('announcement_id', 'in', ids)
    .groupBy(['announcement_id', 'state'])
    .execute();
  const unsubscribed = await db
    .selectFrom('deliveries as d')
    .select(['d.announcement_id', (eb) => eb.fn.count<number | string>('d.member_id').distinct().as('n')])
    .where('d.announcement_id', 'in', ids)
    .where('d.state', '=', 'sent')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('member_events as e')
          .select(sql`1`.as('one'))
          .whereRef('e.member_id', '=', 'd.member_id')
          .where('e.to_status', '=', 'unsubscribed')
          .whereRef('e.at', '>=', 'd.sent_at'),
      ),
    )
    .groupBy('d.announcement_id')
    .execute();
  return announcements.map((a) => {
    const states: Record<string, number> = {};
    for (const c of counts) if (c.announcement_id === a.id) states[c.state] = Number(c.n);
    const unsub = unsubscribed.find((u) => u.announcement_id === a.id);
    return { id: a.id, subject: a.subject, startedAt: a.started_at as string, states, unsubscribedAfter: Number(unsub?.n ?? 0) };
  });
}
