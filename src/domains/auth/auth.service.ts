import { parseEmailAddress } from '../../address/email-address.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import type { StaffAccountRow, StaffRole } from './auth.table.ts';
import { hashPassword, unusablePasswordHash, verifyPassword } from './password.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
}

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
export const setPasswordLinkLifetimeMs = 72 * 60 * 60 * 1000;
export const signInWindowMs = 15 * 60 * 1000;
export const maxFailuresPerWindow = 5;
export const minPasswordLength = 12;

const roleRank: Record<StaffRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** True when `role` may do what `required` allows (owner ⊃ editor ⊃ viewer). */
export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return roleRank[role] >= roleRank[required];
}

function staffEmail(input: string): { display: string; key: string } {
  const parsed = parseEmailAddress(input);
  if (!parsed.ok) throw new AppError('invalid_email', { ...parsed.details, addressError: parsed.code });
  return { display: parsed.address.display, key: parsed.address.dedupeKey };
}

function checkPassword(password: string): void {
  if ([...password].length < minPasswordLength) throw new AppError('password_too_short', { min: minPasswordLength });
}

/**
 * Creates a staff account. With a password it can sign in at once; without one the result
 * carries a one-time set-password token to send or print.
 */
export async function createStaffAccount(
  deps: AuthDeps,
  actor: Actor,
  input: { email: string; name: string; role: StaffRole; password?: string },
): Promise<{ account: StaffAccountRow; setPasswordToken: string | null }> {
  const email = staffEmail(input.email);
  if (input.password !== undefined) checkPassword(input.password);
  if (await repo.findStaffByEmailKey(deps.db, email.key)) throw new AppError('staff_exists');
  const now = deps.clock.now();
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const account = await repo.insertStaff(deps.db, { email: email.display, emailKey: email.key, name: input.name.trim(), role: input.role, passwordHash }, now);
  const setPasswordToken = passwordHash ? null : await issueSetPasswordLink(deps, account.id);
  await recordAudit(deps, actor, 'staff.create', `staff:${account.id}`, { email: account.email, role: account.role });
  return { account, setPasswordToken };
}

async function issueSetPasswordLink(deps: AuthDeps, staffId: number): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await repo.insertStaffLink(deps.db, { tokenHash: hashToken(token), staffId, expiresAt: new Date(now.getTime() + setPasswordLinkLifetimeMs) }, now);
  return token;
}

/**
 * Checks the credentials and opens a session. Refuses with `rate_limited` after five failures
 * for the account or the IP within fifteen minutes, before looking at the password.
 */
export async function signIn(
  deps: AuthDeps,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<{ token: string; account: StaffAccountRow }> {
  const parsed = parseEmailAddress(input.email);
  const emailKey = parsed.ok ? parsed.address.dedupeKey : input.email.trim().toLowerCase().slice(0, 320);
  const now = deps.clock.now();
  const failures = await repo.countRecentFailures(deps.db, emailKey, input.ip, new Date(now.getTime() - signInWindowMs));
  if (failures.account >= maxFailuresPerWindow || failures.ip >= maxFailuresPerWindow) {
    await recordAudit(deps, { staffId: null, label: emailKey, ip: input.ip }, 'auth.sign_in_throttled');
    throw new AppError('rate_limited');
  }
  const account = parsed.ok ? await repo.findStaffByEmailKey(deps.db, emailKey) : undefined;
  // Verify against a dummy hash when there is no account, so timing does not reveal which addresses exist.
  const valid = await verifyPassword(input.password, account?.password_hash ?? unusablePasswordHash);
  await repo.insertSignInAttempt(deps.db, { emailKey, ip: input.ip, succeeded: Boolean(account && valid) }, now);
  if (!account || !valid) {
    await recordAudit(deps, { staffId: null, label: emailKey, ip: input.ip }, 'auth.sign_in_failed');
    throw new AppError('sign_in_failed');
  }
  const token = newToken();
  await repo.insertSession(
    deps.db,
    { tokenHash: hashToken(token), staffId: account.id, expiresAt: new Date(now.getTime() + sessionLifetimeMs), ip: input.ip, userAgent: input.userAgent },
    now,
  );
  await recordAudit(deps, { staffId: account.id, label: account.email, ip: input.ip }, 'auth.sign_in');
  return { token, account };
}

/** The staff account of a session cookie's token, or null when absent or expired. */
export async function accountForSession(deps: AuthDeps, token: string | undefined): Promise<StaffAccountRow | null> {
  if (!token) return null;
  return (await repo.findSessionAccount(deps.db, hashToken(token), deps.clock.now())) ?? null;
}

/** Ends the session of this token. */
export async function signOut(deps: AuthDeps, actor: Actor, token: string): Promise<void> {
  await repo.deleteSession(deps.db, hashToken(token));
  await recordAudit(deps, actor, 'auth.sign_out');
}

/** Changes a staff account's role; the last owner cannot be demoted. */
export async function changeRole(deps: AuthDeps, actor: Actor, staffId: number, role: StaffRole): Promise<void> {
  const account = await repo.findStaffById(deps.db, staffId);
  if (!account) throw new AppError('not_found');
  if (account.role === role) return;
  if (account.role === 'owner' && (await repo.countOwners(deps.db)) <= 1) throw new AppError('last_owner');
  await repo.updateStaff(deps.db, staffId, { role }, deps.clock.now());
  await recordAudit(deps, actor, 'staff.role_change', `staff:${staffId}`, { from: account.role, to: role });
}

/** The account a set-password token belongs to, if the link is unused and unexpired. */
export async function accountForSetPasswordLink(deps: AuthDeps, token: string): Promise<StaffAccountRow> {
  const link = await repo.findStaffLink(deps.db, hashToken(token));
  if (!link || link.used_at) throw new AppError('link_invalid');
  if (link.expires_at <= deps.clock.now().toISOString()) throw new AppError('link_expired');
  const account = await repo.findStaffById(deps.db, link.staff_account_id);
  if (!account) throw new AppError('link_invalid');
  return account;
}

/** Sets a password through a one-time link; a replayed link is refused; other sessions are ended. */
export async function setPasswordWithLink(deps: AuthDeps, token: string, password: string, ip: string | null): Promise<StaffAccountRow> {
  const account = await accountForSetPasswordLink(deps, token);
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  if (!(await repo.consumeStaffLink(deps.db, hashToken(token), deps.clock.now()))) throw new AppError('link_invalid');
  await repo.updateStaff(deps.db, account.id, { passwordHash }, deps.clock.now());
  await repo.deleteSessionsOf(deps.db, account.id);
  await recordAudit(deps, { staffId: account.id, label: account.email, ip }, 'staff.set_password', `staff:${account.id}`);
  return account;
}
