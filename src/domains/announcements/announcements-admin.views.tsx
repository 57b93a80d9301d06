import type { PageContext } from '../../http/request-context.ts';
import { autonym, isLocale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { formatInZone, timeZones } from '../../views/time-zone.ts';
import type { MemberFilters } from '../members/member.repository.ts';
import { stakeholderGroups } from '../members/member.table.ts';
import { memberStateName, regionalGroups } from '../members/member-geography.ts';
import { MemberStateOptions } from '../members/member-state-options.view.tsx';
import type { AnnouncementRow } from './announcement.table.ts';
import type { Variants } from './announcement-composer.tsx';

/** The announcements, newest first. */
export function AnnouncementListPage({ ctx, rows }: { ctx: PageContext; rows: AnnouncementRow[] }) {
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('announcements.title')}>
      {ctx.staff?.role !== 'viewer' && (
        <p class="actions">
          <a class="button" href={ctx.href('/admin/announcements/new')}>
            {t('announcements.new')}
          </a>
          <a href={`/${locale}/announcements`}>{t('announcements.publicArchive')}</a>
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('announcements.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('announcements.subject')}</th>
              <th scope="col">{t('announcements.status')}</th>
              <th scope="col">{t('announcements.recipients')}</th>
              <th scope="col">{t('announcements.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={ctx.href(`/admin/announcements/${a.id}`)}>
                    <bdi>{a.subject}</bdi>
                  </a>
                </td>
                <td>{t(`announcementStatus.${a.status}`)}</td>
                <td>{a.total ? formatNumber(locale, a.total) : '—'}</td>
                <td>{formatTimestamp(locale, a.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

export interface ComposeValues {
  subject: string;
  markdown: string;
  defaultLocale: string;
  variants: Variants;
  audience: MemberFilters | null;
  inArchive: boolean;
}

/**
 * The archive checkbox. `archiveFor` says which kind of audience the box was shown for: the form reads a
 * tick as a choice only for that kind, so a box ticked by default for the whole network does not publish
 * an announcement whose audience became a segment in the same submit.
 */
function ArchiveField({ ctx, values }: { ctx: PageContext; values: ComposeValues }) {
  const { t } = ctx;
  return (
    <fieldset>
      <legend>{t('announcements.publicArchive')}</legend>
      <input type="hidden" name="archiveFor" value={values.audience ? 'segment' : 'network'} />
      <div class="consent">
        <input id="inArchive" name="inArchive" type="checkbox" value="yes" checked={values.inArchive} aria-describedby="inArchive-hint" />
        <label for="inArchive">{t('announcements.inArchive')}</label>
      </div>
      <p id="inArchive-hint" class="hint">
        {t('announcements.inArchiveHint')}
      </p>
    </fieldset>
  );
}

/** The audience in words: "the whole network", or each filter with its value. */
export function AudienceDescription({ ctx, audience }: { ctx: PageContext; audience: MemberFilters }) {
  const { t, locale } = ctx;
  const rows: [string, string][] = [];
  if (audience.regionalGroup) rows.push([t('members.column.regionalGroup'), t(`regionalGroup.${audience.regionalGroup}`)]);
  if (audience.memberState) {
    rows.push([t('member.field.memberState'), memberStateName(locale, audience.memberState)]);
  }
  if (audience.stakeholderGroup) rows.push([t('member.field.stakeholderGroup'), t(`stakeholderGroup.${audience.stakeholderGroup}`)]);
  if (audience.language) rows.push([t('member.field.language'), isLocale(audience.language) ? autonym(audience.language) : audience.language]);
  if (audience.source) rows.push([t('members.column.source'), audience.source]);
  if (audience.q) rows.push([t('members.filter.search'), audience.q]);
  if (rows.length === 0) return <p>{t('announcements.confirm.wholeNetwork')}</p>;
  return (
    <ul>
      {rows.map(([label, value]) => (
        <li key={label}>
          {t('announcements.confirm.filter', { label })} <bdi>{value}</bdi>
        </li>
      ))}
    </ul>
  );
}

function AudienceFields({ ctx, audience }: { ctx: PageContext; audience: MemberFilters | null }) {
  const { t } = ctx;
  const select = (name: keyof MemberFilters, label: string, options: [string, string][]) => (
    <div class="filter">
      <label for={`audience-${name}`}>{label}</label>
      <select id={`audience-${name}`} name={`audience.${name}`}>
        <option value="">{t('members.filter.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v} selected={audience?.[name] === v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset class="audience">
      <legend>{t('announcements.audience')}</legend>
      <p class="hint">{t('announcements.audienceHint')}</p>
      <div class="filters">
        {select(
          'regionalGroup',
          t('members.column.regionalGroup'),
          regionalGroups.map((g) => [g, t(`regionalGroup.${g}`)]),
        )}
        <div class="filter">
          <label for="audience-memberState">{t('member.field.memberState')}</label>
          <select id="audience-memberState" name="audience.memberState">
            <option value="">{t('members.filter.any')}</option>
            <MemberStateOptions locale={ctx.locale} t={t} selected={audience?.memberState} />
          </select>
        </div>
        {select(
          'stakeholderGroup',
          t('member.field.stakeholderGroup'),
          stakeholderGroups.map((g) => [g, t(`stakeholderGroup.${g}`)]),
        )}
        {select(
          'language',
          t('member.field.language'),
          locales.map((l) => [l, autonym(l)]),
        )}
        <div class="filter">
          <label for="audience-source">{t('members.column.source')}</label>
          <input id="audience-source" name="audience.source" type="text" value={audience?.source ?? ''} dir="ltr" />
        </div>
      </div>
    </fieldset>
  );
}

/** Compose or edit: Markdown with a live preview, variants per language, the audience. */
export function ComposePage({
  ctx,
  announcement,
  values,
  previewHtml,
  error,
  audienceCount,
  notice,
}: {
  ctx: PageContext;
  announcement?: AnnouncementRow;
  values: ComposeValues;
  previewHtml: string;
  error?: string;
  audienceCount?: number;
  notice?: string;
}) {
  const { t, locale } = ctx;
  const action = announcement ? `/admin/announcements/${announcement.id}` : '/admin/announcements/new';
  return (
    <AdminLayout ctx={ctx} title={announcement ? t('announcements.editTitle') : t('announcements.new')}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {announcement?.status === 'scheduled' && announcement.scheduled_at && (
        <p class="notice" role="status">
          {t('announcements.scheduledFor', { at: formatInZone(locale, announcement.scheduled_at, 'UTC') })}
        </p>
      )}
      <form method="post" action={ctx.href(action)} class="form form--wide compose" data-preview-url={ctx.href('/admin/announcements/preview')}>
        <CsrfField ctx={ctx} />
        <div class="compose__grid">
          <div>
            <label for="subject">{t('announcements.subject')}</label>
            <input id="subject" name="subject" type="text" required maxLength={300} value={values.subject} dir="auto" />
            <label for="markdown">{t('announcements.body')}</label>
            <p id="markdown-hint" class="hint">
              {t('announcements.markdownHint')}
            </p>
            <textarea id="markdown" name="markdown" rows={16} required aria-describedby="markdown-hint" dir="auto">
              {values.markdown}
            </textarea>
            <label for="defaultLocale">{t('announcements.defaultLocale')}</label>
            <select id="defaultLocale" name="defaultLocale">
              {locales.map((l) => (
                <option key={l} value={l} selected={l === values.defaultLocale}>
                  {autonym(l)}
                </option>
              ))}
            </select>
          </div>
          <section class="compose__preview" aria-labelledby="preview-heading" aria-live="polite">
            <h2 id="preview-heading">{t('announcements.preview')}</h2>
            {/* The preview is Markdown rendered with raw HTML disabled, the same rendering as the email. */}
            <div id="preview" class="preview-body" dangerouslySetInnerHTML={{ __html: previewHtml }} />
          </section>
        </div>
        <h2>{t('announcements.variants')}</h2>
        <p class="hint">{t('announcements.variantsHint')}</p>
        {locales
          .filter((l) => l !== values.defaultLocale)
          .map((l) => (
            <details key={l} open={Boolean(values.variants[l])} lang={l}>
              <summary>{autonym(l)}</summary>
              <label for={`variant-${l}-subject`}>{t('announcements.subject')}</label>
              <input
                id={`variant-${l}-subject`}
                name={`variants.${l}.subject`}
                type="text"
                maxLength={300}
                value={values.variants[l]?.subject ?? ''}
                dir="auto"
              />
              <label for={`variant-${l}-markdown`}>{t('announcements.body')}</label>
              <textarea id={`variant-${l}-markdown`} name={`variants.${l}.markdown`} rows={8} dir="auto">
                {values.variants[l]?.markdown ?? ''}
              </textarea>
            </details>
          ))}
        <AudienceFields ctx={ctx} audience={values.audience} />
        <ArchiveField ctx={ctx} values={values} />
        <div class="actions">
          <button type="submit" name="intent" value="preview" class="button button--quiet">
            {t('announcements.refreshPreview')}
          </button>
          <button type="submit" name="intent" value="save" class="button">
            {t('announcements.saveDraft')}
          </button>
        </div>
      </form>
      {announcement && ctx.staff?.role !== 'viewer' && <SendPanel ctx={ctx} announcement={announcement} audienceCount={audienceCount ?? 0} />}
      <script src="/assets/announcement-compose.js" defer />
    </AdminLayout>
  );
}

function SendPanel({ ctx, announcement, audienceCount }: { ctx: PageContext; announcement: AnnouncementRow; audienceCount: number }) {
  const { t, locale } = ctx;
  const base = `/admin/announcements/${announcement.id}`;
  return (
    <section class="panel" aria-labelledby="send-heading">
      <h2 id="send-heading">{t('announcements.sendHeading')}</h2>
      <form method="post" action={ctx.href(`${base}/test`)} class="inline-form">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--quiet">
          {t('announcements.sendTest', { email: ctx.staff?.email ?? '' })}
        </button>
      </form>
      <form method="post" action={ctx.href(`${base}/send`)} class="form">
        <CsrfField ctx={ctx} />
        <p>{t('announcements.audienceCount', { count: audienceCount, formatted: formatNumber(locale, audienceCount) })}</p>
        <label for="at">{t('announcements.scheduleAt')}</label>
        <input id="at" name="at" type="datetime-local" />
        <label for="timeZone">{t('announcements.timeZone')}</label>
        <select id="timeZone" name="timeZone">
          {timeZones().map((z) => (
            <option key={z} value={z} selected={z === 'Europe/Zurich'}>
              {z}
            </option>
          ))}
        </select>
        <p class="hint">{t('announcements.scheduleHint')}</p>
        <button type="submit" class="button">
          {t('announcements.sendOrSchedule', { count: audienceCount })}
        </button>
      </form>
      {announcement.status === 'scheduled' && (
        <form method="post" action={ctx.href(`${base}/cancel`)} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button--danger">
            {t('announcements.cancel')}
          </button>
        </form>
      )}
    </section>
  );
}

export interface ProgressView {
  status: AnnouncementRow['status'];
  counts: { total: number; queued: number; sent: number; deferred: number; failed: number; bounced: number; cancelled: number };
  startedAt: string | null;
}

/** While sending: the live progress bar (updated by a small script; the page also works without it). */
export function ProgressPage({
  ctx,
  announcement,
  progress,
  report,
}: {
  ctx: PageContext;
  announcement: AnnouncementRow;
  progress: ProgressView;
  report?: ReportView;
}) {
  const { t, locale } = ctx;
  const base = `/admin/announcements/${announcement.id}`;
  const done = progress.counts.sent + progress.counts.failed + progress.counts.bounced + progress.counts.cancelled;
  const live = progress.status === 'sending';
  return (
    <AdminLayout ctx={ctx} title={announcement.subject}>
      <section class="progress-panel" data-progress-url={ctx.href(`${base}/progress.json`)} data-locale={locale}>
        <p role="status" id="progress-status">
          {t(`announcementStatus.${progress.status}`)}
        </p>
        <progress id="progress-bar" max={Math.max(progress.counts.total, 1)} value={done} aria-labelledby="progress-text" />
        <p id="progress-text">
          {t('announcements.progressText', { sent: formatNumber(locale, progress.counts.sent), total: formatNumber(locale, progress.counts.total) })}
        </p>
        <p id="progress-rate" class="muted" />
        <ul class="tiles">
          {(['sent', 'queued', 'deferred', 'failed', 'bounced'] as const).map((k) => (
            <li key={k} class="tile">
              <span class="tile__value" data-count={k}>
                {formatNumber(locale, progress.counts[k])}
              </span>
              <span class="tile__label">{t(`deliveryState.${k}`)}</span>
            </li>
          ))}
        </ul>
      </section>
      {ctx.staff?.role !== 'viewer' && (
        <div class="actions">
          {live && <StateButton ctx={ctx} action={`${base}/pause`} label={t('announcements.pause')} />}
          {progress.status === 'paused' && <StateButton ctx={ctx} action={`${base}/resume`} label={t('announcements.resume')} />}
          {(live || progress.status === 'paused') && <StateButton ctx={ctx} action={`${base}/cancel`} label={t('announcements.cancel')} danger />}
        </div>
      )}
      {report && <ReportSection ctx={ctx} report={report} />}
      <noscript>
        <p>{t('announcements.reloadForProgress')}</p>
      </noscript>
      <script src="/assets/announcement-progress.js" defer />
    </AdminLayout>
  );
}

function StateButton({ ctx, action, label, danger }: { ctx: PageContext; action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={ctx.href(action)} class="inline-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class={danger ? 'button button--danger' : 'button button--quiet'}>
        {label}
      </button>
    </form>
  );
}

export interface ReportView {
  unsubscribedAfter: number;
  /** Deliveries a member complained about (a feedback report from their mailbox provider). */
  complaints: number;
  byRegionalGroup: { regionalGroup: string | null; sent: number; failed: number; bounced: number; complaints: number }[];
}

function ReportSection({ ctx, report }: { ctx: PageContext; report: ReportView }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t('announcements.report')}</h2>
      <p>{t('announcements.unsubscribedAfter', { count: report.unsubscribedAfter })}</p>
      <p>{t('announcements.complaintCount', { count: report.complaints })}</p>
      <table class="table">
        <caption>{t('announcements.byRegionalGroup')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('members.column.regionalGroup')}</th>
            <th scope="col">{t('deliveryState.sent')}</th>
            <th scope="col">{t('deliveryState.failed')}</th>
            <th scope="col">{t('deliveryState.bounced')}</th>
            <th scope="col">{t('announcements.complaints')}</th>
          </tr>
        </thead>
        <tbody>
          {report.byRegionalGroup.map((r) => (
            <tr key={r.regionalGroup ?? 'none'}>
              <th scope="row">{r.regionalGroup ? t(`regionalGroup.${r.regionalGroup}`) : t('announcements.noRegionalGroup')}</th>
              <td>{formatNumber(locale, r.sent)}</td>
              <td>{formatNumber(locale, r.failed)}</td>
              <td>{formatNumber(locale, r.bounced)}</td>
              <td>{formatNumber(locale, r.complaints)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What a send would do, as the confirmation step shows it. */
export interface SendSummary {
  announcement: AnnouncementRow;
  audience: MemberFilters;
  recipients: number;
}

/**
 * The confirmation step of a send or a schedule: the audience, how many receive it, the subject, when,
 * and whether it goes in the public archive; one button posts the same form again with `confirm`.
 */
export function ConfirmSendPage({
  ctx,
  summary,
  at,
  timeZone,
  scheduledAt,
  changed,
}: {
  ctx: PageContext;
  summary: SendSummary;
  at: string;
  timeZone: string;
  scheduledAt?: Date;
  changed: boolean;
}) {
  const { t, locale } = ctx;
  const { announcement: a, recipients } = summary;
  const base = `/admin/announcements/${a.id}`;
  return (
    <AdminLayout ctx={ctx} title={t('announcements.confirm.sendTitle')}>
      {changed && (
        <p class="notice notice--error" role="alert">
          {t('announcements.confirm.changed')}
        </p>
      )}
      <p>{t('announcements.confirm.sendIntro')}</p>
      <dl class="facts">
        <dt>{t('announcements.subject')}</dt>
        <dd>
          <bdi>{a.subject}</bdi>
        </dd>
        <dt>{t('announcements.audience')}</dt>
        <dd>
          <AudienceDescription ctx={ctx} audience={summary.audience} />
        </dd>
        <dt>{t('announcements.recipients')}</dt>
        <dd>{t('announcements.confirm.recipients', { count: recipients, formatted: formatNumber(locale, recipients) })}</dd>
        <dt>{t('announcements.confirm.when')}</dt>
        <dd>{scheduledAt ? formatInZone(locale, scheduledAt.toISOString(), timeZone) : t('announcements.confirm.now')}</dd>
        <dt>{t('announcements.publicArchive')}</dt>
        <dd>{a.in_archive ? t('announcements.confirm.archiveYes') : t('announcements.confirm.archiveNo')}</dd>
      </dl>
      <form method="post" action={ctx.href(`${base}/send`)} class="actions">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="at" value={at} />
        <input type="hidden" name="timeZone" value={timeZone} />
        {/* The version confirmed: if the announcement changes in between, the step is shown again. */}
        <input type="hidden" name="confirm" value={a.updated_at} />
        <button type="submit" class="button">
          {scheduledAt ? t('announcements.confirm.scheduleButton', { count: recipients }) : t('announcements.confirm.sendButton', { count: recipients })}
        </button>
        <a href={ctx.href(base)}>{t('announcements.confirm.back')}</a>
      </form>
    </AdminLayout>
  );
}

/** The confirmation step of a cancel: what has gone out, what will not, and that it cannot be undone. */
export function ConfirmCancelPage({
  ctx,
  announcement: a,
  progress,
  recipients,
  changed,
}: {
  ctx: PageContext;
  announcement: AnnouncementRow;
  progress: ProgressView;
  recipients: number;
  changed: boolean;
}) {
  const { t, locale } = ctx;
  const base = `/admin/announcements/${a.id}`;
  return (
    <AdminLayout ctx={ctx} title={t('announcements.confirm.cancelTitle')}>
      {changed && (
        <p class="notice notice--error" role="alert">
          {t('announcements.confirm.changed')}
        </p>
      )}
      <dl class="facts">
        <dt>{t('announcements.subject')}</dt>
        <dd>
          <bdi>{a.subject}</bdi>
        </dd>
        <dt>{t('announcements.status')}</dt>
        <dd>{t(`announcementStatus.${a.status}`)}</dd>
      </dl>
      {a.status === 'scheduled' ? (
        <p>
          {a.scheduled_at && t('announcements.scheduledFor', { at: formatInZone(locale, a.scheduled_at, 'UTC') })}{' '}
          {t('announcements.confirm.cancelScheduled', { count: recipients, formatted: formatNumber(locale, recipients) })}
        </p>
      ) : (
        <ul>
          <li>{t('announcements.confirm.cancelSent', { count: progress.counts.sent })}</li>
          <li>{t('announcements.confirm.cancelWaiting', { count: progress.counts.queued + progress.counts.deferred })}</li>
        </ul>
      )}
      <p>{t('announcements.confirm.cancelFinal')}</p>
      <form method="post" action={ctx.href(`${base}/cancel`)} class="actions">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="confirm" value={a.updated_at} />
        <button type="submit" class="button button--danger">
          {t('announcements.confirm.cancelButton')}
        </button>
        <a href={ctx.href(base)}>{t('announcements.confirm.keep')}</a>
      </form>
    </AdminLayout>
  );
}
