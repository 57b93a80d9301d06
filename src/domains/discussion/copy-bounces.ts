import { changeMemberStatus, countSoftBouncedDeliveries, insertBounce } from '../bounces/bounce.repository.ts';
import { softBounceLimit, softBounceWindowMs } from '../bounces/bounce.service.ts';
import { parseBounce } from '../bounces/dsn-parser.ts';
import * as repo from './discussion.repository.ts';
import type { DiscussionDeps } from './discussion-deps.ts';

/** What a message to a copy's bounce address did. */
export interface CopyBounceOutcome {
  result: 'bounce' | 'ignored';
  detail: string;
}

/**
 * A bounce of one redistributed copy, received at its VERP address (`<list>+bounce-<copy>-<tag>@…`), counts
 * against the member as an announcement's bounce does: recorded in `bounces`; a hard bounce makes a subscribed
 * member `bounced`; soft bounces of different messages (announcements' deliveries and list copies together) reach
 * the same limit in the same window. Only a bounce from the null sender counts (RFC 5321 §4.5.5); anything else
 * (an auto-reply, a person writing back to the envelope sender) is ignored.
 */
export async function receiveCopyBounce(deps: DiscussionDeps, envelope: { mailFrom: string }, deliveryId: number, raw: Buffer): Promise<CopyBounceOutcome> {
  if (envelope.mailFrom !== '') return { result: 'ignored', detail: `not from the null sender (copy ${deliveryId})` };
  const copy = await repo.findCopy(deps.db, deliveryId);
  if (!copy) return { result: 'ignored', detail: `copy ${deliveryId} does not exist` };
  const bounce = await parseBounce(raw);
  if (!bounce) return { result: 'ignored', detail: `not a bounce (copy ${deliveryId})` };
  const now = deps.clock.now();
  const details = { postDeliveryId: copy.id, postId: copy.post_id, statusCode: bounce.statusCode };
  const memberBounced = await deps.db.transaction().execute(async (trx) => {
    // No announcement delivery: the copy is named in the member's history (details) and on its own row.
    await insertBounce(trx, {
      delivery_id: null,
      member_id: copy.member_id,
      received_at: now.toISOString(),
      kind: bounce.kind,
      status_code: bounce.statusCode,
      diagnostic: bounce.diagnostic,
    });
    await repo.markCopyBounced(trx, copy.id, bounce.kind, bounce.diagnostic ?? bounce.statusCode, now);
    if (bounce.kind === 'hard') {
      return changeMemberStatus(trx, {
        memberId: copy.member_id,
        from: ['subscribed', 'pending'],
        to: 'bounced',
        kind: 'bounced_hard',
        actorLabel: 'mail system',
        at: now,
        details,
      });
    }
    const since = new Date(now.getTime() - softBounceWindowMs);
    const softBounces = (await countSoftBouncedDeliveries(trx, copy.member_id, since)) + (await repo.countSoftBouncedCopies(trx, copy.member_id, since));
    if (softBounces < softBounceLimit) return false;
    return changeMemberStatus(trx, {
      memberId: copy.member_id,
      from: ['subscribed', 'pending'],
      to: 'bounced',
      kind: 'bounced_soft',
      actorLabel: 'mail system',
      at: now,
      details: { ...details, softBounces },
    });
  });
  return {
    result: 'bounce',
    detail: `${bounce.kind} ${bounce.statusCode ?? 'no status'} for copy ${copy.id} of post ${copy.post_id}${memberBounced ? `; member ${copy.member_id} is now bounced` : ''}`,
  };
}
