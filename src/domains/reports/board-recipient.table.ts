import type { Generated, Selectable } from 'kysely';

/**
 * A person who receives the network's briefings (not a member: no consent record, no status). `email` is the
 * address module's display form, `email_key` its dedupe key; `locale` the language their briefings are in.
 */
export interface BoardRecipientTable {
  id: Generated<number>;
  network_id: number;
  name: string;
  email: string;
  email_key: string;
  locale: string;
  created_at: string;
  created_by: string;
}

export type BoardRecipientRow = Selectable<BoardRecipientTable>;
