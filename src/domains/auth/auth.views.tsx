import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import { type StaffAccountRow, staffRoles } from './auth.table.ts';

function ErrorSummary({ message }: { message?: string }) {
  return message ? (
    <p class="notice notice--error" role="alert">
      {message}
    </p>
  ) : null;
}

/** The staff sign-in form. */
export function SignInPage({ ctx, error, email, next }: { ctx: PageContext; error?: string; email?: string; next?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.title')} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{t('signIn.title')}</h1>
        <ErrorSummary message={error} />
        <form method="post" action={ctx.href('/admin/login')} class="form">
          <CsrfField ctx={ctx} />
          {next && <input type="hidden" name="next" value={next} />}
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="text" inputMode="email" autoComplete="username" required value={email ?? ''} dir="auto" spellcheck={false} />
          <label for="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit" class="button">
            {t('signIn.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** Choose a password through a one-time link (after an invite). */
export function SetPasswordPage({ ctx, account, token, error }: { ctx: PageContext; account: StaffAccountRow; token: string; error?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('setPassword.title')} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{t('setPassword.title')}</h1>
        <p>{t('setPassword.intro', { name: account.name, email: account.email })}</p>
        <ErrorSummary message={error} />
        <form method="post" action={ctx.href(`/admin/set-password/${encodeURIComponent(token)}`)} class="form">
          <CsrfField ctx={ctx} />
          <label for="password">{t('setPassword.password')}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} aria-describedby="password-hint" />
          <p id="password-hint" class="hint">
            {t('setPassword.hint', { min: 12 })}
          </p>
          <button type="submit" class="button">
            {t('setPassword.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** Staff accounts: the list with role changes, and the invite form (owners only). */
export function StaffPage({ ctx, accounts, notice, error }: { ctx: PageContext; accounts: StaffAccountRow[]; notice?: string; error?: string }) {
  const { t } = ctx;
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
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>
                <bdi>{a.email}</bdi>
                {!a.password_hash && <span class="badge">{t('staff.invited')}</span>}
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
              <td>{formatTimestamp(ctx.locale, a.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
