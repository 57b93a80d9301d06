import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { revokeApiTokensOfStaff } from '../api/api-token.repository.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { type AuthDeps, issueSetPasswordLink } from './auth.service.ts';
import type { StaffAccountRow, StaffRole } from './auth.table.ts';

// What happens to a staff account after it is created: role changes, deactivation (and back), removal,
// and the invitation of an account that has not chosen a password yet. The network always keeps one
// active owner; that check and the change run in one transaction that first locks the active owners.

/** An optional reason typed by an owner, as one clean line for the audit log (null when empty). */
export function cleanReason(reason: string | undefined | null): string | null {
  const clean = cleanLine(reason ?? '').slice(0, 500);
  return clean || null;
}

async function findOrThrow(db: Db, staffId: number): Promise<StaffAccountRow> {
  const account = await repo.findStaffById(db, staffId);
  if (!account) throw new AppError('not_found');
  return account;
}

/** True when the account is an owner who can sign in. */
function isActiveOwner(account: StaffAccountRow): boolean {
  return account.role === 'owner' && !account.deactivated_at && account.password_hash !== null;
}

/** Runs `change` on the account unless it would leave no active owner (`last_owner`); all in one transaction. */
async function withOwnerGuard<T>(
  deps: AuthDeps,
  staffId: number,
  losesOwner: (account: StaffAccountRow) => boolean,
  change: (trx: Db, account: StaffAccountRow) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockActiveOwners(trx);
    const account = await findOrThrow(trx, staffId);
    if (isActiveOwner(account) && losesOwner(account) && (await repo.countActiveOwners(trx)) <= 1) throw new AppError('last_owner');
    return change(trx, account);
  });
}

/** Ends everything that lets the account act now: sessions, API tokens it created, unused links. */
async function endAccess(trx: Db, account: StaffAccountRow, now: Date): Promise<number> {
  await repo.deleteSessionsOf(trx, account.id);
  await repo.spendStaffLinks(trx, account.id, now);
  return revokeApiTokensOfStaff(trx, account.id, now);
}

/** Changes a staff account's role; the last active owner cannot be demoted. */
export async function changeRole(deps: AuthDeps, actor: Actor, staffId: number, role: StaffRole): Promise<void> {
  const from = await withOwnerGuard(
    deps,
    staffId,
    () => role !== 'owner',
    async (trx, account) => {
      if (account.role !== role) await repo.updateStaff(trx, staffId, { role }, deps.clock.now());
      return account.role;
    },
  );
  if (from !== role) await recordAudit(deps, actor, 'staff.role_change', `staff:${staffId}`, { from, to: role });
}

/**
 * Deactivates an account: it can no longer sign in, its sessions end and the API tokens it created are
 * revoked at once. The last active owner cannot be deactivated. Deactivating twice changes nothing.
 */
export async function deactivateStaff(deps: AuthDeps, actor: Actor, staffId: number, reason?: string | null): Promise<StaffAccountRow> {
  const now = deps.clock.now();
  const result = await withOwnerGuard(
    deps,
    staffId,
    () => true,
    async (trx, account) => {
      if (account.deactivated_at) return { account, tokens: null };
      await repo.setDeactivated(trx, account.id, now, now);
      return { account, tokens: await endAccess(trx, account, now) };
    },
  );
  if (result.tokens !== null) {
    const why = cleanReason(reason);
    await recordAudit(deps, actor, 'staff.deactivate', `staff:${staffId}`, {
      email: result.account.email,
      api_tokens_revoked: result.tokens,
      ...(why ? { reason: why } : {}),
    });
  }
  return result.account;
}

/** Lets a deactivated account sign in again (its revoked API tokens stay revoked). */
export async function reactivateStaff(deps: AuthDeps, actor: Actor, staffId: number): Promise<StaffAccountRow> {
  const account = await findOrThrow(deps.db, staffId);
  if (!account.deactivated_at) return account;
  await repo.setDeactivated(deps.db, staffId, null, deps.clock.now());
  await recordAudit(deps, actor, 'staff.reactivate', `staff:${staffId}`, { email: account.email });
  return account;
}

/**
 * Removes an account for good: its sessions, links and recovery codes go, the API tokens it created are
 * revoked. The audit log keeps its past actions (they name the account by address). Not the last active owner.
 */
export async function removeStaff(deps: AuthDeps, actor: Actor, staffId: number, reason?: string | null): Promise<StaffAccountRow> {
  const now = deps.clock.now();
  const { account, tokens } = await withOwnerGuard(
    deps,
    staffId,
    () => true,
    async (trx, found) => {
      const revoked = await endAccess(trx, found, now);
      await repo.deleteStaff(trx, found.id);
      return { account: found, tokens: revoked };
    },
  );
  const why = cleanReason(reason);
  await recordAudit(deps, actor, 'staff.remove', `staff:${staffId}`, {
    email: account.email,
    name: account.name,
    role: account.role,
    api_tokens_revoked: tokens,
    ...(why ? { reason: why } : {}),
  });
  return account;
}

async function invitedOrThrow(deps: AuthDeps, staffId: number): Promise<StaffAccountRow> {
  const account = await findOrThrow(deps.db, staffId);
  if (account.password_hash || account.deactivated_at) throw new AppError('invitation_not_pending');
  return account;
}

/** A new set-password link for an account still invited; the links sent before stop working. */
export async function resendInvitation(deps: AuthDeps, actor: Actor, staffId: number): Promise<{ account: StaffAccountRow; setPasswordToken: string }> {
  const account = await invitedOrThrow(deps, staffId);
  await repo.spendStaffLinks(deps.db, account.id, deps.clock.now(), 'set_password');
  const setPasswordToken = await issueSetPasswordLink(deps, account.id);
  await recordAudit(deps, actor, 'staff.invitation_resend', `staff:${account.id}`, { email: account.email });
  return { account, setPasswordToken };
}

/** Withdraws an invitation: the account that never chose a password is removed and its link stops working. */
export async function revokeInvitation(deps: AuthDeps, actor: Actor, staffId: number, reason?: string | null): Promise<StaffAccountRow> {
  const account = await invitedOrThrow(deps, staffId);
  await repo.deleteStaff(deps.db, account.id);
  const why = cleanReason(reason);
  await recordAudit(deps, actor, 'staff.invitation_revoke', `staff:${account.id}`, {
    email: account.email,
    name: account.name,
    ...(why ? { reason: why } : {}),
  });
  return account;
}
