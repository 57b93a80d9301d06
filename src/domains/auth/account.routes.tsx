import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { setSessionCookie } from './auth.routes.tsx';
import * as auth from './auth.service.ts';
import type { StaffAccountRow } from './auth.table.ts';
import { safeReturnPath } from './return-path.ts';
import { base32Encode, otpauthUri } from './totp.ts';
import * as twoFactor from './two-factor.service.ts';
import { AccountPage, RecoveryCodesPage, TwoFactorSetupPage } from './two-factor.views.tsx';

const codeForm = z.object({ code: z.string().max(100), next: z.string().max(2000).optional() });

const notices: Record<string, string> = {
  disabled: 'account.disabledNotice',
};

/** Pages that show a secret or recovery codes must not be kept by a browser or proxy cache. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

async function renderAccountPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { notice?: string; error?: string; status?: number } = {},
) {
  const account = request.staff as StaffAccountRow;
  const [left, required] = await Promise.all([twoFactor.remainingRecoveryCodes(deps, account.id), twoFactor.twoFactorRequired(deps)]);
  return reply.page(
    <AccountPage
      ctx={pageContext(request, reply)}
      account={account}
      recoveryCodesLeft={left}
      required={required}
      notice={options.notice}
      error={options.error}
    />,
    options.status,
  );
}

/** GET /admin/account — one's own account and two-factor sign-in. */
export function accountPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = notices[String((request.query as Record<string, unknown>).done ?? '')];
    return renderAccountPage(deps, request, reply, { notice: key ? request.t(key) : undefined });
  };
}

/** The account enrolling: the signed-in one, or one whose sign-in waits for enrolment (an owner requires it). */
async function enrollingAccount(deps: AppDeps, request: FastifyRequest): Promise<{ account: StaffAccountRow; enforced: boolean } | null> {
  if (request.staff) return { account: request.staff, enforced: false };
  const pending = await auth.pendingSignIn(deps, request.sessionToken);
  return pending?.step === 'enrol' ? { account: pending.account, enforced: true } : null;
}

async function renderSetup(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  account: StaffAccountRow,
  enforced: boolean,
  next?: string,
  error?: string,
) {
  const secret = await twoFactor.enrolmentSecret(deps, account);
  const issuer = `Plenary (${new URL(deps.config.publicUrl).host})`;
  const qrDataUrl = await QRCode.toDataURL(otpauthUri(issuer, account.email, secret), { errorCorrectionLevel: 'M', margin: 2, width: 220 });
  noStore(reply);
  return reply.page(
    <TwoFactorSetupPage ctx={pageContext(request, reply)} qrDataUrl={qrDataUrl} secret={base32Encode(secret)} enforced={enforced} next={next} error={error} />,
    error ? 400 : 200,
  );
}

/** GET /admin/two-factor/setup — the QR code and secret to enrol (already enrolled: back to the account page). */
export function setupPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const enrolling = await enrollingAccount(deps, request);
    if (!enrolling) return reply.redirect(`/${request.locale}/admin/login`);
    if (enrolling.account.totp_enabled_at) return reply.redirect(`/${request.locale}/admin/account`);
    const next = safeReturnPath((request.query as Record<string, unknown>).next) ?? undefined;
    return renderSetup(deps, request, reply, enrolling.account, enrolling.enforced, next);
  };
}

/**
 * POST /admin/two-factor/setup — a right code turns two-factor sign-in on and shows the recovery codes
 * once; an enrolment during sign-in then becomes a full session.
 */
export function setupSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const enrolling = await enrollingAccount(deps, request);
    if (!enrolling) throw new AppError('sign_in_required');
    const form = parseBody(codeForm, request.body);
    const next = safeReturnPath(form.next);
    const { account, enforced } = enrolling;
    const actor = { staffId: account.id, label: account.email, ip: request.ip };
    let codes: string[];
    try {
      codes = await twoFactor.enableTwoFactor(deps, actor, account.id, form.code);
    } catch (error) {
      if (!isAppError(error, 'two_factor_invalid')) throw error;
      return renderSetup(deps, request, reply, account, enforced, next ?? undefined, request.t('error.two_factor_invalid'));
    }
    if (enforced && request.sessionToken) {
      const token = await auth.completeSession(deps, request.sessionToken, account, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(deps, reply, token, false);
    }
    noStore(reply);
    const continueHref = enforced ? (next ?? `/${request.locale}/admin`) : `/${request.locale}/admin/account`;
    return reply.page(<RecoveryCodesPage ctx={pageContext(request, reply)} codes={codes} continueHref={continueHref} first />);
  };
}

/** POST /admin/account/recovery-codes — new codes (a current code needed); the old ones stop working. */
export function regenerateSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { code } = parseBody(codeForm, request.body);
    const account = request.staff as StaffAccountRow;
    try {
      const codes = await twoFactor.regenerateRecoveryCodes(deps, actorOf(request), account, code);
      noStore(reply);
      return reply.page(<RecoveryCodesPage ctx={pageContext(request, reply)} codes={codes} continueHref={`/${request.locale}/admin/account`} first={false} />);
    } catch (error) {
      if (!isAppError(error, 'two_factor_invalid')) throw error;
      return renderAccountPage(deps, request, reply, { error: request.t('error.two_factor_invalid'), status: 400 });
    }
  };
}

/** POST /admin/account/two-factor/disable — a current code needed; refused while an owner requires two-factor sign-in. */
export function disableSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { code } = parseBody(codeForm, request.body);
    try {
      await twoFactor.disableTwoFactor(deps, actorOf(request), request.staff as StaffAccountRow, code);
    } catch (error) {
      if (!isAppError(error, 'two_factor_invalid') && !isAppError(error, 'two_factor_required')) throw error;
      return renderAccountPage(deps, request, reply, { error: request.t(`error.${error.code}`), status: error.code === 'two_factor_required' ? 409 : 400 });
    }
    return reply.redirect(`/${request.locale}/admin/account?done=disabled`, 303);
  };
}
