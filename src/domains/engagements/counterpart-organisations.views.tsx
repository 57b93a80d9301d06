import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { CsrfField } from '../../views/layout.tsx';
import type { EngagementOrganisationRow } from './engagement.table.ts';

/** The editable list of counterpart organisations: add, rename, delete (one in use is refused, with why). */
export function OrganisationsPage({ ctx, organisations, error }: { ctx: PageContext; organisations: EngagementOrganisationRow[]; error?: string }) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('engagements.organisations.title')}>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <p>{t('engagements.organisations.intro')}</p>
      <p>
        <a href={ctx.href('/admin/engagements')}>{t('admin.nav.engagements')}</a>
      </p>
      {organisations.length === 0 ? (
        <p>{t('engagements.organisations.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('engagements.organisations.name')}</th>
              {canEdit && <th scope="col">{t('engagements.organisations.change')}</th>}
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={ctx.href(`/admin/engagements?organisation=${o.id}`)}>
                    <bdi>{o.name}</bdi>
                  </a>
                </td>
                {canEdit && (
                  <td>
                    <div class="row-actions">
                      <form method="post" action={ctx.href(`/admin/engagements/organisations/${o.id}`)} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input
                          type="text"
                          name="name"
                          value={o.name}
                          required
                          maxLength={200}
                          dir="auto"
                          aria-label={t('engagements.organisations.renameFor', { name: o.name })}
                        />
                        <button type="submit" class="button button--quiet">
                          {t('engagements.organisations.rename')}
                        </button>
                      </form>
                      <a
                        class="button button--danger"
                        href={ctx.href(`/admin/engagements/organisations/${o.id}/delete`)}
                        aria-label={t('engagements.organisations.deleteFor', { name: o.name })}
                      >
                        {t('engagements.organisations.delete')}
                      </a>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form method="post" action={ctx.href('/admin/engagements/organisations')} class="inline-form panel">
          <CsrfField ctx={ctx} />
          <label for="organisation-name">{t('engagements.organisations.name')}</label>
          <input id="organisation-name" name="name" type="text" required maxLength={200} dir="auto" />
          <button type="submit" class="button">
            {t('engagements.organisations.add')}
          </button>
        </form>
      )}
    </AdminLayout>
  );
}
