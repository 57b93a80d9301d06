import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { findStaffById, listStaff } from './auth.repository.ts';
import * as auth from './auth.service.ts';
import { type StaffAccountRow, staffRoles } from './auth.table.ts';
import { type ConfirmedStaffAction, ConfirmStaffActionPage, StaffPage } from './staff-admin.views.tsx';
import * as lifecycle from './staff-lifecycle.service.ts';
import * as twoFactor from './two-factor.service.ts';

const inviteForm = z.object({ email: z.string().min(1).max(400), name: z.string().trim().min(1).max(200), role: z.enum(staffRoles) });
const roleForm = z.object({ role: z.enum(staffRoles) });
const reasonForm = z.object({ reason: z.string().max(2000).optional() });
const policyForm = z.object({ required: z.enum(['true', 'false']) });
const idParams = z.object({ id: z.coerce.number().int().positive() });

const notices: Record<string, string> = {
  invited: 'staff.invitedNotice',
  role: 'staff.roleChangedNotice',
  resent: 'staff.resentNotice',
  revoked: 'staff.revokedNotice',
  deactivated: 'staff.deactivatedNotice',
  reactivated: 'staff.reactivatedNotice',
  removed: 'staff.removedNotice',
  'two-factor-reset': 'staff.twoFactorResetNotice',
  required: 'staff.policy.requiredNotice',
  optional: 'staff.policy.optionalNotice',
};

function staffUrl(request: FastifyRequest, done: string): string {
  return `/${request.locale}/admin/staff?done=${done}`;
}

async function renderStaffPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { notice?: string; error?: string; status?: number } = {},
) {
  const ctx = pageContext(request, reply);
  const [accounts, requireTwoFactor] = await Promise.all([listStaff(deps.db), twoFactor.twoFactorRequired(deps)]);
  return reply.page(
    <StaffPage ctx={ctx} accounts={accounts} requireTwoFactor={requireTwoFactor} notice={options.notice} error={options.error} />,
    options.status,
  );
}

/** GET /admin/staff */
export function staffPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const done = String((request.query as Record<string, unknown>).done ?? '');
    const key = notices[done];
    return renderStaffPage(deps, request, reply, { notice: key ? request.t(key) : undefined });
  };
}

/** Queues the invitation email with its set-password link (72 hours). */
async function sendInvitation(deps: AppDeps, request: FastifyRequest, account: StaffAccountRow, setPasswordToken: string): Promise<void> {
  const t = request.t;
  const inviter = request.staff?.name ?? '';
  const link = `${deps.config.publicUrl}/${request.locale}/admin/set-password/${setPasswordToken}`;
  await deps.queue.enqueue(sendMailJobName, {
    to: account.email,
    subject: t('email.invite.subject', { inviter }),
    text: t('email.invite.body', { name: account.name, inviter, role: t(`role.${account.role}`), link, hours: 72 }),
  });
}

/** POST /admin/staff — invites a staff account and emails the set-password link. */
export function inviteStaffSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(inviteForm, request.body);
    const { account, setPasswordToken } = await auth.createStaffAccount(deps, actorOf(request), form);
    if (setPasswordToken) await sendInvitation(deps, request, account, setPasswordToken);
    return reply.redirect(staffUrl(request, 'invited'), 303);
  };
}

/** POST /admin/staff/:id/role */
export function changeRoleSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { role } = parseBody(roleForm, request.body);
    await lifecycle.changeRole(deps, actorOf(request), id, role);
    return reply.redirect(staffUrl(request, 'role'), 303);
  };
}

/** POST /admin/staff/:id/invitation/resend — a new link; the one sent before stops working. */
export function resendInvitationSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { account, setPasswordToken } = await lifecycle.resendInvitation(deps, actorOf(request), id);
    await sendInvitation(deps, request, account, setPasswordToken);
    return reply.redirect(staffUrl(request, 'resent'), 303);
  };
}

/** POST /admin/staff/:id/reactivate */
export function reactivateSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await lifecycle.reactivateStaff(deps, actorOf(request), id);
    return reply.redirect(staffUrl(request, 'reactivated'), 303);
  };
}

/** POST /admin/staff/two-factor-policy — require two-factor sign-in of every staff account, or not. */
export function twoFactorPolicySubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { required } = parseBody(policyForm, request.body);
    const owner = request.staff as StaffAccountRow;
    try {
      await twoFactor.setTwoFactorRequired(deps, actorOf(request), owner, required === 'true');
    } catch (error) {
      if (!isAppError(error, 'two_factor_enrol_first')) throw error;
      return renderStaffPage(deps, request, reply, { error: request.t('error.two_factor_enrol_first'), status: 409 });
    }
    return reply.redirect(staffUrl(request, required === 'true' ? 'required' : 'optional'), 303);
  };
}

const confirmedActions: Record<
  ConfirmedStaffAction,
  { done: string; run: (deps: AppDeps, request: FastifyRequest, id: number, reason: string | null) => Promise<unknown> }
> = {
  deactivate: { done: 'deactivated', run: (deps, request, id, reason) => lifecycle.deactivateStaff(deps, actorOf(request), id, reason) },
  remove: { done: 'removed', run: (deps, request, id, reason) => lifecycle.removeStaff(deps, actorOf(request), id, reason) },
  'revoke-invitation': { done: 'revoked', run: (deps, request, id, reason) => lifecycle.revokeInvitation(deps, actorOf(request), id, reason) },
  'reset-two-factor': {
    done: 'two-factor-reset',
    run: (deps, request, id, reason) => twoFactor.resetTwoFactor(deps, actorOf(request), id, lifecycle.cleanReason(reason)),
  },
};

/** GET /admin/staff/:id/<action> — the confirmation page of a destructive action. */
export function confirmActionPage(deps: AppDeps, action: ConfirmedStaffAction) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const account = await findStaffById(deps.db, id);
    if (!account) throw new AppError('not_found');
    return reply.page(<ConfirmStaffActionPage ctx={pageContext(request, reply)} account={account} action={action} />);
  };
}

/** POST /admin/staff/:id/<action> — does it; a refusal (the last owner, say) shows the confirmation page again with the reason. */
export function confirmActionSubmit(deps: AppDeps, action: ConfirmedStaffAction) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { reason } = parseBody(reasonForm, request.body);
    try {
      await confirmedActions[action].run(deps, request, id, reason ?? null);
    } catch (error) {
      if (!isAppError(error) || !['last_owner', 'invitation_not_pending', 'two_factor_not_enabled'].includes(error.code)) throw error;
      const account = await findStaffById(deps.db, id);
      if (!account) throw error;
      const ctx = pageContext(request, reply);
      return reply.page(<ConfirmStaffActionPage ctx={ctx} account={account} action={action} error={ctx.t(`error.${error.code}`)} />, 409);
    }
    return reply.redirect(staffUrl(request, confirmedActions[action].done), 303);
  };
}
