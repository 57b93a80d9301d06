import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import type { StaffRole } from '../auth/auth.table.ts';
import * as repo from './api-token.repository.ts';
import { type ApiTokenGrant, type ApiTokenRole, type ApiTokenRow, apiTokenPrefix, apiTokenRoles } from './api-token.table.ts';

export interface ApiTokenDeps {
  db: Db;
  clock: Clock;
}

/** `last_used_at` is kept to the minute: a busy integration must not turn every read into a write. */
export const lastUsedResolutionMs = 60_000;

/** `plen_` and 43 base64url characters (256 bits): anything else is refused before touching the database. */
const tokenPattern = new RegExp(`^${apiTokenPrefix}[A-Za-z0-9_-]{43}$`);

// The name is shown in the token list and the audit log: one clean line (src/security/human-text.ts).
const createInput = z.object({ name: z.string().transform(cleanLine).pipe(z.string().min(1).max(100)), role: z.enum(apiTokenRoles) });

const roleRank: Record<ApiTokenRole, number> = { viewer: 1, editor: 2 };

/** True when a token of `role` may call an operation that needs `required` (editor ⊃ viewer). */
export function apiRoleAllows(role: ApiTokenRole, required: ApiTokenRole): boolean {
  return roleRank[role] >= roleRank[required];
}

/** Creates a token; the result carries the token itself, which is never stored and cannot be shown again. */
export async function createApiToken(deps: ApiTokenDeps, actor: Actor, input: { name: string; role: string }): Promise<{ token: string; row: ApiTokenRow }> {
  const parsed = createInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'name') });
  const token = `${apiTokenPrefix}${newToken()}`;
  const row = await repo.insertApiToken(deps.db, {
    name: parsed.data.name,
    role: parsed.data.role,
    token_hash: hashToken(token),
    created_by: actor.label,
    created_by_staff_id: actor.staffId,
    created_at: deps.clock.now().toISOString(),
    last_used_at: null,
    revoked_at: null,
  });
  await recordAudit(deps, actor, 'api_token.create', `api_token:${row.id}`, { name: row.name, role: row.role });
  return { token, row };
}

/** Every token, newest first, revoked ones included. */
export function listApiTokens(deps: Pick<ApiTokenDeps, 'db'>): Promise<ApiTokenRow[]> {
  return repo.listApiTokens(deps.db);
}

/** One token, for the page that asks before revoking it. */
export async function getApiToken(deps: Pick<ApiTokenDeps, 'db'>, id: number): Promise<ApiTokenRow> {
  const row = await repo.findApiToken(deps.db, id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Revokes a token at once (the next request with it gets `unauthorized`); revoking twice changes nothing. */
export async function revokeApiToken(deps: ApiTokenDeps, actor: Actor, id: number): Promise<ApiTokenRow> {
  const row = await repo.findApiToken(deps.db, id);
  if (!row) throw new AppError('not_found');
  if (await repo.revokeApiToken(deps.db, id, deps.clock.now())) {
    await recordAudit(deps, actor, 'api_token.revoke', `api_token:${id}`, { name: row.name });
  }
  return (await repo.findApiToken(deps.db, id)) ?? row;
}

/**
 * The role a token acts with: its own, capped by its creator's current role (an account demoted to
 * viewer makes its editor tokens viewers). Owners and editors pass the token's role through.
 */
export function grantedRole(tokenRole: ApiTokenRole, creatorRole: StaffRole): ApiTokenRole {
  return creatorRole === 'viewer' ? 'viewer' : tokenRole;
}

/**
 * What a bearer token grants now, or `unauthorized` when it is missing, malformed, unknown, revoked,
 * or its creator's staff account is gone (one code for all, so a caller learns nothing about which
 * tokens exist). The creator's role is read at every request, so a demotion takes effect at once.
 * Looking up by SHA-256 compares hashes, not the secret, so the lookup leaks no timing about the token.
 */
export async function authenticate(deps: ApiTokenDeps, token: string | undefined): Promise<ApiTokenGrant> {
  if (!token || !tokenPattern.test(token)) throw new AppError('unauthorized');
  const found = await repo.findApiTokenWithCreatorRole(deps.db, hashToken(token));
  if (!found || found.revoked_at !== null) throw new AppError('unauthorized');
  const { creator_role: creatorRole, ...row } = found;
  // Made by a staff account that no longer exists: nobody's rights stand behind it any more.
  if (row.created_by_staff_id !== null && creatorRole === null) throw new AppError('unauthorized');
  const role = creatorRole === null ? row.role : grantedRole(row.role, creatorRole);
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  if (row.last_used_at === null || row.last_used_at < staleBefore.toISOString()) {
    await repo.touchApiToken(deps.db, row.id, now, staleBefore);
    return { ...row, last_used_at: now.toISOString(), grantedRole: role };
  }
  return { ...row, grantedRole: role };
}
