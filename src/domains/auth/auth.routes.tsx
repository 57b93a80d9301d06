import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext, sessionCookie } from '../../http/request-context.ts';
import * as auth from './auth.service.ts';
import type { PendingStep } from './auth.table.ts';
import { ForgotPasswordPage, SetPasswordPage, SignInPage, TwoFactorSignInPage } from './auth.views.tsx';
import * as reset from './password-reset.service.ts';
import { safeReturnPath } from './return-path.ts';

const signInForm = z.object({ email: z.string().max(400), password: z.string().max(1000), next: z.string().max(2000).optional() });
const codeForm = z.object({ code: z.string().max(100), next: z.string().max(2000).optional() });
const forgotForm = z.object({ email: z.string().min(1).max(400) });
const passwordForm = z.object({ password: z.string().max(1000) });
const tokenParams = z.object({ token: z.string().min(10).max(200) });

/** Sets the session cookie (a pending sign-in gets the short lifetime its session has). */
export function setSessionCookie(deps: AppDeps, reply: FastifyReply, token: string, pending: boolean): void {
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: (pending ? auth.pendingSessionLifetimeMs : auth.sessionLifetimeMs) / 1000,
  });
}

/** Where sign-in goes on from a pending step, keeping the clean return path. */
function pendingStepUrl(locale: string, step: PendingStep, next: string | null): string {
  const path = step === 'two_factor' ? '/admin/login/two-factor' : '/admin/two-factor/setup';
  return `/${locale}${path}${next ? `?next=${encodeURIComponent(next)}` : ''}`;
}

function queryNext(request: FastifyRequest): string | undefined {
  return safeReturnPath((request.query as Record<string, unknown>).next) ?? undefined;
}

/** GET /admin/login */
export function signInPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.staff) return reply.redirect(`/${request.locale}/admin`);
    const ctx = pageContext(request, reply);
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'password' ? ctx.t('resetPassword.doneNotice') : undefined;
    return reply.page(<SignInPage ctx={ctx} next={queryNext(request)} notice={notice} />);
  };
}

/** POST /admin/login — opens a session (or a pending one that needs a code), or shows the form again with a translated reason. */
export function signInSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(signInForm, request.body);
    // Decided before the session exists: nothing about `next` can fail once it does.
    const next = safeReturnPath(form.next);
    try {
      const { token, pendingStep } = await auth.signIn(deps, {
        email: form.email,
        password: form.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(deps, reply, token, pendingStep !== null);
      if (pendingStep) return reply.redirect(pendingStepUrl(request.locale, pendingStep, next), 303);
      return reply.redirect(next ?? `/${request.locale}/admin`, 303);
    } catch (error) {
      if (!isAppError(error, 'sign_in_failed') && !isAppError(error, 'sign_in_throttled')) throw error;
      const throttled = error.code === 'sign_in_throttled';
      if (throttled) reply.header('retry-after', String(error.details.seconds));
      const ctx = pageContext(request, reply);
      return reply.page(
        <SignInPage ctx={ctx} error={ctx.t(`error.${error.code}`, error.details)} email={form.email} next={next ?? undefined} />,
        throttled ? 429 : 401,
      );
    }
  };
}

/** GET /admin/login/two-factor — the code step of a pending sign-in (otherwise back to the password form). */
export function twoFactorSignInPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const pending = await auth.pendingSignIn(deps, request.sessionToken);
    if (pending === null || pending.step !== 'two_factor') return reply.redirect(`/${request.locale}/admin/login`);
    reply.header('cache-control', 'no-store');
    return reply.page(<TwoFactorSignInPage ctx={pageContext(request, reply)} account={pending.account} next={queryNext(request)} />);
  };
}

/** POST /admin/login/two-factor — a right code opens the full session; a wrong one counts as a failed sign-in. */
export function twoFactorSignInSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(codeForm, request.body);
    const next = safeReturnPath(form.next);
    try {
      const { token } = await auth.signInSecondFactor(deps, {
        token: request.sessionToken,
        code: form.code,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      setSessionCookie(deps, reply, token, false);
      return reply.redirect(next ?? `/${request.locale}/admin`, 303);
    } catch (error) {
      if (isAppError(error, 'sign_in_required')) return reply.redirect(`/${request.locale}/admin/login`, 303);
      if (!isAppError(error, 'two_factor_invalid') && !isAppError(error, 'sign_in_throttled')) throw error;
      const pending = await auth.pendingSignIn(deps, request.sessionToken);
      if (!pending) return reply.redirect(`/${request.locale}/admin/login`, 303);
      const throttled = error.code === 'sign_in_throttled';
      if (throttled) reply.header('retry-after', String(error.details.seconds));
      const ctx = pageContext(request, reply);
      return reply.page(
        <TwoFactorSignInPage ctx={ctx} account={pending.account} next={next ?? undefined} error={ctx.t(`error.${error.code}`, error.details)} />,
        throttled ? 429 : 400,
      );
    }
  };
}

/** POST /admin/logout */
export function signOutSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.sessionToken) await auth.signOut(deps, actorOf(request), request.sessionToken);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.redirect(`/${request.locale}/admin/login`, 303);
  };
}

/** GET /admin/forgot-password */
export function forgotPasswordPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const sent = (request.query as Record<string, unknown>).sent === '1';
    return reply.page(<ForgotPasswordPage ctx={pageContext(request, reply)} sent={sent} />);
  };
}

/** POST /admin/forgot-password — the same answer whether or not the address has an account. */
export function forgotPasswordSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { email } = parseBody(forgotForm, request.body);
    try {
      await reset.requestPasswordReset(deps, { email, ip: request.ip, locale: request.locale });
    } catch (error) {
      if (!isAppError(error, 'rate_limited')) throw error;
      const ctx = pageContext(request, reply);
      return reply.page(<ForgotPasswordPage ctx={ctx} error={ctx.t('error.rate_limited')} />, 429);
    }
    return reply.redirect(`/${request.locale}/admin/forgot-password?sent=1`, 303);
  };
}

/** GET /admin/set-password/:token */
export function setPasswordPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const account = await auth.accountForSetPasswordLink(deps, token);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<SetPasswordPage ctx={pageContext(request, reply)} account={account} token={token} />);
  };
}

/** POST /admin/set-password/:token — a short password shows the form again; success goes to sign-in. */
export function setPasswordSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { password } = parseBody(passwordForm, request.body);
    try {
      await auth.setPasswordWithLink(deps, token, password, request.ip);
    } catch (error) {
      if (!isAppError(error, 'password_too_short')) throw error;
      const ctx = pageContext(request, reply);
      const account = await auth.accountForSetPasswordLink(deps, token);
      return reply.page(<SetPasswordPage ctx={ctx} account={account} token={token} error={ctx.t('error.password_too_short', error.details)} />, 400);
    }
    return reply.redirect(`/${request.locale}/admin/login`, 303);
  };
}

/** GET /admin/reset-password/:token */
export function resetPasswordPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const account = await reset.accountForResetLink(deps, token);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<SetPasswordPage ctx={pageContext(request, reply)} account={account} token={token} reset />);
  };
}

/** POST /admin/reset-password/:token — sets the new password, ends every session, and goes to sign-in. */
export function resetPasswordSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { password } = parseBody(passwordForm, request.body);
    try {
      await reset.resetPasswordWithLink(deps, token, password, request.ip);
    } catch (error) {
      if (!isAppError(error, 'password_too_short')) throw error;
      const ctx = pageContext(request, reply);
      const account = await reset.accountForResetLink(deps, token);
      return reply.page(<SetPasswordPage ctx={ctx} account={account} token={token} reset error={ctx.t('error.password_too_short', error.details)} />, 400);
    }
    return reply.redirect(`/${request.locale}/admin/login?done=password`, 303);
  };
}
