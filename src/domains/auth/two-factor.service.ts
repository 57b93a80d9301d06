import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import type { StaffAccountRow } from './auth.table.ts';
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode, recoveryCodeCount } from './recovery-codes.ts';
import { openSecret, sealSecret } from './sealed-secret.ts';
import { matchTotp, newTotpSecret } from './totp.ts';

export interface TwoFactorDeps {
  db: Db;
  clock: Clock;
  /** Seals TOTP secrets at rest. */
  secretKey: string;
}

/** How a second factor was given. */
export type SecondFactor = 'totp' | 'recovery_code';

const requireSetting = 'require_two_factor';

/** True when an owner requires two-factor sign-in of every staff account. */
export async function twoFactorRequired(deps: Pick<TwoFactorDeps, 'db'>): Promise<boolean> {
  return (await repo.findSetting(deps.db, requireSetting)) === 'true';
}

/** Turns the requirement on or off; an owner must use two-factor sign-in before requiring it of others. */
export async function setTwoFactorRequired(deps: TwoFactorDeps, actor: Actor, owner: StaffAccountRow, required: boolean): Promise<void> {
  if (required && !owner.totp_enabled_at) throw new AppError('two_factor_enrol_first');
  if ((await twoFactorRequired(deps)) === required) return;
  await repo.putSetting(deps.db, requireSetting, String(required), deps.clock.now());
  await recordAudit(deps, actor, required ? 'auth.two_factor_required' : 'auth.two_factor_optional');
}

/** The secret of an account in enrolment, made (and stored sealed) on first call; the same one until enrolment ends. */
export async function enrolmentSecret(deps: TwoFactorDeps, account: StaffAccountRow): Promise<Buffer> {
  if (account.totp_enabled_at) throw new AppError('two_factor_already_enabled');
  const existing = account.totp_secret ? openSecret(deps.secretKey, account.totp_secret) : null;
  if (existing) return existing;
  const secret = newTotpSecret();
  await repo.setTotp(deps.db, account.id, { secret: sealSecret(deps.secretKey, secret), enabledAt: null }, deps.clock.now());
  return secret;
}

async function freshRecoveryCodes(deps: TwoFactorDeps, staffId: number): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode);
  const hashes = codes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c) as string));
  await repo.replaceRecoveryCodes(deps.db, staffId, hashes, deps.clock.now());
  return codes;
}

/**
 * Turns two-factor sign-in on once a code from the enrolment secret checks out (so the app really has it).
 * Returns new recovery codes: they are shown this once and only their hashes are kept.
 */
export async function enableTwoFactor(deps: TwoFactorDeps, actor: Actor, staffId: number, code: string): Promise<string[]> {
  const account = await repo.findStaffById(deps.db, staffId);
  if (!account) throw new AppError('not_found');
  if (account.totp_enabled_at) throw new AppError('two_factor_already_enabled');
  const secret = account.totp_secret ? openSecret(deps.secretKey, account.totp_secret) : null;
  if (!secret) throw new AppError('two_factor_invalid');
  const now = deps.clock.now();
  const step = matchTotp(secret, code, now, null);
  if (step === null) throw new AppError('two_factor_invalid');
  await repo.setTotp(deps.db, account.id, { secret: account.totp_secret, enabledAt: now, lastStep: step }, now);
  const codes = await freshRecoveryCodes(deps, account.id);
  await recordAudit(deps, actor, 'staff.two_factor_enable', `staff:${account.id}`);
  return codes;
}

/**
 * Checks a second factor: a TOTP code (each 30-second step once only) or an unused recovery code (spent
 * by this call). Null when neither matches. Both checks write conditionally, so two requests with the
 * same code cannot both pass.
 */
export async function checkSecondFactor(deps: TwoFactorDeps, account: StaffAccountRow, input: string): Promise<SecondFactor | null> {
  if (!account.totp_enabled_at || !account.totp_secret) return null;
  const now = deps.clock.now();
  const secret = openSecret(deps.secretKey, account.totp_secret);
  const step = secret ? matchTotp(secret, input, now, account.totp_last_step) : null;
  if (step !== null) return (await repo.acceptTotpStep(deps.db, account.id, step)) ? 'totp' : null;
  const recovery = normaliseRecoveryCode(input);
  if (recovery && (await repo.consumeRecoveryCode(deps.db, account.id, hashRecoveryCode(recovery), now))) return 'recovery_code';
  return null;
}

/** New recovery codes for an account (the old ones stop working), after a current code proves the person has the app. */
export async function regenerateRecoveryCodes(deps: TwoFactorDeps, actor: Actor, account: StaffAccountRow, code: string): Promise<string[]> {
  if ((await checkSecondFactor(deps, account, code)) === null) throw new AppError('two_factor_invalid');
  const codes = await freshRecoveryCodes(deps, account.id);
  await recordAudit(deps, actor, 'staff.recovery_codes_regenerate', `staff:${account.id}`);
  return codes;
}

/** Turns one's own two-factor sign-in off (a current code is needed), unless an owner requires it. */
export async function disableTwoFactor(deps: TwoFactorDeps, actor: Actor, account: StaffAccountRow, code: string): Promise<void> {
  if (await twoFactorRequired(deps)) throw new AppError('two_factor_required');
  if ((await checkSecondFactor(deps, account, code)) === null) throw new AppError('two_factor_invalid');
  await clearTwoFactor(deps, account.id);
  await recordAudit(deps, actor, 'staff.two_factor_disable', `staff:${account.id}`);
}

/** An owner clears someone's second factor (a lost phone): they sign in with their password and enrol again; their sessions end. */
export async function resetTwoFactor(deps: TwoFactorDeps, actor: Actor, staffId: number, reason: string | null): Promise<StaffAccountRow> {
  const account = await repo.findStaffById(deps.db, staffId);
  if (!account) throw new AppError('not_found');
  if (!account.totp_enabled_at) throw new AppError('two_factor_not_enabled');
  await clearTwoFactor(deps, account.id);
  await repo.deleteSessionsOf(deps.db, account.id);
  await recordAudit(deps, actor, 'staff.two_factor_reset', `staff:${account.id}`, { email: account.email, ...(reason ? { reason } : {}) });
  return account;
}

async function clearTwoFactor(deps: TwoFactorDeps, staffId: number): Promise<void> {
  await repo.setTotp(deps.db, staffId, { secret: null, enabledAt: null }, deps.clock.now());
  await repo.replaceRecoveryCodes(deps.db, staffId, [], deps.clock.now());
}

/** How many unused recovery codes an account has left. */
export function remainingRecoveryCodes(deps: Pick<TwoFactorDeps, 'db'>, staffId: number): Promise<number> {
  return repo.countUnusedRecoveryCodes(deps.db, staffId);
}
