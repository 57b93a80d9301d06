import type { Generated, Selectable } from 'kysely';

/** How a feedback report was tied to its delivery: the VERP address it came to, a VERP address or our Message-ID quoted in it. */
export type FeedbackIdentifiedBy = 'verp_address' | 'verp_in_report' | 'message_id';

/** A member's complaint (ARF feedback report, RFC 5965) about one delivery, counted in its announcement's report. */
export interface FeedbackReportTable {
  id: Generated<number>;
  received_at: string;
  announcement_id: number;
  delivery_id: number;
  member_id: number;
  /** Feedback-Type, lower case: abuse, fraud, opt-out. */
  feedback_type: string;
  /** The feedback loop that sent it (its User-Agent field). */
  user_agent: string | null;
  identified_by: FeedbackIdentifiedBy;
}

export type FeedbackReportRow = Selectable<FeedbackReportTable>;
