import type { Selectable } from 'kysely';
import type { MemberStatus } from './member.table.ts';

/** The dimensions members are tallied along; `month` is the 'YYYY-MM' (UTC) of `status_at`. */
export const tallyDimensions = ['member_state', 'stakeholder_group', 'language', 'source', 'month'] as const;
export type TallyDimension = (typeof tallyDimensions)[number];

/**
 * How many members of a network with a status have one value of one dimension (every member is in one row
 * per dimension). Kept exact by triggers on `members` (migration 0003), never written by application code.
 * A missing member state, stakeholder group or source is ''; a value nobody has any more stays with n = 0,
 * so readers ask for n > 0.
 */
export interface MemberTallyTable {
  network_id: number;
  status: MemberStatus;
  dimension: TallyDimension;
  value: string;
  n: number;
}

export type MemberTallyRow = Selectable<MemberTallyTable>;
