import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { type ApiTokenRow, apiTokenRoles } from './api-token.table.ts';

/** The owner's API token page: the list, a just-created token (shown this once), and the create form. */
export function ApiTokensPage({
  ctx,
  tokens,
  notice,
  created,
}: {
  ctx: PageContext;
  tokens: ApiTokenRow[];
  notice?: string;
  created?: { token: string; row: ApiTokenRow };
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('apiTokens.title')}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {created && (
        <section class="panel" aria-labelledby="new-token-heading">
          <h2 id="new-token-heading">{t('apiTokens.createdHeading', { name: created.row.name })}</h2>
          <p class="notice" role="status">
            {t('apiTokens.createdNotice')}
          </p>
          <label for="new-token">{t('apiTokens.tokenLabel')}</label>
          <input id="new-token" type="text" readOnly value={created.token} size={60} spellcheck={false} autoComplete="off" dir="ltr" />
        </section>
      )}
      <p>
        {t('apiTokens.intro')} <a href="/api/docs">{t('apiTokens.docsLink')}</a>
      </p>
      <table class="table">
        <caption>{t('apiTokens.caption', { count: tokens.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('apiTokens.name')}</th>
            <th scope="col">{t('apiTokens.role')}</th>
            <th scope="col">{t('apiTokens.created')}</th>
            <th scope="col">{t('apiTokens.lastUsed')}</th>
            <th scope="col">{t('apiTokens.status')}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{t(`role.${token.role}`)}</td>
              <td>
                {formatTimestamp(ctx.locale, token.created_at)}
                <br />
                <span class="muted">{t('apiTokens.createdBy', { who: token.created_by })}</span>
              </td>
              <td>{token.last_used_at ? formatTimestamp(ctx.locale, token.last_used_at) : t('apiTokens.neverUsed')}</td>
              <td>
                {token.revoked_at ? (
                  <span class="badge">{t('apiTokens.revokedAt', { date: formatTimestamp(ctx.locale, token.revoked_at) })}</span>
                ) : (
                  <form method="post" action={ctx.href(`/admin/api-tokens/${token.id}/revoke`)} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <span>{t('apiTokens.active')}</span>{' '}
                    <button type="submit" class="button button--danger" aria-label={t('apiTokens.revokeFor', { name: token.name })}>
                      {t('apiTokens.revoke')}
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="create-token-heading" class="panel">
        <h2 id="create-token-heading">{t('apiTokens.create')}</h2>
        <p>{t('apiTokens.createIntro')}</p>
        <form method="post" action={ctx.href('/admin/api-tokens')} class="form">
          <CsrfField ctx={ctx} />
          <label for="token-name">{t('apiTokens.name')}</label>
          <input id="token-name" name="name" type="text" required maxLength={100} autoComplete="off" />
          <label for="token-role">{t('apiTokens.role')}</label>
          <select id="token-role" name="role">
            {apiTokenRoles.map((r) => (
              <option key={r} value={r} selected={r === 'viewer'}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <p class="hint">{t('apiTokens.roleHint')}</p>
          <button type="submit" class="button">
            {t('apiTokens.createSubmit')}
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

/** The step before revoking a token: which token, what it can do, when it was last used, and that programs using it stop at once. */
export function ConfirmRevokeTokenPage({ ctx, token }: { ctx: PageContext; token: ApiTokenRow }) {
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('apiTokens.confirm.title', { name: token.name })}>
      <dl class="facts">
        <dt>{t('apiTokens.name')}</dt>
        <dd>
          <bdi>{token.name}</bdi>
        </dd>
        <dt>{t('apiTokens.role')}</dt>
        <dd>{t(`role.${token.role}`)}</dd>
        <dt>{t('apiTokens.created')}</dt>
        <dd>
          {formatTimestamp(locale, token.created_at)} {t('apiTokens.createdBy', { who: token.created_by })}
        </dd>
        <dt>{t('apiTokens.lastUsed')}</dt>
        <dd>{token.last_used_at ? formatTimestamp(locale, token.last_used_at) : t('apiTokens.neverUsed')}</dd>
      </dl>
      <p>{t('apiTokens.confirm.explain')}</p>
      <form method="post" action={ctx.href(`/admin/api-tokens/${token.id}/revoke`)} class="actions">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button button--danger">
          {t('apiTokens.confirm.submit')}
        </button>
        <a href={ctx.href('/admin/api-tokens')}>{t('apiTokens.confirm.back')}</a>
      </form>
    </AdminLayout>
  );
}
