import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './api-token.repository.ts';
import { type ApiTokenRole, type ApiTokenRow, apiTokenPrefix, apiTokenRoles } from './api-token.table.ts';

export interface ApiTokenDeps {
  db: Db;
  clock: Clock;
}

/** `last_used_at` is kept to the minute: a busy integration must not turn every read into a write. */
export const lastUsedResolutionMs = 60_000;

/** `plen_` and 43 base64url characters (256 bits): anything else is refused before touching the database. */
const tokenPattern = new RegExp(`^${apiTokenPrefix}[A-Za-z0-9_-]{43}$`);

const createInput = z.object({ name: z.string().trim().min(1).max(100), role: z.enum(apiTokenRoles) });

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
 * The token row a bearer token grants, or `unauthorized` when it is missing, malformed, unknown or
 * revoked (one code for all four, so a caller learns nothing about which tokens exist). Looking up by
 * SHA-256 compares hashes, not the secret, so the lookup leaks no timing about the token.
 */
export async function authenticate(deps: ApiTokenDeps, token: string | undefined): Promise<ApiTokenRow> {
  if (!token || !tokenPattern.test(token)) throw new AppError('unauthorized');
  const row = await repo.findApiTokenByHash(deps.db, hashToken(token));
  if (!row || row.revoked_at !== null) throw new AppError('unauthorized');
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  if (row.last_used_at === null || row.last_used_at < staleBefore.toISOString()) {
    await repo.touchApiToken(deps.db, row.id, now, staleBefore);
    return { ...row, last_used_at: now.toISOString() };
  }
  return row;
}
