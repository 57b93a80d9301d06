/**
 * Row type of `announcement_reach` (migration 0028): a finished send's deliveries counted by the recipients'
 * regional group ('' for none) and delivery state, so the analytics' reach need not read every delivery.
 */
export interface AnnouncementReachTable {
  announcement_id: number;
  regional_group: string;
  state: string;
  n: number;
}
