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
  /** Set while the account may not sign in; its sessions and API tokens ended when it was set. */
  deactivated_at: string | null;
  /** The TOTP secret, encrypted with the deployment's secret key; set during enrolment, in use once `totp_enabled_at` is set. */
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** The last 30-second step whose code was accepted: a code of that step or an earlier one is refused (no replay). */
  totp_last_step: number | null;
}

/** A signed-in browser. Only the SHA-256 of the cookie's token is stored. */
export interface StaffSessionTable {
  token_hash: string;
  staff_account_id: number;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  /** Null for a signed-in browser; otherwise the step sign-in still waits for (a code, or enrolment in two-factor sign-in). */
  pending_step: PendingStep | null;
}

export const pendingSteps = ['two_factor', 'enrol'] as const;
export type PendingStep = (typeof pendingSteps)[number];

export type StaffLinkPurpose = 'set_password' | 'reset_password';

/** A one-time link (set a password after an invite, or reset a forgotten one); only the token's hash is stored. */
export interface StaffLinkTable {
  token_hash: string;
  staff_account_id: number;
  purpose: StaffLinkPurpose;
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

/** A single-use recovery code for two-factor sign-in; only its keyed hash is stored. */
export interface StaffRecoveryCodeTable {
  id: Generated<number>;
  staff_account_id: number;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** Network-wide sign-in settings set by an owner (`require_two_factor`). */
export interface AuthSettingTable {
  name: string;
  value: string;
  updated_at: string;
}

/** One "forgot password" request, kept to rate-limit by address and by account across every web instance. */
export interface PasswordResetRequestTable {
  id: Generated<number>;
  at: string;
  email_key: string;
  ip: string;
}

export type StaffAccountRow = Selectable<StaffAccountTable>;
export type StaffSessionRow = Selectable<StaffSessionTable>;
