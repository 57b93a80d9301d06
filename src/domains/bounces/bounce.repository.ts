import type { Db } from '../../db/database.ts';
import type { BounceTable, DeliveryRow } from '../announcements/announcement.table.ts';
import { findMember, insertMemberEvent } from '../members/member.repository.ts';
import type { MemberStatus } from '../members/member.table.ts';

/** The delivery a VERP token names, with what a bounce needs of it. */
export function findDeliveryForBounce(db: Db, id: number): Promise<Pick<DeliveryRow, 'id' | 'member_id' | 'state'> | undefined> {
  return db.selectFrom('deliveries').select(['id', 'member_id', 'state']).where('id', '=', id).executeTakeFirst();
}

export async function insertBounce(db: Db, values: Omit<BounceTable, 'id'>): Promise<void> {
  await db.insertInto('bounces').values(values).execute();
}

/** Marks a sent delivery bounced with the remote's reply; a delivery in any other state is left alone. */
export async function markDeliveryBounced(db: Db, id: number, reply: string | null, now: Date): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ state: 'bounced', last_reply: reply?.slice(0, 500) ?? null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'sent')
    .execute();
}

/**
 * How many different deliveries to a member soft-bounced since `since`. Deliveries, not bounce rows: one
 * message can bring several delay warnings (after 4 hours, a day, …) before it finally fails.
 */
export async function countSoftBouncedDeliveries(db: Db, memberId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('bounces')
    .select((eb) => eb.fn.count<number | string>('delivery_id').distinct().as('n'))
    .where('member_id', '=', memberId)
    .where('kind', '=', 'soft')
    .where('received_at', '>=', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves a live member from one of `from` to `to` and writes the change in their history under `kind`.
 * The update is conditional on the status just read, so two messages handled at once change it once.
 * Returns whether the status changed.
 */
export async function changeMemberStatus(
  db: Db,
  change: { memberId: number; from: MemberStatus[]; to: MemberStatus; kind: string; actorLabel: string; at: Date; details?: Record<string, unknown> },
): Promise<boolean> {
  const member = await findMember(db, change.memberId);
  if (!member || member.erased_at || !change.from.includes(member.status)) return false;
  const at = change.at.toISOString();
  const result = await db
    .updateTable('members')
    .set({ status: change.to, status_at: at, updated_at: at })
    .where('id', '=', member.id)
    .where('status', '=', member.status)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await insertMemberEvent(db, {
    memberId: member.id,
    at: change.at,
    kind: change.kind,
    fromStatus: member.status,
    toStatus: change.to,
    actorLabel: change.actorLabel,
    details: change.details ?? null,
  });
  return true;
}
