import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { ChangeList } from './member-history.view.tsx';
import type { MemberImportRow } from './member-import.table.ts';
import { type ImportField, type ImportReport, importFields } from './member-import.ts';
import type { UploadOptions } from './member-upload.service.ts';

function StatusChoice({ ctx, options }: { ctx: PageContext; options?: UploadOptions }) {
  const { t } = ctx;
  return (
    <fieldset class="consent-choice">
      <legend>{t('members.consentLegend')}</legend>
      <div>
        <input type="radio" id="status-pending" name="status" value="pending" checked={options?.status !== 'subscribed'} />
        <label for="status-pending">{t('upload.statusPending')}</label>
      </div>
      <div>
        <input type="radio" id="status-subscribed" name="status" value="subscribed" checked={options?.status === 'subscribed'} />
        <label for="status-subscribed">{t('upload.statusSubscribed')}</label>
      </div>
      <label for="basis">{t('members.basis')}</label>
      <input id="basis" name="basis" type="text" maxLength={500} value={options?.basis ?? ''} />
    </fieldset>
  );
}

/** Whether the file may replace what existing members have; their language and consent never change. */
function OverwriteChoice({ ctx, options }: { ctx: PageContext; options?: UploadOptions }) {
  const { t } = ctx;
  return (
    <fieldset class="consent-choice">
      <legend>{t('upload.existingLegend')}</legend>
      <p class="muted">{t('upload.existingRule')}</p>
      <div>
        <input type="checkbox" id="overwrite" name="overwrite" value="yes" checked={options?.overwrite === true} />
        <label for="overwrite">{t('upload.overwrite')}</label>
      </div>
    </fieldset>
  );
}

/** The existing members an import changes, each with its fields old → new (the first 100). */
function ChangesTable({ ctx, report }: { ctx: PageContext; report: ImportReport }) {
  const { t, locale } = ctx;
  const changes = report.changes ?? [];
  if (changes.length === 0) return null;
  return (
    <table class="table">
      <caption>{t('upload.changesCaption', { count: report.updated, shown: Math.min(100, changes.length) })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('upload.row')}</th>
          <th scope="col">{t('member.field.email')}</th>
          <th scope="col">{t('upload.changes')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.slice(0, 100).map((c) => (
          <tr key={c.row}>
            <td>{formatNumber(locale, c.row)}</td>
            <td>
              <bdi>{c.email}</bdi>
            </td>
            <td>
              <ChangeList t={t} locale={locale} changes={c.fields} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Step 1: choose a CSV file and how consent was given. */
export function UploadPage({ ctx, error, maxMegabytes }: { ctx: PageContext; error?: string; maxMegabytes: number }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('upload.title')}>
      <p>{t('upload.intro', { columns: 'email, name, memberState, stakeholderGroup, organisation, title, language, source', max: maxMegabytes })}</p>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action={ctx.href(`/admin/members/import?_csrf=${encodeURIComponent(ctx.csrfToken)}`)} encType="multipart/form-data" class="form">
        <label for="file">{t('upload.file')}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <StatusChoice ctx={ctx} />
        <OverwriteChoice ctx={ctx} />
        <button type="submit" class="button">
          {t('upload.preview')}
        </button>
      </form>
    </AdminLayout>
  );
}

function ReportSummary({ ctx, report, dryRun }: { ctx: PageContext; report: ImportReport; dryRun: boolean }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{dryRun ? t('upload.previewHeading') : t('upload.resultHeading')}</h2>
      <ul class="tiles">
        {(
          [
            ['upload.accepted', report.accepted],
            ['upload.updated', report.updated],
            ['upload.duplicates', report.duplicates.length],
            ['upload.rejected', report.rejected.length],
          ] as const
        ).map(([key, n]) => (
          <li key={key} class="tile">
            <span class="tile__value">{formatNumber(locale, n)}</span>
            <span class="tile__label">{t(key, { count: n })}</span>
          </li>
        ))}
      </ul>
      <ChangesTable ctx={ctx} report={report} />
      {report.rejected.length > 0 && (
        <table class="table">
          <caption>{t('upload.rejectedCaption', { count: report.rejected.length, shown: Math.min(100, report.rejected.length) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('upload.row')}</th>
              <th scope="col">{t('member.field.email')}</th>
              <th scope="col">{t('upload.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.slice(0, 100).map((r) => (
              <tr key={r.row}>
                <td>{formatNumber(locale, r.row)}</td>
                <td>
                  <bdi>{r.email}</bdi>
                </td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Step 2: the column mapping and the dry-run report; import or preview again. */
export function UploadPreviewPage({
  ctx,
  upload,
  headers,
  options,
  report,
  error,
}: {
  ctx: PageContext;
  upload: MemberImportRow;
  headers: { header: string; field: ImportField | undefined }[];
  options: UploadOptions;
  report: ImportReport | null;
  error?: string;
}) {
  const { t } = ctx;
  const fieldFor = (header: string, guess: ImportField | undefined) => (header in options.columnMap ? options.columnMap[header] : guess) ?? '';
  return (
    <AdminLayout ctx={ctx} title={t('upload.previewTitle', { filename: upload.filename })}>
      {(error ?? upload.error) && (
        <p class="notice notice--error" role="alert">
          {error ?? upload.error}
        </p>
      )}
      <form method="post" action={ctx.href(`/admin/members/import/${upload.id}`)} class="form form--wide">
        <CsrfField ctx={ctx} />
        <table class="table">
          <caption>{t('upload.mappingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('upload.csvColumn')}</th>
              <th scope="col">{t('upload.field')}</th>
            </tr>
          </thead>
          <tbody>
            {headers.map(({ header, field }, i) => (
              <tr key={header}>
                <th scope="row">
                  <label for={`map-${i}`}>
                    <bdi>{header}</bdi>
                  </label>
                </th>
                <td>
                  <select id={`map-${i}`} name={`map:${header}`}>
                    <option value="">{t('upload.ignore')}</option>
                    {importFields.map((f) => (
                      <option key={f} value={f} selected={fieldFor(header, field) === f}>
                        {t(`upload.fieldName.${f}`)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <StatusChoice ctx={ctx} options={options} />
        <OverwriteChoice ctx={ctx} options={options} />
        {report && <ReportSummary ctx={ctx} report={report} dryRun />}
        <div class="actions">
          <button type="submit" name="intent" value="preview" class="button button--quiet">
            {t('upload.previewAgain')}
          </button>
          {report && (
            <button type="submit" name="intent" value="import" class="button">
              {t('upload.importNow', { count: report.accepted + report.updated })}
            </button>
          )}
        </div>
      </form>
    </AdminLayout>
  );
}

/** Progress while the preview or import job runs (the page reloads itself), then the import's result. */
export function UploadStatusPage({ ctx, upload }: { ctx: PageContext; upload: MemberImportRow }) {
  const { t, locale } = ctx;
  const running = upload.status === 'previewing' || upload.status === 'queued' || upload.status === 'running';
  const report = upload.report && upload.status === 'done' ? (JSON.parse(upload.report) as ImportReport) : null;
  return (
    <AdminLayout ctx={ctx} title={t('upload.statusTitle', { filename: upload.filename })} refreshSeconds={running ? 2 : undefined}>
      <p role="status">{t(`upload.status.${upload.status}`, { rows: formatNumber(locale, upload.rows_done) })}</p>
      {running && <progress aria-label={t(upload.status === 'previewing' ? 'upload.checkingLabel' : 'upload.progressLabel')} />}
      {upload.status === 'failed' && <p class="notice notice--error">{upload.error}</p>}
      {report && <ReportSummary ctx={ctx} report={report} dryRun={false} />}
      <p>
        <a href={ctx.href('/admin/members')}>{t('upload.backToMembers')}</a>
      </p>
    </AdminLayout>
  );
}
