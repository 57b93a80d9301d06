import type { Generated } from 'kysely';

/** A bounce received by `plenary mx`: hard (the address does not exist) or soft (full mailbox, greylisting). */
export interface BounceTable {
  id: Generated<number>;
  delivery_id: number | null;
  member_id: number | null;
  received_at: string;
  kind: 'hard' | 'soft';
  status_code: string | null;
  diagnostic: string | null;
}
