import type { Generated, Selectable } from 'kysely';

/** The roles an API token may have: a token never manages staff, so there is no owner token. */
export const apiTokenRoles = ['viewer', 'editor'] as const;
export type ApiTokenRole = (typeof apiTokenRoles)[number];

/** What every token starts with, so a leaked one is recognisable (secret scanners, logs). */
export const apiTokenPrefix = 'plen_';

/** A bearer token for the API; only its SHA-256 is kept. */
export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: 'viewer' | 'editor';
  token_hash: string;
  created_by: string;
  /** The staff account whose current role caps the token; null when the command line made it. */
  created_by_staff_id: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type ApiTokenRow = Selectable<ApiTokenTable>;

/** A token as it authenticates a request: its row, and the role it acts with now (never above its creator's). */
export type ApiTokenGrant = ApiTokenRow & { grantedRole: ApiTokenRole };
