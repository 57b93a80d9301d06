import type { Generated, Selectable } from 'kysely';

/** A message the capture transport kept instead of sending (the default outbox of `npm start`). */
export interface CapturedMailTable {
  id: Generated<number>;
  created_at: string;
  message_id: string;
  envelope_from: string;
  envelope_to: string;
  subject: string;
  raw: string;
}

export type CapturedMailRow = Selectable<CapturedMailTable>;
