import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatNumber } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { memberStateName } from '../members/member-geography.ts';
import type { EngagementOrganisationRow } from './engagement.table.ts';
import { type ImportReport, maxImportRows, refusalReason, transferColumns } from './engagement-transfer.ts';
import { engagementDates } from './engagements-admin.views.tsx';
import { DossierAnnouncements } from './member-state-dossier.view.tsx';
import type { RegionalGroupDossier } from './regional-group-dossier.ts';

/** /admin/engagements/transfer: the export links, and the import of a CSV of past engagements with its report. */
export function TransferPage({ ctx, report, dryRun, error }: { ctx: PageContext; report?: ImportReport; dryRun?: boolean; error?: string }) {
  const { t, locale } = ctx;
  const action = `/admin/engagements/import?_csrf=${encodeURIComponent(ctx.csrfToken)}`;
  return (
    <AdminLayout ctx={ctx} title={t('engagements.transfer.title')}>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <h2>{t('engagements.transfer.exportHeading')}</h2>
      <p>{t('engagements.transfer.exportIntro')}</p>
      <ul class="link-list">
        <li>
          <a href={ctx.href('/admin/engagements/export.csv')}>{t('engagements.transfer.csv')}</a>
        </li>
        <li>
          <a href={ctx.href('/admin/engagements/export.csv?bom=1')}>{t('engagements.transfer.csvExcel')}</a>
        </li>
        <li>
          <a href={ctx.href('/admin/engagements/export.json')}>{t('engagements.transfer.json')}</a>
        </li>
      </ul>
      <h2>{t('engagements.transfer.importHeading')}</h2>
      <p>{t('engagements.transfer.importIntro', { max: maxImportRows })}</p>
      <p class="hint" dir="ltr">
        <code>{transferColumns.filter((c) => c !== 'id').join(',')}</code>
      </p>
      {report && (
        <section aria-labelledby="import-report">
          <h3 id="import-report">{t('engagements.transfer.reportHeading')}</h3>
          {report.refused.length === 0 ? (
            <p class="notice" role="status">
              {dryRun ? t('engagements.transfer.dryRunOk', { count: report.rows }) : t('engagements.transfer.recorded', { count: report.recorded })}
            </p>
          ) : (
            <>
              <p class="notice notice--error" role="alert">
                {t('engagements.transfer.refused', { count: report.refused.length, rows: report.rows })}
              </p>
              <div class="table-scroll">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('engagements.transfer.line')}</th>
                      <th scope="col">{t('engagements.transfer.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.refused.map((r) => (
                      <tr key={`${r.line}-${r.code}`}>
                        <td>{formatNumber(locale, r.line)}</td>
                        <td class="wrap">{refusalReason(t, r)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
      <form method="post" action={ctx.href(action)} encType="multipart/form-data" class="form">
        <label for="import-file">{t('engagements.transfer.file')}</label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" required />
        <div class="consent">
          <input id="import-dry-run" name="dryRun" type="checkbox" value="yes" checked={dryRun ?? true} />
          <label for="import-dry-run">{t('engagements.transfer.dryRun')}</label>
        </div>
        <button type="submit" class="button">
          {t('engagements.transfer.submit')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** The step before deleting an organisation: what is deleted, or why it cannot be (it is named by engagements). */
export function DeleteOrganisationPage({ ctx, organisation, uses }: { ctx: PageContext; organisation: EngagementOrganisationRow; uses: number }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('engagements.organisations.confirmTitle', { name: organisation.name })}>
      {uses > 0 ? (
        <>
          <p class="notice notice--error" role="alert">
            {t('error.engagement_organisation_in_use', { name: organisation.name, count: uses })}
          </p>
          <p class="actions">
            <a class="button" href={ctx.href(`/admin/engagements?organisation=${organisation.id}`)}>
              {t('engagements.organisations.seeUses', { count: uses })}
            </a>
            <a href={ctx.href('/admin/engagements/organisations')}>{t('engagements.organisations.title')}</a>
          </p>
        </>
      ) : (
        <form method="post" action={ctx.href(`/admin/engagements/organisations/${organisation.id}/delete`)} class="form">
          <CsrfField ctx={ctx} />
          <p>{t('engagements.organisations.confirmExplain', { name: organisation.name })}</p>
          <p class="actions">
            <button type="submit" class="button button--danger">
              {t('engagements.organisations.confirmDelete', { name: organisation.name })}
            </button>
            <a href={ctx.href('/admin/engagements/organisations')}>{t('engagements.organisations.cancel')}</a>
          </p>
        </form>
      )}
    </AdminLayout>
  );
}

/** /admin/regional-groups/{group}: the group's member states with members and last contact, and its latest engagements. */
export function RegionalGroupDossierPage({ ctx, dossier, groupName }: { ctx: PageContext; dossier: RegionalGroupDossier; groupName: string }) {
  const { t, locale } = ctx;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const states = [...dossier.states].sort(
    (a, b) => b.members - a.members || memberStateName(locale, a.code).localeCompare(memberStateName(locale, b.code), locale),
  );
  const { summary } = dossier;
  return (
    <AdminLayout ctx={ctx} title={t('engagements.groupDossier.title', { group: groupName })}>
      <dl class="facts">
        <dt>{t('engagements.coverage.column.memberStates')}</dt>
        <dd>{formatNumber(locale, summary.memberStates)}</dd>
        <dt>{t('engagements.coverage.column.withMembers')}</dt>
        <dd>{formatNumber(locale, summary.withMembers)}</dd>
        <dt>{t('dossier.members')}</dt>
        <dd>{formatNumber(locale, dossier.members)}</dd>
        <dt>{t('engagements.groupDossier.inContact')}</dt>
        <dd>{formatNumber(locale, summary.inContact)}</dd>
        <dt>{t('engagements.coverage.column.shareInContact')}</dt>
        <dd>
          {t('engagements.groupDossier.share', { share: percent.format(summary.shareInContact), expected: percent.format(summary.shareOfStates) })}
          {summary.underRepresented && <span class="badge">{t('engagements.coverage.underRepresented')}</span>}
        </dd>
      </dl>
      <p class="actions">
        <a href={ctx.href(`/admin/engagements/map?regionalGroup=${dossier.regionalGroup}`)}>{t('engagements.coverage.link')}</a>
      </p>
      <h2>{t('engagements.coverage.column.memberStates')}</h2>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('engagements.groupDossier.statesCaption', { group: groupName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.map.memberState')}</th>
              <th scope="col">{t('stats.map.members')}</th>
              <th scope="col">{t('dossier.lastContact')}</th>
            </tr>
          </thead>
          <tbody>
            {states.map((s) => (
              <tr key={s.code}>
                <th scope="row">
                  <a href={ctx.href(`/admin/member-states/${s.code}`)}>{memberStateName(locale, s.code)}</a>
                </th>
                <td>{formatNumber(locale, s.members)}</td>
                <td>{s.lastContact ? formatDate(locale, s.lastContact) : t('dossier.noContact')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('dossier.timeline')}</h2>
      {dossier.engagements.length === 0 ? (
        <p>{t('engagements.groupDossier.noEngagements', { group: groupName })}</p>
      ) : (
        <ol class="timeline">
          {dossier.engagements.map((e) => (
            <li key={e.row.id} class="timeline__item">
              <p class="timeline__date">{engagementDates(ctx, e.row)}</p>
              <h3 class="timeline__title">
                <a href={ctx.href(`/admin/engagements/${e.row.id}`)}>
                  <bdi>{e.row.title}</bdi>
                </a>
              </h3>
              <p class="timeline__body">
                <bdi>{e.memberStates.map((c) => memberStateName(locale, c)).join(', ')}</bdi>
              </p>
            </li>
          ))}
        </ol>
      )}
      <h2>{t('dossier.announcements')}</h2>
      <DossierAnnouncements ctx={ctx} announcements={dossier.announcements} note={t('dossier.groupAnnouncementsNote', { regionalGroup: groupName })} />
    </AdminLayout>
  );
}
