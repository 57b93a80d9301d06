import type { PageContext } from '../../http/request-context.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatDateRange } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { EngagementKind, EngagementStatus, SubmissionStatus } from './engagement.table.ts';
import { type Calendar, type dashboardAhead, dashboardDays } from './engagement-calendar.ts';

/** The names of the six languages in their own script, for the reminders' language. */
function languageName(locale: Locale): string {
  return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
}

function kindLabel(ctx: PageContext, kind: EngagementKind): string {
  return ctx.t(`engagementKind.${kind}`);
}

function EngagementsAhead({ ctx, calendar }: { ctx: PageContext; calendar: Calendar }) {
  const { t, locale } = ctx;
  if (calendar.engagements.length === 0) return <p>{t('engagements.calendar.noEngagements')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('engagements.calendar.engagementsCaption', { count: calendar.engagements.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('engagements.column.dates')}</th>
            <th scope="col">{t('engagements.field.title')}</th>
            <th scope="col">{t('engagements.field.kind')}</th>
            <th scope="col">{t('engagements.field.status')}</th>
            <th scope="col">{t('engagements.field.place')}</th>
          </tr>
        </thead>
        <tbody>
          {calendar.engagements.map((e) => (
            <tr key={e.id}>
              <td>
                {e.ongoing === 1
                  ? t('engagements.since', { date: formatDate(locale, e.start_date) })
                  : formatDateRange(locale, e.start_date, e.end_date, 'day')}
              </td>
              <td>
                <a href={ctx.href(`/admin/engagements/${e.id}`)}>
                  <bdi>{e.title}</bdi>
                </a>
              </td>
              <td>{kindLabel(ctx, e.kind)}</td>
              <td>{t(`engagementStatus.${e.status as EngagementStatus}`)}</td>
              <td>
                <bdi>{e.place || (e.online === 1 ? t('engagements.field.online') : '—')}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The dashboard's panel: the next engagements and submission deadlines, with a link to the calendar. */
export function DashboardAhead({ ctx, ahead }: { ctx: PageContext; ahead: Awaited<ReturnType<typeof dashboardAhead>> }) {
  const { t, locale } = ctx;
  return (
    <section class="dashboard-ahead" aria-labelledby="dashboard-ahead">
      <h2 id="dashboard-ahead">{t('dashboard.ahead.heading', { days: dashboardDays })}</h2>
      <h3>{t('dashboard.ahead.engagements')}</h3>
      {ahead.engagements.length === 0 ? (
        <p>{t('dashboard.ahead.noEngagements', { days: dashboardDays })}</p>
      ) : (
        <ul class="dashboard-ahead__list">
          {ahead.engagements.map((e) => (
            <li key={e.id}>
              <span class="muted">
                {e.ongoing === 1
                  ? t('engagements.since', { date: formatDate(locale, e.start_date) })
                  : formatDateRange(locale, e.start_date, e.end_date, 'day')}
              </span>{' '}
              <a href={ctx.href(`/admin/engagements/${e.id}`)}>
                <bdi>{e.title}</bdi>
              </a>
              {(e.place || e.online === 1) && (
                <>
                  {' '}
                  <span class="muted">
                    <bdi>{e.place || t('engagements.field.online')}</bdi>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('dashboard.ahead.deadlines')}</h3>
      {ahead.deadlines.length === 0 ? (
        <p>{t('dashboard.ahead.noDeadlines', { days: dashboardDays })}</p>
      ) : (
        <ul class="dashboard-ahead__list">
          {ahead.deadlines.map((d) => (
            <li key={d.id}>
              <span class="muted">{formatDate(locale, d.deadline as string)}</span>{' '}
              <a href={ctx.href(`/admin/engagements/${d.id}`)}>
                <bdi>{d.title}</bdi>
              </a>
              {d.external_body && (
                <>
                  {' '}
                  <span class="muted">
                    <bdi>{d.external_body}</bdi>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={ctx.href('/admin/engagements/calendar')}>{t('dashboard.ahead.calendar')}</a>
      </p>
    </section>
  );
}

function Deadlines({ ctx, calendar }: { ctx: PageContext; calendar: Calendar }) {
  const { t, locale } = ctx;
  if (calendar.deadlines.length === 0) return <p>{t('engagements.calendar.noDeadlines')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('engagements.calendar.deadlinesCaption', { count: calendar.deadlines.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('engagements.field.deadline')}</th>
            <th scope="col">{t('engagements.field.title')}</th>
            <th scope="col">{t('engagements.field.externalBody')}</th>
            <th scope="col">{t('engagements.field.submissionStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {calendar.deadlines.map((d) => (
            <tr key={d.id}>
              <td>{formatDate(locale, d.deadline as string)}</td>
              <td>
                <a href={ctx.href(`/admin/engagements/${d.id}`)}>
                  <bdi>{d.title}</bdi>
                </a>
              </td>
              <td>
                <bdi>{d.external_body ?? '—'}</bdi>
              </td>
              <td>{d.submission_status ? t(`submissionStatus.${d.submission_status as SubmissionStatus}`) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FollowUpsDue({ ctx, calendar }: { ctx: PageContext; calendar: Calendar }) {
  const { t, locale } = ctx;
  if (calendar.followUps.length === 0) return <p>{t('engagements.calendar.noFollowUps')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('engagements.calendar.followUpsCaption', { count: calendar.followUps.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('engagements.followUp.due')}</th>
            <th scope="col">{t('engagements.followUp.action')}</th>
            <th scope="col">{t('dossier.engagement')}</th>
            <th scope="col">{t('engagements.followUp.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {calendar.followUps.map((f) => (
            <tr key={f.id}>
              <td>
                {formatDate(locale, f.due_date as string)}
                {(f.due_date as string) < calendar.today && <span class="badge">{t('engagements.calendar.overdue')}</span>}
              </td>
              <td class="wrap">
                <bdi>{f.action}</bdi>
              </td>
              <td>
                <a href={ctx.href(`/admin/engagements/${f.engagement_id}`)}>
                  <bdi>{f.engagement_title}</bdi>
                </a>
              </td>
              <td>{f.owner_name ? <bdi>{f.owner_name}</bdi> : t('engagements.noOwner')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface FeedPanel {
  /** The feed's address, when the staff member has made one. */
  url: string | null;
  locale: Locale;
  reminders: boolean;
  notice?: string;
}

function FeedSettings({ ctx, feed }: { ctx: PageContext; feed: FeedPanel }) {
  const { t } = ctx;
  return (
    <section aria-labelledby="calendar-feed">
      <h2 id="calendar-feed">{t('engagements.calendar.feedHeading')}</h2>
      {feed.notice && (
        <p class="notice" role="status">
          {feed.notice}
        </p>
      )}
      <p>{t('engagements.calendar.feedExplain')}</p>
      {feed.url ? (
        <>
          <label for="feed-url">{t('engagements.calendar.feedAddress')}</label>
          <input id="feed-url" type="text" readOnly value={feed.url} dir="ltr" spellcheck={false} />
          <p class="hint">{t('engagements.calendar.feedPrivate')}</p>
        </>
      ) : (
        <p>{t('engagements.calendar.noFeed')}</p>
      )}
      <form method="post" action={ctx.href('/admin/engagements/calendar/settings')} class="form">
        <CsrfField ctx={ctx} />
        <label for="reminder-locale">{t('engagements.calendar.reminderLanguage')}</label>
        <select id="reminder-locale" name="locale">
          {locales.map((l) => (
            <option key={l} value={l} selected={l === feed.locale} lang={l}>
              {languageName(l)}
            </option>
          ))}
        </select>
        <div class="consent">
          <input id="reminders" name="reminders" type="checkbox" value="yes" checked={feed.reminders} />
          <label for="reminders">{t('engagements.calendar.remindersOn')}</label>
        </div>
        <p class="actions">
          <button type="submit" name="action" value="save" class="button">
            {t('engagements.calendar.save')}
          </button>
          <button type="submit" name="action" value="new-address" class="button button--quiet">
            {feed.url ? t('engagements.calendar.newAddress') : t('engagements.calendar.makeAddress')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** /admin/engagements/calendar: what is ahead (all staff's, or only mine), and the staff member's feed and reminders. */
export function CalendarPage({ ctx, calendar, mine, feed }: { ctx: PageContext; calendar: Calendar; mine: boolean; feed: FeedPanel }) {
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('engagements.calendar.title')}>
      <p>{t('engagements.calendar.intro', { from: formatDate(locale, calendar.today), until: formatDate(locale, calendar.until) })}</p>
      <p class="actions">
        {mine ? (
          <a href={ctx.href('/admin/engagements/calendar')}>{t('engagements.calendar.showAll')}</a>
        ) : (
          <a href={ctx.href('/admin/engagements/calendar?mine=1')}>{t('engagements.calendar.showMine')}</a>
        )}
      </p>
      <h2>{t('engagements.calendar.engagementsHeading')}</h2>
      <EngagementsAhead ctx={ctx} calendar={calendar} />
      <h2>{t('engagements.calendar.deadlinesHeading')}</h2>
      <Deadlines ctx={ctx} calendar={calendar} />
      <h2>{t('engagements.calendar.followUpsHeading')}</h2>
      <FollowUpsDue ctx={ctx} calendar={calendar} />
      <FeedSettings ctx={ctx} feed={feed} />
    </AdminLayout>
  );
}
