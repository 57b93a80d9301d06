import type { Generated, Selectable } from 'kysely';

/**
 * Why a message was kept for staff instead of acted on: it came from a non-null envelope sender (a real bounce
 * comes from `MAIL FROM:<>`), it names neither the Message-ID nor the recipient of its delivery, or its delivery
 * is older than the member's latest subscription. A feedback report is kept when it is no complaint
 * (`feedback_not_complaint`: an authentication or virus report), when only our Feedback-ID and the recipient tie
 * it to a delivery (`feedback_unproved`: both can be guessed), or when nothing does (`feedback_unmatched`).
 */
export const bounceReviewReasons = [
  'sender_not_null',
  'names_neither',
  'before_resubscription',
  'feedback_not_complaint',
  'feedback_unproved',
  'feedback_unmatched',
] as const;
export type BounceReviewReason = (typeof bounceReviewReasons)[number];

/** A message that looked like a bounce but did not count as one, kept for staff to see; never acted on alone. */
export interface BounceReviewTable {
  id: Generated<number>;
  received_at: string;
  reason: BounceReviewReason;
  delivery_id: number | null;
  member_id: number | null;
  /** The envelope sender, '' for the null reverse-path. */
  mail_from: string;
  rcpt_to: string;
  /** A bounce's kind, or `feedback` for a feedback report (its Feedback-Type is then in status_code). */
  kind: 'hard' | 'soft' | 'feedback';
  status_code: string | null;
  diagnostic: string | null;
  /** The recipient the report names, if any. */
  report_recipient: string | null;
  /** The start of the message as received, for staff to judge it. */
  excerpt: string;
}

export type BounceReviewRow = Selectable<BounceReviewTable>;
