import type { Generated, Selectable } from 'kysely';

export const deliveryStates = ['queued', 'sending', 'sent', 'deferred', 'failed', 'bounced', 'cancelled'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/**
 * One announcement to one member: the outbox. A sender leases rows by setting `locked_by`/`locked_until`
 * and state `sending`; a lease that expires belongs to a dead sender and the row is sent again.
 */
export interface DeliveryTable {
  id: Generated<number>;
  announcement_id: number;
  member_id: number;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_reply: string | null;
  message_id: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export type DeliveryRow = Selectable<DeliveryTable>;
