import type { Selectable } from 'kysely';

/**
 * A staff member's calendar settings: `feed_version` is signed into their feed address (a new address ends the old
 * one), `locale` is the language of their reminders, `reminders` (1) whether they get them. No row: reminders on,
 * in the network's default language, no feed address yet.
 */
export interface EngagementCalendarFeedTable {
  staff_id: number;
  feed_version: number;
  locale: string;
  reminders: number;
  created_at: string;
  updated_at: string;
}

/** A reminder sent: `item` is `follow_up:<id>`, `deadline:<engagement id>` or `engagement:<id>`, for one due date. */
export interface EngagementReminderSentTable {
  staff_id: number;
  item: string;
  due_date: string;
  sent_at: string;
}

export type EngagementCalendarFeedRow = Selectable<EngagementCalendarFeedTable>;
