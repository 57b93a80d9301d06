/**
 * Row type of `member_status_days` (migration 0027): per network, UTC day and value of one breakdown dimension,
 * the status changes that made members subscribed and that ended it, under each member's current value.
 * Kept exact by triggers on `member_events` and `members`; the growth series read it.
 */
export interface MemberStatusDayTable {
  network_id: number;
  dimension: 'member_state' | 'stakeholder_group' | 'language' | 'source';
  /** The member's value now ('' for none). */
  value: string;
  /** 'YYYY-MM-DD' (UTC). */
  day: string;
  joined_n: number;
  left_n: number;
}
