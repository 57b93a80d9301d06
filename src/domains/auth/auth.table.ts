import type { Generated, Selectable } from 'kysely';

export const staffRoles = ['viewer', 'editor', 'owner'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A person who signs in to administer. `email_key` is the address module's dedupe key. */
export interface StaffAccountTable {
  id: Generated<number>;
  email: string;
  email_key: string;
  name: string;
  role: StaffRole;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export interface StaffSessionTable {
  token_hash: string;
  staff_account_id: number;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

/** A one-time link (set a password after an invite); only the token's hash is stored. */
export interface StaffLinkTable {
  token_hash: string;
  staff_account_id: number;
  purpose: 'set_password';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One sign-in try, kept to rate-limit by account and by IP across every web instance. */
export interface SignInAttemptTable {
  id: Generated<number>;
  at: string;
  email_key: string;
  ip: string;
  succeeded: number;
}

export type StaffAccountRow = Selectable<StaffAccountTable>;
