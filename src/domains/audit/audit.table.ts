import type { Generated, Selectable } from 'kysely';

/** Who did what, when: sign-ins and every change staff make. `details` is JSON. */
export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor_staff_id: number | null;
  actor_label: string;
  action: string;
  subject: string | null;
  details: string | null;
  ip: string | null;
}

export type AuditRow = Selectable<AuditTable>;
