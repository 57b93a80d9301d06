import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { parseBody, safeNextPath } from '../../http/form.ts';
import { actorOf, pageContext, sessionCookie } from '../../http/request-context.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { listStaff } from './auth.repository.ts';
import * as auth from './auth.service.ts';
import { staffRoles } from './auth.table.ts';
import { SetPasswordPage, SignInPage, StaffPage } from './auth.views.tsx';

const signInForm = z.object({ email: z.string().max(400), password: z.string().max(1000), next: z.string().max(2000).optional() });
const inviteForm = z.object({ email: z.string().min(1).max(400), name: z.string().trim().min(1).max(200), role: z.enum(staffRoles) });
const roleForm = z.object({ role: z.enum(staffRoles) });
const passwordForm = z.object({ password: z.string().max(1000) });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const tokenParams = z.object({ token: z.string().min(10).max(200) });

/** GET /admin/login */
export function signInPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.staff) return reply.redirect(`/${request.locale}/admin`);
    const next = safeNextPath((request.query as Record<string, unknown>).next) ?? undefined;
    return reply.page(<SignInPage ctx={pageContext(request, reply)} next={next} />);
  };
}

/** POST /admin/login — opens a session, or shows the form again with a translated reason. */
export function signInSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(signInForm, request.body);
    try {
      const { token } = await auth.signIn(deps, {
        email: form.email,
        password: form.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(sessionCookie, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
        maxAge: auth.sessionLifetimeMs / 1000,
      });
      return reply.redirect(safeNextPath(form.next) ?? `/${request.locale}/admin`, 303);
    } catch (error) {
      if (!isAppError(error, 'sign_in_failed') && !isAppError(error, 'rate_limited')) throw error;
      const status = error.code === 'rate_limited' ? 429 : 401;
      const ctx = pageContext(request, reply);
      return reply.page(<SignInPage ctx={ctx} error={ctx.t(`error.${error.code}`)} email={form.email} next={safeNextPath(form.next) ?? undefined} />, status);
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

/** GET /admin/set-password/:token */
export function setPasswordPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const account = await auth.accountForSetPasswordLink(deps, token);
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

/** GET /admin/staff */
export function staffPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const done = (request.query as Record<string, unknown>).done;
    const ctx = pageContext(request, reply);
    const notice = done === 'invited' ? ctx.t('staff.invitedNotice') : done === 'role' ? ctx.t('staff.roleChangedNotice') : undefined;
    return reply.page(<StaffPage ctx={ctx} accounts={await listStaff(deps.db)} notice={notice} />);
  };
}

/** POST /admin/staff — invites a staff account and emails the set-password link. */
export function inviteStaffSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(inviteForm, request.body);
    const { account, setPasswordToken } = await auth.createStaffAccount(deps, actorOf(request), form);
    const t = request.t;
    const link = `${deps.config.publicUrl}/${request.locale}/admin/set-password/${setPasswordToken}`;
    await deps.queue.enqueue(sendMailJobName, {
      to: account.email,
      subject: t('email.invite.subject', { inviter: request.staff?.name ?? '' }),
      text: t('email.invite.body', { name: account.name, inviter: request.staff?.name ?? '', role: t(`role.${account.role}`), link, hours: 72 }),
    });
    return reply.redirect(`/${request.locale}/admin/staff?done=invited`, 303);
  };
}

/** POST /admin/staff/:id/role */
export function changeRoleSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { role } = parseBody(roleForm, request.body);
    await auth.changeRole(deps, actorOf(request), id, role);
    return reply.redirect(`/${request.locale}/admin/staff?done=role`, 303);
  };
}
