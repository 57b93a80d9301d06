import type { PageContext } from '../../http/request-context.ts';
import type { Locale, Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { BarChart } from '../../views/charts/bar-chart.tsx';
import { formatDate, formatNumber } from '../../views/format.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import {
  type AnalyticsPeriod,
  type AnnouncementReach,
  type Breakdown,
  breakdowns,
  type Interval,
  intervals,
  type MemberAnalytics,
  noneKey,
  outsideKey,
} from './analytics.service.ts';
import { LineChart, type LineSeries } from './line-chart.tsx';

/** The reports area's own pages. */
export const reportsPages = [
  ['analytics', '/admin/reports', 'reports.nav.analytics'],
  ['briefings', '/admin/reports/briefings', 'reports.nav.briefings'],
  ['schedules', '/admin/reports/schedules', 'reports.nav.schedules'],
  ['boardRecipients', '/admin/reports/board-recipients', 'reports.nav.boardRecipients'],
  ['slide', '/admin/reports/slide', 'reports.nav.slide'],
] as const;

/** The reports area's own navigation (shown once it has more than one page). */
export function ReportsNav({ ctx, current }: { ctx: PageContext; current: (typeof reportsPages)[number][0] }) {
  const { t } = ctx;
  if (reportsPages.length < 2) return null;
  const links = reportsPages.map(([key, path, label]) => [key, path, t(label)] as const);
  return (
    <nav class="sub-nav" aria-label={t('reports.nav.label')}>
      <ul>
        {links.map(([key, path, label]) => (
          <li key={key}>
            <a href={ctx.href(path)} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A point's label: a month ("November 2026") or its first day. */
export function pointLabel(locale: Locale, interval: Interval, at: string): string {
  return interval === 'month' ? formatDate(locale, at, 'month') : formatDate(locale, at, 'day');
}

/** The name of a breakdown's value: a regional group, stakeholder group, language or source tag. */
export function breakdownValueName(t: Translator, locale: Locale, by: Breakdown, value: string): string {
  if (by === 'regional_group') return value === outsideKey ? t('reports.outsideGroups') : t(`regionalGroup.${value}`);
  if (by === 'stakeholder_group') return t(`stakeholderGroup.${value}`);
  if (by === 'language') return new Intl.DisplayNames([locale], { type: 'language' }).of(value) ?? value;
  return value === noneKey ? t('reports.noSource') : value;
}

const indexFormat = (locale: Locale) => {
  const f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 });
  return (v: number) => f.format(v);
};
const percent = (locale: Locale, share: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

function PeriodForm({ ctx, period }: { ctx: PageContext; period: { interval: Interval; from: string; to: string; by: Breakdown | null } }) {
  const { t } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/admin/reports')} class="filters" role="search">
      <div class="filter">
        <label for="report-interval">{t('reports.field.interval')}</label>
        <select id="report-interval" name="interval">
          {intervals.map((i) => (
            <option key={i} value={i} selected={i === period.interval}>
              {t(`reports.interval.${i}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="report-from">{t('reports.field.from')}</label>
        <input id="report-from" name="from" type="date" value={period.from} />
      </div>
      <div class="filter">
        <label for="report-to">{t('reports.field.to')}</label>
        <input id="report-to" name="to" type="date" value={period.to} />
      </div>
      <div class="filter">
        <label for="report-by">{t('reports.field.by')}</label>
        <select id="report-by" name="by">
          <option value="">{t('reports.by.none')}</option>
          {breakdowns.map((b) => (
            <option key={b} value={b} selected={b === period.by}>
              {t(`reports.by.${b}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('reports.show')}
      </button>
    </form>
  );
}

/** The breakdown's lines: the six largest values, the rest together. */
function breakdownSeries(t: Translator, locale: Locale, analytics: MemberAnalytics): LineSeries[] {
  const by = analytics.period.by;
  if (!by) return [];
  const value = (k: number, key: string) => {
    const point = analytics.series[k];
    if (!point) return 0;
    if (by === 'regional_group') return point.byRegionalGroup[key as keyof typeof point.byRegionalGroup] ?? 0;
    return point.breakdown?.[key] ?? 0;
  };
  const keys = analytics.breakdownValues;
  const shown = keys.length > 7 ? keys.slice(0, 6) : keys;
  const rest = keys.slice(shown.length);
  const lines = shown.map((key) => ({ key, label: breakdownValueName(t, locale, by, key), values: analytics.series.map((_, k) => value(k, key)) }));
  if (rest.length > 0) {
    lines.push({
      key: '__rest',
      label: t('reports.otherValues', { count: rest.length }),
      values: analytics.series.map((_, k) => rest.reduce((sum, key) => sum + value(k, key), 0)),
    });
  }
  return lines;
}

function EvennessTable({ ctx, analytics }: { ctx: PageContext; analytics: MemberAnalytics }) {
  const { t, locale } = ctx;
  const e = analytics.evenness;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('reports.evenness.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.column.regionalGroup')}</th>
            <th scope="col">{t('reports.column.networkStates')}</th>
            <th scope="col">{t('reports.column.networkShare')}</th>
            <th scope="col">{t('reports.column.unStates')}</th>
            <th scope="col">{t('reports.column.unShare')}</th>
          </tr>
        </thead>
        <tbody>
          {regionalGroups.map((g) => (
            <tr key={g}>
              <th scope="row">{t(`regionalGroup.${g}`)}</th>
              <td>{formatNumber(locale, e.byRegionalGroup[g].memberStates)}</td>
              <td>{percent(locale, e.byRegionalGroup[g].share)}</td>
              <td>{formatNumber(locale, e.byRegionalGroup[g].unMemberStates)}</td>
              <td>{percent(locale, e.byRegionalGroup[g].unShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Members, member states, evenness and the breakdown over time: charts with their tables. */
export function GrowthSection({ ctx, analytics }: { ctx: PageContext; analytics: MemberAnalytics }) {
  const { t, locale } = ctx;
  const points = analytics.series.map((p) => pointLabel(locale, analytics.period.interval, p.at));
  const pointHeading = t(`reports.interval.${analytics.period.interval}`);
  const last = analytics.series.at(-1);
  const joined = analytics.series.reduce((sum, p) => sum + p.joined, 0);
  const left = analytics.series.reduce((sum, p) => sum + p.left, 0);
  const tiles: [string, string][] = [
    [formatNumber(locale, last?.members ?? 0), t('reports.tile.members', { count: last?.members ?? 0 })],
    [formatNumber(locale, last?.memberStates ?? 0), t('reports.tile.memberStates', { count: last?.memberStates ?? 0 })],
    [indexFormat(locale)(analytics.evenness.index), t('reports.tile.evennessIndex')],
    [formatNumber(locale, joined), t('reports.tile.joined', { count: joined })],
    [formatNumber(locale, left), t('reports.tile.left', { count: left })],
  ];
  const by = breakdownSeries(t, locale, analytics);
  return (
    <section aria-labelledby="growth-heading">
      <h2 id="growth-heading">{t('reports.growth.heading')}</h2>
      <ul class="tiles">
        {tiles.map(([value, label]) => (
          <li key={label} class="tile">
            <span class="tile__value">{value}</span>
            <span class="tile__label">{label}</span>
          </li>
        ))}
      </ul>
      <div class="chart-grid">
        <LineChart
          title={t('reports.chart.members')}
          locale={locale}
          points={points}
          pointHeading={pointHeading}
          series={[{ key: 'members', label: t('reports.series.members'), values: analytics.series.map((p) => p.members) }]}
        />
        <LineChart
          title={t('reports.chart.joinedLeft')}
          locale={locale}
          points={points}
          pointHeading={pointHeading}
          series={[
            { key: 'joined', label: t('reports.series.joined'), values: analytics.series.map((p) => p.joined) },
            { key: 'left', label: t('reports.series.left'), values: analytics.series.map((p) => p.left) },
          ]}
        />
        <LineChart
          title={t('reports.chart.memberStates')}
          locale={locale}
          points={points}
          pointHeading={pointHeading}
          series={[{ key: 'memberStates', label: t('reports.series.memberStates'), values: analytics.series.map((p) => p.memberStates) }]}
        />
        <LineChart
          title={t('reports.chart.evenness')}
          locale={locale}
          points={points}
          pointHeading={pointHeading}
          max={1}
          format={indexFormat(locale)}
          series={[{ key: 'evenness', label: t('reports.series.evennessIndex'), values: analytics.series.map((p) => p.evennessIndex) }]}
        />
      </div>
      {analytics.period.by && by.length > 0 && (
        <LineChart title={t(`reports.chart.by.${analytics.period.by}`)} locale={locale} points={points} pointHeading={pointHeading} series={by} />
      )}
      <h3>{t('reports.evenness.heading')}</h3>
      <p>{t('reports.evenness.definition')}</p>
      <p>{t('reports.evenness.now', { index: indexFormat(locale)(analytics.evenness.index), states: analytics.evenness.memberStates })}</p>
      <EvennessTable ctx={ctx} analytics={analytics} />
      <p class="chart__note">{t('reports.growth.note')}</p>
    </section>
  );
}

/** What the period's announcements reached, by regional group and one by one. */
export function AnnouncementsSection({ ctx, reach }: { ctx: PageContext; reach: AnnouncementReach }) {
  return (
    <section aria-labelledby="announcements-heading">
      <h2 id="announcements-heading">{ctx.t('reports.announcements.heading')}</h2>
      <AnnouncementsFigures ctx={ctx} reach={reach} />
    </section>
  );
}

/** The reach's summary, chart and tables (the analytics page and a briefing's section). */
export function AnnouncementsFigures({ ctx, reach }: { ctx: PageContext; reach: AnnouncementReach }) {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(locale, v);
  const groupName = (g: string) => (g === outsideKey ? t('reports.outsideGroups') : t(`regionalGroup.${g}`));
  return (
    <>
      {reach.announcements.length === 0 ? (
        <p>{t('reports.announcements.none')}</p>
      ) : (
        <>
          <p>
            {t('reports.announcements.summary', {
              count: reach.announcements.length,
              delivered: reach.totals.delivered,
              bounced: reach.totals.bounced,
              unsubscribed: reach.totals.unsubscribedAfter,
            })}
          </p>
          <BarChart
            title={t('reports.chart.deliveredByGroup')}
            locale={locale}
            rows={reach.byRegionalGroup.map((g) => ({ label: groupName(g.group), value: g.delivered }))}
          />
          <div class="table-scroll">
            <table class="table">
              <caption>{t('reports.announcements.byGroupCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.column.regionalGroup')}</th>
                  <th scope="col">{t('reports.column.delivered')}</th>
                  <th scope="col">{t('reports.column.bounced')}</th>
                  <th scope="col">{t('reports.column.failed')}</th>
                  <th scope="col">{t('reports.column.unsubscribedAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {reach.byRegionalGroup.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{groupName(g.group)}</th>
                    <td>{n(g.delivered)}</td>
                    <td>{n(g.bounced)}</td>
                    <td>{n(g.failed)}</td>
                    <td>{n(g.unsubscribedAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="table-scroll">
            <table class="table">
              <caption>{t('reports.announcements.listCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.column.started')}</th>
                  <th scope="col">{t('reports.column.subject')}</th>
                  <th scope="col">{t('reports.column.delivered')}</th>
                  <th scope="col">{t('reports.column.bounced')}</th>
                  <th scope="col">{t('reports.column.unsubscribedAfter')}</th>
                </tr>
              </thead>
              <tbody>
                {reach.announcements.map((a) => (
                  <tr key={a.id}>
                    <td>{formatDate(locale, a.startedAt.slice(0, 10))}</td>
                    <td class="wrap">
                      <bdi>{a.subject}</bdi>
                    </td>
                    <td>{n(a.delivered)}</td>
                    <td>{n(a.bounced)}</td>
                    <td>{n(a.unsubscribedAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

/** GET /admin/reports — the analytics page: the period form, growth and reach. */
export function AnalyticsPage({
  ctx,
  form,
  analytics,
  reach,
  error,
}: {
  ctx: PageContext;
  form: AnalyticsPeriod;
  analytics: MemberAnalytics | null;
  reach: AnnouncementReach | null;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.reports')}>
      <ReportsNav ctx={ctx} current="analytics" />
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <PeriodForm ctx={ctx} period={form} />
      {analytics && <GrowthSection ctx={ctx} analytics={analytics} />}
      {reach && <AnnouncementsSection ctx={ctx} reach={reach} />}
    </AdminLayout>
  );
}
