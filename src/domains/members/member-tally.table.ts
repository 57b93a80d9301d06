import type { Selectable } from 'kysely';
import type { MemberStatus } from './member.table.ts';

/**
 * How many members share one combination of network, status, member state, stakeholder group, language,
 * source and month of `status_at` ('YYYY-MM'). Kept exact by triggers on `members` (migration 0003), never
 * written by application code. A missing member state, stakeholder group or source is ''; a combination
 * nobody has any more stays with n = 0, so readers ask for n > 0.
 */
export interface MemberTallyTable {
  network_id: number;
  status: MemberStatus;
  member_state: string;
  stakeholder_group: string;
  language: string;
  source: string;
  month: string;
  n: number;
}

export type MemberTallyRow = Selectable<MemberTallyTable>;
