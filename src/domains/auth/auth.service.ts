import { parseEmailAddress } from '../../address/email-address.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { clientAddressKey } from '../../security/client-address.ts';
import { cleanLine } from '../../security/human-text.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import type { PendingStep, StaffAccountRow, StaffLinkPurpose, StaffRole } from './auth.table.ts';
import { hashPassword, unusablePasswordHash, verifyPassword } from './password.ts';
import * as throttle from './sign-in-throttle.ts';
import { checkSecondFactor, type SecondFactor, type TwoFactorDeps, twoFactorRequired } from './two-factor.service.ts';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  /** Whether a new staff address may be at a special-use domain (ALLOW_SPECIAL_USE_DOMAINS); without it, not. */
  config?: Pick<Config, 'allowSpecialUseDomains'>;
}

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
/** How long a password sign-in waits for its second factor (or for enrolment) before it must start again. */
export const pendingSessionLifetimeMs = 15 * 60 * 1000;
export const setPasswordLinkLifetimeMs = 72 * 60 * 60 * 1000;
export const minPasswordLength = 12;

const roleRank: Record<StaffRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** True when `role` may do what `required` allows (owner ⊃ editor ⊃ viewer). */
export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return roleRank[role] >= roleRank[required];
}

function staffEmail(deps: AuthDeps, input: string): { display: string; key: string } {
  const parsed = parseEmailAddress(input, { specialUseDomains: deps.config?.allowSpecialUseDomains ? 'allow' : 'refuse' });
  if (!parsed.ok) throw new AppError('invalid_email', { ...parsed.details, addressError: parsed.code });
  return { display: parsed.address.display, key: parsed.address.dedupeKey };
}

/** A staff name as stored and shown: one clean line (no control or bidi characters, which reverse text in lists and the audit log). */
function staffName(input: string): string {
  const name = cleanLine(input).slice(0, 200);
  if (!name) throw new AppError('invalid_input', { field: 'name' });
  return name;
}

/** Refuses a password shorter than the minimum with `password_too_short`. */
export function checkPassword(password: string): void {
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
  const email = staffEmail(deps, input.email);
  const name = staffName(input.name);
  if (input.password !== undefined) checkPassword(input.password);
  if (await repo.findStaffByEmailKey(deps.db, email.key)) throw new AppError('staff_exists');
  const now = deps.clock.now();
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const account = await repo.insertStaff(deps.db, { email: email.display, emailKey: email.key, name, role: input.role, passwordHash }, now);
  const setPasswordToken = passwordHash ? null : await issueSetPasswordLink(deps, account.id);
  await recordAudit(deps, actor, 'staff.create', `staff:${account.id}`, { email: account.email, name: account.name, role: account.role });
  return { account, setPasswordToken };
}

/** A new one-time set-password token for an invited account (72 hours); only its hash is stored. */
export async function issueSetPasswordLink(deps: AuthDeps, staffId: number): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  await repo.insertStaffLink(deps.db, { tokenHash: hashToken(token), staffId, expiresAt: new Date(now.getTime() + setPasswordLinkLifetimeMs) }, now);
  return token;
}

/**
 * Milliseconds this client must wait before it may try this account again (0: go ahead). Only failures
 * of this very client count, so nobody can lock another person out; see sign-in-throttle.ts.
 */
async function signInWait(deps: AuthDeps, emailKey: string, address: string, now: Date): Promise<number> {
  const pair = await repo.pairFailures(deps.db, emailKey, address, new Date(now.getTime() - throttle.failureMemoryMs));
  const pairWait = pair.lastAt ? Date.parse(pair.lastAt) + throttle.delayAfterFailures(pair.count) - now.getTime() : 0;
  const windowStart = new Date(now.getTime() - throttle.addressWindowMs);
  const nth = await repo.nthRecentAddressFailure(deps.db, address, windowStart, throttle.addressMaxFailures);
  const addressWait = nth ? Date.parse(nth) + throttle.addressWindowMs - now.getTime() : 0;
  return Math.max(0, pairWait, addressWait);
}

/** Refuses with `sign_in_throttled` (details: seconds, minutes to wait) when this client must wait. */
async function checkSignInThrottle(deps: AuthDeps, emailKey: string, address: string, ip: string): Promise<void> {
  const wait = await signInWait(deps, emailKey, address, deps.clock.now());
  if (wait <= 0) return;
  await recordAudit(deps, { staffId: null, label: emailKey, ip }, 'auth.sign_in_throttled');
  const seconds = Math.ceil(wait / 1000);
  throw new AppError('sign_in_throttled', { seconds, minutes: Math.ceil(seconds / 60) });
}

async function openSession(
  deps: AuthDeps,
  account: StaffAccountRow,
  client: { ip: string; userAgent: string | null },
  pendingStep: PendingStep | null,
): Promise<string> {
  const token = newToken();
  const now = deps.clock.now();
  const lifetime = pendingStep ? pendingSessionLifetimeMs : sessionLifetimeMs;
  await repo.insertSession(
    deps.db,
    {
      tokenHash: hashToken(token),
      staffId: account.id,
      expiresAt: new Date(now.getTime() + lifetime),
      ip: client.ip,
      userAgent: client.userAgent,
      pendingStep,
    },
    now,
  );
  return token;
}

/**
 * Checks the credentials and opens a session. A client that failed for this account before must first
 * wait (`sign_in_throttled`), before the password is looked at; a client that has not failed never waits.
 * With two-factor sign-in (or an owner's requirement to enrol) the session is pending: it opens no admin
 * page until the code is given (`pendingStep: 'two_factor'`) or enrolment is done (`'enrol'`).
 */
export async function signIn(
  deps: AuthDeps,
  input: { email: string; password: string; ip: string; userAgent: string | null },
): Promise<{ token: string; account: StaffAccountRow; pendingStep: PendingStep | null }> {
  // A lookup refuses nothing that could have been stored (an account made while special-use domains were allowed).
  const parsed = parseEmailAddress(input.email, { specialUseDomains: 'allow' });
  const emailKey = parsed.ok ? parsed.address.dedupeKey : input.email.trim().toLowerCase().slice(0, 320);
  const address = clientAddressKey(input.ip);
  await checkSignInThrottle(deps, emailKey, address, input.ip);
  const now = deps.clock.now();
  const found = parsed.ok ? await repo.findStaffByEmailKey(deps.db, emailKey) : undefined;
  // Verify against a dummy hash when there is no account, so timing does not reveal which addresses exist.
  const valid = await verifyPassword(input.password, found?.password_hash ?? unusablePasswordHash);
  // A deactivated account is refused like a wrong password: the form does not say which accounts exist.
  const account = found && !found.deactivated_at && valid ? found : undefined;
  const pendingStep: PendingStep | null = !account ? null : account.totp_enabled_at ? 'two_factor' : (await twoFactorRequired(deps)) ? 'enrol' : null;
  // A password alone does not clear this client's failures while a code is still owed: otherwise guessing
  // codes, then giving the password again, would reset the count for ever.
  if (pendingStep !== 'two_factor') await repo.insertSignInAttempt(deps.db, { emailKey, ip: address, succeeded: Boolean(account) }, now);
  if (!account) {
    await recordAudit(deps, { staffId: null, label: emailKey, ip: input.ip }, 'auth.sign_in_failed');
    throw new AppError('sign_in_failed');
  }
  const token = await openSession(deps, account, input, pendingStep);
  await recordAudit(
    deps,
    { staffId: account.id, label: account.email, ip: input.ip },
    pendingStep ? 'auth.password_accepted' : 'auth.sign_in',
    null,
    pendingStep ? { pending: pendingStep } : null,
  );
  return { token, account, pendingStep };
}

/** A sign-in that still waits for its second factor or for enrolment: the account and the step, or null. */
export async function pendingSignIn(deps: AuthDeps, token: string | undefined): Promise<{ account: StaffAccountRow; step: PendingStep } | null> {
  if (!token) return null;
  const live = await repo.findLiveSession(deps.db, hashToken(token), deps.clock.now());
  return live?.session.pending_step ? { account: live.account, step: live.session.pending_step } : null;
}

/** Replaces a pending session by a full one under a new token (so the token seen before the second factor grants nothing). */
export async function completeSession(
  deps: AuthDeps,
  oldToken: string,
  account: StaffAccountRow,
  client: { ip: string; userAgent: string | null },
): Promise<string> {
  await repo.deleteSession(deps.db, hashToken(oldToken));
  return openSession(deps, account, client, null);
}

/**
 * The second step of sign-in: a TOTP code or a recovery code for a pending session. A wrong code counts as
 * a failed sign-in of this client (same throttle as passwords); a right one opens the full session.
 */
export async function signInSecondFactor(
  deps: TwoFactorDeps,
  input: { token: string | undefined; code: string; ip: string; userAgent: string | null },
): Promise<{ token: string; account: StaffAccountRow; method: SecondFactor }> {
  const pending = await pendingSignIn(deps, input.token);
  if (pending === null || pending.step !== 'two_factor' || !input.token) throw new AppError('sign_in_required');
  const { account } = pending;
  const address = clientAddressKey(input.ip);
  await checkSignInThrottle(deps, account.email_key, address, input.ip);
  const method = await checkSecondFactor(deps, account, input.code);
  const actor = { staffId: account.id, label: account.email, ip: input.ip };
  await repo.insertSignInAttempt(deps.db, { emailKey: account.email_key, ip: address, succeeded: method !== null }, deps.clock.now());
  if (!method) {
    await recordAudit(deps, actor, 'auth.two_factor_failed');
    throw new AppError('two_factor_invalid');
  }
  const token = await completeSession(deps, input.token, account, input);
  await recordAudit(deps, actor, 'auth.sign_in', null, { second_factor: method });
  return { token, account, method };
}

/** The staff account of a session cookie's token, or null when absent, expired, pending or deactivated. */
export async function accountForSession(deps: AuthDeps, token: string | undefined): Promise<StaffAccountRow | null> {
  if (!token) return null;
  return (await repo.findSessionAccount(deps.db, hashToken(token), deps.clock.now())) ?? null;
}

/** Ends the session of this token. */
export async function signOut(deps: AuthDeps, actor: Actor, token: string): Promise<void> {
  await repo.deleteSession(deps.db, hashToken(token));
  await recordAudit(deps, actor, 'auth.sign_out');
}

/** The account a one-time link of `purpose` belongs to, if the link is unused and unexpired and the account active. */
export async function accountForSetPasswordLink(deps: AuthDeps, token: string, purpose: StaffLinkPurpose = 'set_password'): Promise<StaffAccountRow> {
  const link = await repo.findStaffLink(deps.db, hashToken(token));
  if (!link || link.used_at || link.purpose !== purpose) throw new AppError('link_invalid');
  if (link.expires_at <= deps.clock.now().toISOString()) throw new AppError('link_expired');
  const account = await repo.findStaffById(deps.db, link.staff_account_id);
  if (!account || account.deactivated_at) throw new AppError('link_invalid');
  return account;
}

/** Sets a password through a one-time link of `purpose`; a replayed link is refused; every session of the account ends. */
export async function setPasswordWithLink(
  deps: AuthDeps,
  token: string,
  password: string,
  ip: string | null,
  purpose: StaffLinkPurpose = 'set_password',
): Promise<StaffAccountRow> {
  const account = await accountForSetPasswordLink(deps, token, purpose);
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  if (!(await repo.consumeStaffLink(deps.db, hashToken(token), now))) throw new AppError('link_invalid');
  await repo.updateStaff(deps.db, account.id, { passwordHash }, now);
  // Any other link still in a mailbox (an older reset, an invitation) must not set it again.
  await repo.spendStaffLinks(deps.db, account.id, now);
  await repo.deleteSessionsOf(deps.db, account.id);
  const action = purpose === 'reset_password' ? 'staff.password_reset' : 'staff.set_password';
  await recordAudit(deps, { staffId: account.id, label: account.email, ip }, action, `staff:${account.id}`);
  return account;
}
