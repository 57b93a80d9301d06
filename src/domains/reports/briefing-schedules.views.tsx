import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { formatInZone, timeZones } from '../../views/time-zone.ts';
import type { StaffAccountRow } from '../auth/auth.table.ts';
import { ReportsNav } from './analytics.views.tsx';
import { describeFailure, type ScheduleListing } from './briefing-schedule.service.ts';
import { schedulePeriodKinds } from './briefing-schedule.table.ts';

export interface ScheduleFormValues {
  pattern: string;
  timeZone: string;
  periodKind: string;
  autoPublish: boolean;
  ownerStaffId: string;
}

function RunsTable({ ctx, listing }: { ctx: PageContext; listing: ScheduleListing }) {
  const { t, locale } = ctx;
  if (listing.runs.length === 0) return <p class="muted">{t('schedules.runs.none')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('schedules.runs.caption', { id: listing.schedule.id })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('schedules.runs.due')}</th>
            <th scope="col">{t('schedules.runs.status')}</th>
            <th scope="col">{t('schedules.runs.briefing')}</th>
            <th scope="col">{t('schedules.runs.emails')}</th>
          </tr>
        </thead>
        <tbody>
          {listing.runs.map((run) => (
            <tr key={run.id}>
              <td>{formatInZone(locale, run.due_at, listing.schedule.time_zone)}</td>
              <td class="wrap">
                <span class={run.status === 'failed' ? 'badge' : 'badge badge--muted'}>{t(`schedules.runStatus.${run.status}`)}</span>
                {run.last_error && (
                  <>
                    {' '}
                    {t(run.status === 'failed' ? 'schedules.runs.failedBecause' : 'schedules.runs.retrying', {
                      attempts: run.attempts,
                      error: describeFailure(ctx.t, run.last_error),
                    })}
                  </>
                )}
              </td>
              <td>
                {run.briefing_id ? (
                  <a href={ctx.href(`/admin/reports/briefings/${run.briefing_id}`)}>{t('schedules.runs.open', { id: run.briefing_id })}</a>
                ) : (
                  '—'
                )}
              </td>
              <td>{t('schedules.runs.counts', { sent: run.sent, queued: run.queued, failed: run.failed })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScheduleActions({ ctx, listing }: { ctx: PageContext; listing: ScheduleListing }) {
  const { t } = ctx;
  const { schedule } = listing;
  const toggle = schedule.status === 'active' ? 'pause' : 'resume';
  return (
    <div class="actions">
      <form method="post" action={ctx.href(`/admin/reports/schedules/${schedule.id}/${toggle}`)} class="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--quiet">
          {t(`schedules.${toggle}`)}
        </button>
      </form>
      <form method="post" action={ctx.href(`/admin/reports/schedules/${schedule.id}/delete`)} class="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--danger">
          {t('schedules.delete')}
        </button>
      </form>
    </div>
  );
}

function ScheduleEntry({ ctx, listing, canEdit }: { ctx: PageContext; listing: ScheduleListing; canEdit: boolean }) {
  const { t, locale } = ctx;
  const { schedule, owner } = listing;
  return (
    <section class="panel" aria-labelledby={`schedule-${schedule.id}`}>
      <h3 id={`schedule-${schedule.id}`}>{t('schedules.entryTitle', { id: schedule.id, period: t(`briefings.periodKind.${schedule.period_kind}`) })}</h3>
      <dl class="facts">
        <dt>{t('schedules.field.pattern')}</dt>
        <dd>
          <code dir="ltr">{schedule.pattern}</code>
        </dd>
        <dt>{t('schedules.field.timeZone')}</dt>
        <dd dir="ltr">{schedule.time_zone}</dd>
        <dt>{t('schedules.field.autoPublish')}</dt>
        <dd>{t(schedule.auto_publish === 1 ? 'schedules.autoPublish.yes' : 'schedules.autoPublish.no')}</dd>
        <dt>{t('schedules.field.status')}</dt>
        <dd>{t(`schedules.status.${schedule.status}`)}</dd>
        <dt>{t('schedules.field.owner')}</dt>
        <dd>{owner ? <bdi>{owner.name}</bdi> : t('schedules.noOwner')}</dd>
        <dt>{t('schedules.nextRun')}</dt>
        <dd>{schedule.next_run_at ? formatInZone(locale, schedule.next_run_at, schedule.time_zone) : '—'}</dd>
        <dt>{t('schedules.lastRun')}</dt>
        <dd>{schedule.last_run_at ? formatTimestamp(locale, schedule.last_run_at) : '—'}</dd>
      </dl>
      {canEdit && <ScheduleActions ctx={ctx} listing={listing} />}
      <RunsTable ctx={ctx} listing={listing} />
    </section>
  );
}

function CreateForm({ ctx, owners, values }: { ctx: PageContext; owners: StaffAccountRow[]; values?: ScheduleFormValues }) {
  const { t } = ctx;
  const owner = values?.ownerStaffId ?? String(ctx.staff?.id ?? '');
  return (
    <section class="panel" aria-labelledby="create-schedule-heading">
      <h2 id="create-schedule-heading">{t('schedules.create')}</h2>
      <form method="post" action={ctx.href('/admin/reports/schedules')} class="form">
        <CsrfField ctx={ctx} />
        <label for="schedule-pattern">{t('schedules.field.pattern')}</label>
        <input
          id="schedule-pattern"
          name="pattern"
          type="text"
          required
          maxLength={100}
          dir="ltr"
          value={values?.pattern ?? '0 9 * * 1#1'}
          aria-describedby="schedule-pattern-hint"
        />
        <p id="schedule-pattern-hint" class="hint">
          {t('schedules.patternHint')}
        </p>
        <label for="schedule-zone">{t('schedules.field.timeZone')}</label>
        <input id="schedule-zone" name="timeZone" type="text" required list="schedule-zones" dir="ltr" value={values?.timeZone ?? 'Europe/Zurich'} />
        <datalist id="schedule-zones">
          {timeZones().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <label for="schedule-period">{t('schedules.field.periodKind')}</label>
        <select id="schedule-period" name="periodKind">
          {schedulePeriodKinds.map((k) => (
            <option key={k} value={k} selected={values?.periodKind === k}>
              {t(`briefings.periodKind.${k}`)}
            </option>
          ))}
        </select>
        <div class="consent">
          <input id="schedule-auto-publish" type="checkbox" name="autoPublish" value="1" checked={values ? values.autoPublish : true} />
          <label for="schedule-auto-publish">{t('schedules.field.autoPublishLabel')}</label>
        </div>
        <label for="schedule-owner">{t('schedules.field.owner')}</label>
        <select id="schedule-owner" name="ownerStaffId">
          {owners.map((account) => (
            <option key={account.id} value={String(account.id)} selected={String(account.id) === owner}>
              {account.name}
            </option>
          ))}
        </select>
        <p class="hint">{t('schedules.ownerHint')}</p>
        <button type="submit" class="button">
          {t('schedules.createSubmit')}
        </button>
      </form>
    </section>
  );
}

/** GET /admin/reports/schedules — every schedule with its next run and latest runs; editors create, pause, delete. */
export function SchedulesPage(props: {
  ctx: PageContext;
  listings: ScheduleListing[];
  owners: StaffAccountRow[];
  recipients: number;
  error?: string;
  notice?: string;
  values?: ScheduleFormValues;
}) {
  const { ctx, listings } = props;
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.reports')}>
      <ReportsNav ctx={ctx} current="schedules" />
      <h2>{t('schedules.title')}</h2>
      <p>
        {t('schedules.intro', { count: props.recipients })} <a href={ctx.href('/admin/reports/board-recipients')}>{t('schedules.recipientsLink')}</a>
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="notice notice--error" role="alert">
          {props.error}
        </p>
      )}
      {listings.length === 0 ? (
        <p>{t('schedules.none')}</p>
      ) : (
        listings.map((listing) => <ScheduleEntry key={listing.schedule.id} ctx={ctx} listing={listing} canEdit={canEdit} />)
      )}
      {canEdit && <CreateForm ctx={ctx} owners={props.owners} values={props.values} />}
    </AdminLayout>
  );
}

/** The step before deleting a schedule: which one, and that its runs' history goes with it (the briefings stay). */
export function ConfirmDeleteSchedulePage({ ctx, listing }: { ctx: PageContext; listing: ScheduleListing }) {
  const { t } = ctx;
  const { schedule } = listing;
  return (
    <AdminLayout ctx={ctx} title={t('schedules.confirmDelete.title', { id: schedule.id })}>
      <ReportsNav ctx={ctx} current="schedules" />
      <p>
        <code dir="ltr">{schedule.pattern}</code> <span dir="ltr">{schedule.time_zone}</span> — {t(`briefings.periodKind.${schedule.period_kind}`)}
      </p>
      <p>{t('schedules.confirmDelete.explain')}</p>
      <form method="post" action={ctx.href(`/admin/reports/schedules/${schedule.id}/delete`)} class="actions">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button button--danger">
          {t('schedules.confirmDelete.submit')}
        </button>
        <a href={ctx.href('/admin/reports/schedules')}>{t('schedules.confirmDelete.back')}</a>
      </form>
    </AdminLayout>
  );
}
