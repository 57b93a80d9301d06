import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { type StaffAccountRow, staffRoles } from './auth.table.ts';
import { ErrorSummary } from './auth.views.tsx';

/** The actions an owner confirms on a page of their own before they happen. */
export const confirmedStaffActions = ['deactivate', 'remove', 'revoke-invitation', 'reset-two-factor'] as const;
export type ConfirmedStaffAction = (typeof confirmedStaffActions)[number];

/** Where each confirmed action posts, under /admin/staff/:id. */
export const confirmedActionPaths: Record<ConfirmedStaffAction, string> = {
  deactivate: 'deactivate',
  remove: 'remove',
  'revoke-invitation': 'invitation/revoke',
  'reset-two-factor': 'two-factor/reset',
};

const actionKeys: Record<ConfirmedStaffAction, string> = {
  deactivate: 'deactivate',
  remove: 'remove',
  'revoke-invitation': 'revokeInvitation',
  'reset-two-factor': 'resetTwoFactor',
};

/** Who a staff account is: name, address and role, as the account page and confirmation steps show it. */
export function StaffFacts({ ctx, account }: { ctx: PageContext; account: Pick<StaffAccountRow, 'name' | 'email' | 'role'> }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t('staff.name')}</dt>
      <dd>
        <bdi>{account.name}</bdi>
      </dd>
      <dt>{t('staff.email')}</dt>
      <dd>
        <bdi>{account.email}</bdi>
      </dd>
      <dt>{t('staff.role')}</dt>
      <dd>{t(`role.${account.role}`)}</dd>
    </dl>
  );
}

function StatusBadges({ ctx, account }: { ctx: PageContext; account: StaffAccountRow }) {
  const { t } = ctx;
  return (
    <>
      {!account.password_hash && !account.deactivated_at && <span class="badge">{t('staff.invited')}</span>}
      {account.deactivated_at && <span class="badge badge--muted">{t('staff.deactivated')}</span>}
      {account.totp_enabled_at && <span class="badge">{t('staff.twoFactorOn')}</span>}
    </>
  );
}

function RowActions({ ctx, account }: { ctx: PageContext; account: StaffAccountRow }) {
  const { t } = ctx;
  const base = `/admin/staff/${account.id}`;
  const invited = !account.password_hash && !account.deactivated_at;
  const confirmLink = (action: ConfirmedStaffAction) => (
    <a
      class="button button--quiet"
      href={ctx.href(`${base}/${confirmedActionPaths[action]}`)}
      aria-label={t(`staff.${actionKeys[action]}For`, { name: account.name })}
    >
      {t(`staff.${actionKeys[action]}`)}
    </a>
  );
  const postButton = (path: string, label: string, ariaLabel: string) => (
    <form method="post" action={ctx.href(`${base}/${path}`)} class="inline-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class="button button--quiet" aria-label={ariaLabel}>
        {label}
      </button>
    </form>
  );
  if (invited) {
    return (
      <div class="row-actions">
        {postButton('invitation/resend', t('staff.resendInvitation'), t('staff.resendInvitationFor', { name: account.name }))}
        {confirmLink('revoke-invitation')}
      </div>
    );
  }
  return (
    <div class="row-actions">
      {account.deactivated_at ? postButton('reactivate', t('staff.reactivate'), t('staff.reactivateFor', { name: account.name })) : confirmLink('deactivate')}
      {account.totp_enabled_at && confirmLink('reset-two-factor')}
      {confirmLink('remove')}
    </div>
  );
}

/** Staff accounts: the list with roles, status and actions, the two-factor requirement, and the invite form (owners only). */
export function StaffPage({
  ctx,
  accounts,
  requireTwoFactor,
  notice,
  error,
}: {
  ctx: PageContext;
  accounts: StaffAccountRow[];
  requireTwoFactor: boolean;
  notice?: string;
  error?: string;
}) {
  const { t } = ctx;
  const withoutTwoFactor = accounts.filter((a) => a.password_hash && !a.deactivated_at && !a.totp_enabled_at).length;
  return (
    <AdminLayout ctx={ctx} title={t('staff.title')}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary message={error} />
      <table class="table">
        <caption>{t('staff.caption', { count: accounts.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('staff.email')}</th>
            <th scope="col">{t('staff.role')}</th>
            <th scope="col">{t('staff.since')}</th>
            <th scope="col">{t('staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id} class={a.deactivated_at ? 'is-inactive' : undefined}>
              <td>
                <bdi>{a.name}</bdi>
                {ctx.staff?.id === a.id && <span class="muted"> {t('staff.you')}</span>}
              </td>
              <td>
                <bdi>{a.email}</bdi>
                <StatusBadges ctx={ctx} account={a} />
              </td>
              <td>
                <form method="post" action={ctx.href(`/admin/staff/${a.id}/role`)} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <label class="visually-hidden" for={`role-${a.id}`}>
                    {t('staff.roleFor', { name: a.name })}
                  </label>
                  <select id={`role-${a.id}`} name="role">
                    {staffRoles.map((r) => (
                      <option key={r} value={r} selected={r === a.role}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="button button--quiet">
                    {t('staff.changeRole')}
                  </button>
                </form>
              </td>
              <td>
                {formatTimestamp(ctx.locale, a.created_at)}
                {a.deactivated_at && (
                  <>
                    <br />
                    <span class="muted">{t('staff.deactivatedAt', { date: formatTimestamp(ctx.locale, a.deactivated_at) })}</span>
                  </>
                )}
              </td>
              <td>
                <RowActions ctx={ctx} account={a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="two-factor-policy-heading" class="panel">
        <h2 id="two-factor-policy-heading">{t('staff.policy.heading')}</h2>
        <p>{requireTwoFactor ? t('staff.policy.required') : t('staff.policy.optional')}</p>
        {requireTwoFactor && withoutTwoFactor > 0 && <p class="hint">{t('staff.policy.pending', { count: withoutTwoFactor })}</p>}
        <form method="post" action={ctx.href('/admin/staff/two-factor-policy')} class="inline-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="required" value={requireTwoFactor ? 'false' : 'true'} />
          <button type="submit" class={requireTwoFactor ? 'button button--quiet' : 'button'}>
            {requireTwoFactor ? t('staff.policy.makeOptional') : t('staff.policy.require')}
          </button>
        </form>
        {!requireTwoFactor && !ctx.staff?.totp_enabled_at && (
          <p class="hint">
            {t('staff.policy.enrolFirst')} <a href={ctx.href('/admin/account')}>{t('account.title')}</a>
          </p>
        )}
      </section>

      <section aria-labelledby="invite-heading" class="panel">
        <h2 id="invite-heading">{t('staff.invite')}</h2>
        <p>{t('staff.inviteIntro')}</p>
        <form method="post" action={ctx.href('/admin/staff')} class="form">
          <CsrfField ctx={ctx} />
          <label for="invite-name">{t('staff.name')}</label>
          <input id="invite-name" name="name" type="text" required maxLength={200} autoComplete="off" />
          <label for="invite-email">{t('staff.email')}</label>
          <input id="invite-email" name="email" type="text" inputMode="email" required autoComplete="off" dir="auto" spellcheck={false} />
          <label for="invite-role">{t('staff.role')}</label>
          <select id="invite-role" name="role">
            {staffRoles.map((r) => (
              <option key={r} value={r} selected={r === 'editor'}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            {t('staff.sendInvite')}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

/**
 * The confirmation page of a destructive action: what will happen to whom, an optional reason for the
 * audit log, the button, and a way back. A plain form, so it works without JavaScript.
 */
export function ConfirmStaffActionPage({
  ctx,
  account,
  action,
  error,
}: {
  ctx: PageContext;
  account: StaffAccountRow;
  action: ConfirmedStaffAction;
  error?: string;
}) {
  const { t } = ctx;
  const key = actionKeys[action];
  return (
    <AdminLayout ctx={ctx} title={t(`staff.confirm.${key}.title`, { name: account.name })}>
      <ErrorSummary message={error} />
      <StaffFacts ctx={ctx} account={account} />
      <p>{t(`staff.confirm.${key}.explain`, { name: account.name })}</p>
      <form method="post" action={ctx.href(`/admin/staff/${account.id}/${confirmedActionPaths[action]}`)} class="form">
        <CsrfField ctx={ctx} />
        <label for="reason">{t('staff.confirm.reason')}</label>
        <input id="reason" name="reason" type="text" maxLength={500} autoComplete="off" aria-describedby="reason-hint" />
        <p id="reason-hint" class="hint">
          {t('staff.confirm.reasonHint')}
        </p>
        <div class="actions">
          <button type="submit" class="button button--danger">
            {t(`staff.confirm.${key}.submit`)}
          </button>
          <a href={ctx.href('/admin/staff')}>{t('staff.confirm.cancel')}</a>
        </div>
      </form>
    </AdminLayout>
  );
}
