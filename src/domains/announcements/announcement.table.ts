import type { Generated, Selectable } from 'kysely';

export const announcementStatuses = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];

/**
 * A message from staff to members. `variants` is JSON `{ "fr": { "subject", "markdown" }, … }`: each member
 * receives their language's variant, or the default (`subject`/`markdown`, in `default_locale`).
 * `audience` is JSON member filters (a saved segment), or null for every subscribed member.
 */
export interface AnnouncementTable {
  id: Generated<number>;
  network_id: number;
  subject: string;
  markdown: string;
  default_locale: string;
  variants: string;
  audience: string | null;
  status: AnnouncementStatus;
  scheduled_at: string | null;
  total: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

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

export type AnnouncementRow = Selectable<AnnouncementTable>;
export type DeliveryRow = Selectable<DeliveryTable>;

/** A bearer token for the API; only its SHA-256 is kept. */
export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: 'viewer' | 'editor';
  token_hash: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

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
