import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, locales, translator } from '../../i18n/i18n.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { clientAddressKey } from '../../security/client-address.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './auth.repository.ts';
import { type AuthDeps, accountForSetPasswordLink, setPasswordWithLink } from './auth.service.ts';
import type { StaffAccountRow } from './auth.table.ts';

// "Forgot password". The form always answers the same, whether or not the address has an account, and the
// lookup and the email happen later in a job, so neither the answer nor its timing tells which accounts
// exist. The link is random, signed with the secret key (a forged one is refused before any lookup),
// expires in an hour, works once, and only its hash is stored.

export const passwordResetJobName = 'staff.password_reset';
export const resetLinkLifetimeMs = 60 * 60 * 1000;
export const resetWindowMs = 15 * 60 * 1000;
/** Requests per 15 minutes from one address, and for one account address. */
export const resetLimitPerAddress = 5;
export const resetLimitPerAccount = 3;

function tag(secretKey: string, random: string): string {
  return createHmac('sha256', secretKey).update(`staff-reset:${random}`).digest().subarray(0, 16).toString('base64url');
}

/** A reset token: 256 random bits "." a 128-bit HMAC tag over them. */
function newResetToken(secretKey: string): string {
  const random = newToken();
  return `${random}.${tag(secretKey, random)}`;
}

/** Refuses a token whose tag does not match (forged or mistyped) with `link_invalid`, before the database is asked. */
function checkResetToken(secretKey: string, token: string): void {
  const [random, given, extra] = token.split('.');
  if (!random || !given || extra !== undefined) throw new AppError('link_invalid');
  const expected = Buffer.from(tag(secretKey, random));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new AppError('link_invalid');
}

/**
 * Takes a "forgot password" request. Too many from one address → `rate_limited`; too many for one
 * account address are dropped silently (the answer stays the same). Otherwise a job sends the link if
 * the account exists and is active.
 */
export async function requestPasswordReset(deps: AppDeps, input: { email: string; ip: string; locale: string }): Promise<void> {
  // A lookup: an account made while special-use domains were allowed can still reset its password.
  const parsed = parseEmailAddress(input.email, { specialUseDomains: 'allow' });
  const emailKey = parsed.ok ? parsed.address.dedupeKey : input.email.trim().toLowerCase().slice(0, 320);
  const address = clientAddressKey(input.ip);
  const now = deps.clock.now();
  const since = new Date(now.getTime() - resetWindowMs);
  if ((await repo.countResetRequests(deps.db, 'ip', address, since)) >= resetLimitPerAddress) throw new AppError('rate_limited');
  const forAccount = await repo.countResetRequests(deps.db, 'email_key', emailKey, since);
  await repo.insertResetRequest(deps.db, { emailKey, ip: address }, now);
  await recordAudit(deps, { staffId: null, label: emailKey.slice(0, 320), ip: input.ip }, 'auth.password_reset_requested');
  if (!parsed.ok || forAccount >= resetLimitPerAccount) return;
  await deps.queue.enqueue(passwordResetJobName, { emailKey, locale: input.locale });
}

/** Issues a reset link for the account (earlier reset links stop working); the token, to be mailed. */
export async function issueResetLink(deps: AuthDeps & { secretKey: string }, account: StaffAccountRow): Promise<string> {
  const now = deps.clock.now();
  await repo.spendStaffLinks(deps.db, account.id, now, 'reset_password');
  const token = newResetToken(deps.secretKey);
  await repo.insertStaffLink(
    deps.db,
    { tokenHash: hashToken(token), staffId: account.id, expiresAt: new Date(now.getTime() + resetLinkLifetimeMs), purpose: 'reset_password' },
    now,
  );
  return token;
}

/** The account a reset link is for (`link_invalid` / `link_expired` otherwise). */
export async function accountForResetLink(deps: AuthDeps & { secretKey: string }, token: string): Promise<StaffAccountRow> {
  checkResetToken(deps.secretKey, token);
  return accountForSetPasswordLink(deps, token, 'reset_password');
}

/** Sets the new password through a reset link; the link is spent and every session of the account ends. */
export async function resetPasswordWithLink(
  deps: AuthDeps & { secretKey: string },
  token: string,
  password: string,
  ip: string | null,
): Promise<StaffAccountRow> {
  checkResetToken(deps.secretKey, token);
  return setPasswordWithLink(deps, token, password, ip, 'reset_password');
}

/** The job behind "forgot password": finds the account, and if it is active, mails it a reset link. */
export function passwordResetJob(deps: AppDeps) {
  return defineJob({
    name: passwordResetJobName,
    lane: 'priority',
    maxAttempts: 5,
    payload: z.object({ emailKey: z.string().min(1).max(400), locale: z.enum(locales) }),
    async run(payload) {
      const account = await repo.findStaffByEmailKey(deps.db, payload.emailKey);
      if (!account || account.deactivated_at) return;
      const token = await issueResetLink(deps, account);
      const locale = isLocale(payload.locale) ? payload.locale : 'en';
      const t = translator(locale);
      const link = `${deps.config.publicUrl}/${locale}/admin/reset-password/${token}`;
      await deps.mail.send({
        from: deps.mailFrom,
        to: account.email,
        subject: t('email.reset.subject'),
        text: t('email.reset.body', { name: account.name, link, minutes: resetLinkLifetimeMs / 60_000 }),
      });
      await recordAudit(deps, { staffId: null, label: 'system' }, 'staff.password_reset_sent', `staff:${account.id}`, { email: account.email });
    },
  });
}
