import type { Db } from '../../db/database.ts';
import { containsAny } from '../../db/text-match.ts';
import { deleteConfirmation, findMember, insertMemberEvent } from '../members/member.repository.ts';
import type { MemberStatus } from '../members/member.table.ts';
import type { BounceTable } from './bounce.table.ts';
import type { BounceReviewRow, BounceReviewTable } from './bounce-review.table.ts';
import type { FeedbackReportTable } from './feedback-report.table.ts';

/** What a bounce or an unsubscribe request needs of the delivery its token names, and of its member. */
export interface DeliveryForToken {
  id: number;
  announcement_id: number;
  member_id: number;
  state: string;
  message_id: string | null;
  sent_at: string | null;
  created_at: string;
  member_status: MemberStatus;
  member_status_at: string;
  member_email_key: string;
}

function deliveriesWithMembers(db: Db) {
  return db
    .selectFrom('deliveries')
    .innerJoin('members', 'members.id', 'deliveries.member_id')
    .select([
      'deliveries.id',
      'deliveries.announcement_id',
      'deliveries.member_id',
      'deliveries.state',
      'deliveries.message_id',
      'deliveries.sent_at',
      'deliveries.created_at',
      'members.status as member_status',
      'members.status_at as member_status_at',
      'members.email_key as member_email_key',
    ]);
}

/** The delivery a mail token names, with its member's status and address key. */
export function findDeliveryForToken(db: Db, id: number): Promise<DeliveryForToken | undefined> {
  return deliveriesWithMembers(db).where('deliveries.id', '=', id).executeTakeFirst();
}

/** The delivery sent with this Message-ID (stored with or without its angle brackets, as the transport gave it). */
export function findDeliveryByMessageId(db: Db, messageId: string): Promise<DeliveryForToken | undefined> {
  return deliveriesWithMembers(db)
    .where('deliveries.message_id', 'in', [messageId, `<${messageId}>`])
    .orderBy('deliveries.id')
    .executeTakeFirst();
}

/** The delivery of an announcement to the member with this address key. */
export function findDeliveryByRecipient(db: Db, announcementId: number, emailKey: string): Promise<DeliveryForToken | undefined> {
  return deliveriesWithMembers(db)
    .where('deliveries.announcement_id', '=', announcementId)
    .where('members.email_key', '=', emailKey)
    .orderBy('deliveries.id')
    .executeTakeFirst();
}

/** How many kept messages tied to no delivery arrived since `since` (they are capped per day). */
export async function countUnmatchedReviewsSince(db: Db, since: Date): Promise<number> {
  const row = await db
    .selectFrom('bounce_reviews')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('delivery_id', 'is', null)
    .where('received_at', '>=', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when a complaint about this delivery is already recorded. */
export async function hasFeedbackReport(db: Db, deliveryId: number): Promise<boolean> {
  return (await db.selectFrom('feedback_reports').select('id').where('delivery_id', '=', deliveryId).executeTakeFirst()) !== undefined;
}

export async function insertFeedbackReport(db: Db, values: Omit<FeedbackReportTable, 'id'>): Promise<void> {
  await db.insertInto('feedback_reports').values(values).execute();
}

/** Withdraws what was waiting for the member's confirmation: an unsubscribe withdraws it too. */
export async function withdrawConfirmation(db: Db, memberId: number): Promise<void> {
  await deleteConfirmation(db, memberId);
}

export async function insertBounceReview(db: Db, values: Omit<BounceReviewTable, 'id'>): Promise<void> {
  await db.insertInto('bounce_reviews').values(values).execute();
}

/** How many messages about one delivery are already kept for review. */
export async function countBounceReviews(db: Db, deliveryId: number): Promise<number> {
  const row = await db
    .selectFrom('bounce_reviews')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A kept message with the name and address of its member (null when the member is gone). */
export type BounceReviewListing = BounceReviewRow & { member_name: string | null; member_email: string | null };

/** Kept messages newest first, `limit` at a time, older than `beforeId`; those of erased members are left out. */
export function listBounceReviews(db: Db, page: { limit: number; beforeId?: number }): Promise<BounceReviewListing[]> {
  let query = db
    .selectFrom('bounce_reviews')
    .leftJoin('members', 'members.id', 'bounce_reviews.member_id')
    .selectAll('bounce_reviews')
    .select(['members.name as member_name', 'members.email_display as member_email'])
    .where('members.erased_at', 'is', null)
    .orderBy('bounce_reviews.id', 'desc')
    .limit(page.limit);
  if (page.beforeId !== undefined) query = query.where('bounce_reviews.id', '<', page.beforeId);
  return query.execute();
}

export async function insertBounce(db: Db, values: Omit<BounceTable, 'id'>): Promise<void> {
  await db.insertInto('bounces').values(values).execute();
}

/** Marks a sent delivery bounced with the remote's reply; a delivery in any other state is left alone (false). */
export async function markDeliveryBounced(db: Db, id: number, reply: string | null, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'bounced', last_reply: reply?.slice(0, 500) ?? null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'sent')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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

/**
 * Deletes what was kept for review about a member: it quotes their address and their copy of a message.
 * A review that matched no member is found by `addressForms` (every spelling of the address) in what it quotes.
 */
export async function deleteBounceReviewsAbout(db: Db, memberId: number, addressForms: readonly string[]): Promise<void> {
  await db
    .deleteFrom('bounce_reviews')
    .where((eb) =>
      eb.or([
        eb('member_id', '=', memberId),
        containsAny('rcpt_to', addressForms),
        containsAny('report_recipient', addressForms),
        containsAny('diagnostic', addressForms),
        containsAny('excerpt', addressForms),
      ]),
    )
    .execute();
}

/** Forgets the replies receiving servers sent about a member (they often quote the address); the counts stay. */
export async function forgetRepliesAbout(db: Db, memberId: number): Promise<void> {
  await db.updateTable('bounces').set({ diagnostic: null }).where('member_id', '=', memberId).execute();
  await db.updateTable('deliveries').set({ last_reply: null }).where('member_id', '=', memberId).execute();
}
