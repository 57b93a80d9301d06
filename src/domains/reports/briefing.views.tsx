import { type ComponentChildren, Fragment } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, type Locale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { BarChart } from '../../views/charts/bar-chart.tsx';
import { formatDate, formatDateRange, formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { statementIn } from '../engagements/register.service.ts';
import { memberStateName } from '../members/member-geography.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { renderSafeMarkdown } from '../site/safe-markdown.ts';
import { outsideKey } from './analytics.service.ts';
import { AnnouncementsFigures, pointLabel, ReportsNav } from './analytics.views.tsx';
import { type BriefingFigures, type BriefingView, sectionsOf } from './briefing.service.ts';
import { type BriefingRow, type BriefingSection, briefingSections, periodKinds } from './briefing.table.ts';
import { LineChart } from './line-chart.tsx';

type Texts = Partial<Record<Locale, string>>;

/** The text in the reader's language, else English, else the first there is, with the language it is in. */
export function inLocale(texts: Texts | undefined, locale: Locale): { text: string; lang: Locale } | null {
  if (!texts) return null;
  if (texts[locale]) return { text: texts[locale] as string, lang: locale };
  const lang = (texts.en ? 'en' : locales.find((l) => texts[l])) as Locale | undefined;
  return lang ? { text: texts[lang] as string, lang } : null;
}

/** A briefing's title: the one staff wrote in this language (or another), else "Briefing for the Board, <period>". */
export function briefingTitle(ctx: Pick<PageContext, 't' | 'locale'>, title: Texts, row: Pick<BriefingRow, 'period_from' | 'period_to'>): string {
  return title[ctx.locale] ?? ctx.t('briefings.defaultTitle', { period: formatDateRange(ctx.locale, row.period_from, row.period_to, 'day') });
}

const signed = (locale: Locale, n: number, digits = 0) =>
  new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', minimumFractionDigits: digits, maximumFractionDigits: digits || 0 }).format(n);
const index = (locale: Locale, n: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(n);

function Narrative({ texts, locale, ctx }: { texts: Texts | undefined; locale: Locale; ctx: PageContext }) {
  const found = inLocale(texts, locale);
  if (!found) return null;
  const other = found.lang !== locale;
  return (
    <div class="briefing__narrative" lang={other ? found.lang : undefined} dir={other ? directionOf(found.lang) : undefined}>
      {other && <p class="muted">{ctx.t('briefings.narrativeIn', { language: autonym(found.lang) })}</p>}
      {/* Rendered by renderSafeMarkdown: raw HTML escaped (and refused on save), unsafe link targets refused. */}
      <div class="prose" dangerouslySetInnerHTML={{ __html: renderSafeMarkdown(found.text) }} />
    </div>
  );
}

function Section({ id, title, children }: { id: BriefingSection; title: string; children: ComponentChildren }) {
  return (
    <section class="briefing__section" aria-labelledby={`briefing-${id}`}>
      <h2 id={`briefing-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

function Tiles({ tiles }: { tiles: [string, string][] }) {
  return (
    <ul class="tiles">
      {tiles.map(([value, label]) => (
        <li key={label} class="tile">
          <span class="tile__value">{value}</span>
          <span class="tile__label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

function PictureFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  const p = figures.picture;
  const change = {
    members: signed(locale, p.change.members),
    states: signed(locale, p.change.memberStates),
    index: signed(locale, p.change.evennessIndex, 3),
  };
  const previous = p.change.previous;
  return (
    <>
      <Tiles
        tiles={[
          [formatNumber(locale, p.members), t('reports.tile.members', { count: p.members })],
          [formatNumber(locale, p.memberStates), t('reports.tile.memberStates', { count: p.memberStates })],
          [index(locale, p.evennessIndex), t('reports.tile.evennessIndex')],
        ]}
      />
      <p class="briefing__change">
        {previous
          ? t('briefings.picture.sincePrevious', {
              ...change,
              title: briefingTitle(ctx, previous.title, { period_from: previous.from, period_to: previous.to }),
            })
          : t('briefings.picture.sinceStart', { ...change, date: formatDate(locale, figures.from) })}
      </p>
    </>
  );
}

function GrowthFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  const g = figures.growth;
  const points = g.series.map((p) => pointLabel(locale, g.interval, p.at));
  const heading = t(`reports.interval.${g.interval}`);
  const end = figures.picture.byRegionalGroup;
  return (
    <>
      <p>{t('briefings.growth.summary', { joined: g.joined, left: g.left })}</p>
      <div class="chart-grid">
        <LineChart
          title={t('reports.chart.members')}
          locale={locale}
          points={points}
          pointHeading={heading}
          series={[{ key: 'members', label: t('reports.series.members'), values: g.series.map((p) => p.members) }]}
        />
        <LineChart
          title={t('reports.chart.joinedLeft')}
          locale={locale}
          points={points}
          pointHeading={heading}
          series={[
            { key: 'joined', label: t('reports.series.joined'), values: g.series.map((p) => p.joined) },
            { key: 'left', label: t('reports.series.left'), values: g.series.map((p) => p.left) },
          ]}
        />
      </div>
      <BarChart
        title={t('briefings.growth.byGroup')}
        locale={locale}
        rows={([...regionalGroups, outsideKey] as const).map((group) => ({
          label: group === outsideKey ? t('reports.outsideGroups') : t(`regionalGroup.${group}`),
          value: end[group] ?? 0,
        }))}
      />
    </>
  );
}

function EngagementFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  if (figures.engagements.length === 0) return <p>{t('briefings.engagements.none')}</p>;
  const submissions = figures.engagements.filter((e) => e.kind === 'submission');
  return (
    <>
      <p class="muted">{t('briefings.engagements.shareable')}</p>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('briefings.engagements.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('briefings.column.dates')}</th>
              <th scope="col">{t('briefings.column.engagement')}</th>
              <th scope="col">{t('briefings.column.kind')}</th>
              <th scope="col">{t('briefings.column.memberStates')}</th>
              <th scope="col">{t('briefings.column.status')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.engagements.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.ongoing
                    ? t('briefings.engagements.since', { date: formatDate(locale, e.startDate) })
                    : formatDateRange(locale, e.startDate, e.endDate, 'day')}
                </td>
                <td class="wrap">
                  <bdi>{e.title}</bdi>
                </td>
                <td>{t(`engagementKind.${e.kind}`)}</td>
                <td class="wrap">{e.memberStates.map((code) => memberStateName(locale, code)).join(', ') || '—'}</td>
                <td>{t(`engagementStatus.${e.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {submissions.length > 0 && (
        <div class="table-scroll">
          <table class="table">
            <caption>{t('briefings.submissions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('briefings.column.submission')}</th>
                <th scope="col">{t('briefings.column.externalBody')}</th>
                <th scope="col">{t('briefings.column.submissionStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((e) => (
                <tr key={e.id}>
                  <td class="wrap">
                    <bdi>{e.title}</bdi>
                  </td>
                  <td>
                    <bdi>{e.externalBody ?? '—'}</bdi>
                  </td>
                  <td>{e.submissionStatus ? t(`submissionStatus.${e.submissionStatus}`) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function RegisterFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  if (figures.register.length === 0) return <p>{t('briefings.register.none')}</p>;
  const moved = figures.register.filter((i) => i.moved).length;
  const scores = (s: { likelihood: number; impact: number }) => t('briefings.register.scores', { likelihood: s.likelihood, impact: s.impact });
  return (
    <>
      <p>{t('briefings.register.summary', { count: figures.register.length, moved })}</p>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('briefings.register.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('briefings.column.item')}</th>
              <th scope="col">{t('briefings.column.topic')}</th>
              <th scope="col">{t('briefings.column.before')}</th>
              <th scope="col">{t('briefings.column.after')}</th>
              <th scope="col">{t('briefings.column.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.register.map((item) => (
              <tr key={item.id}>
                <td class="wrap">
                  <span class="badge badge--muted">{t(`registerKind.${item.kind}`)}</span> <bdi>{statementIn(item.statement, locale)}</bdi>
                </td>
                <td class="wrap">
                  <bdi>{item.topic}</bdi>
                </td>
                <td>{item.before ? scores(item.before) : t('briefings.register.new')}</td>
                <td>
                  {scores(item)}
                  {item.moved && item.before && <strong> {t('briefings.register.moved')}</strong>}
                </td>
                <td>{t(`trend.${item.trend}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function UpcomingFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  const { milestones, deadlines } = figures.upcoming;
  if (milestones.length === 0 && deadlines.length === 0) return <p>{t('briefings.upcoming.none', { days: 90 })}</p>;
  return (
    <ul class="briefing__upcoming">
      {milestones.map((m) => (
        <li key={`m-${m.date}-${m.title.en ?? ''}`}>
          <strong>{formatDateRange(locale, m.date, m.endDate, m.precision)}</strong> — <bdi>{inLocale(m.title, locale)?.text ?? ''}</bdi>
        </li>
      ))}
      {deadlines.map((d) => (
        <li key={`d-${d.id}`}>
          <strong>{formatDate(locale, d.deadline)}</strong> — {t('briefings.upcoming.deadline', { title: d.title, body: d.externalBody ?? '—' })}
        </li>
      ))}
    </ul>
  );
}

function EventFigures({ ctx, figures }: { ctx: PageContext; figures: BriefingFigures }) {
  const { t, locale } = ctx;
  const events = figures.events;
  if (!events || events.events.length === 0) return <p>{t('briefings.events.none')}</p>;
  const groups = events.byRegionalGroup.filter((g) => g.confirmed > 0 || g.attended > 0);
  return (
    <>
      <Tiles
        tiles={[
          [formatNumber(locale, events.totals.events), t('briefings.events.held', { count: events.totals.events })],
          [formatNumber(locale, events.totals.confirmed), t('briefings.events.confirmed', { count: events.totals.confirmed })],
          [formatNumber(locale, events.totals.attended), t('briefings.events.attended', { count: events.totals.attended })],
        ]}
      />
      <div class="table-scroll">
        <table class="table">
          <caption>{t('briefings.events.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('briefings.column.date')}</th>
              <th scope="col">{t('briefings.column.event')}</th>
              <th scope="col">{t('briefings.column.kind')}</th>
              <th scope="col">{t('briefings.column.confirmed')}</th>
              <th scope="col">{t('briefings.column.attended')}</th>
            </tr>
          </thead>
          <tbody>
            {events.events.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(locale, e.date)}</td>
                <td class="wrap">
                  <bdi>{inLocale(e.title, locale)?.text ?? ''}</bdi>
                </td>
                <td>{t(`events.kind.${e.kind}`)}</td>
                <td>{formatNumber(locale, e.confirmed)}</td>
                <td>{formatNumber(locale, e.attended)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {groups.length > 0 && (
        <div class="table-scroll">
          <table class="table">
            <caption>{t('briefings.events.byGroupCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.column.regionalGroup')}</th>
                <th scope="col">{t('briefings.column.confirmed')}</th>
                <th scope="col">{t('briefings.column.attended')}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.group === outsideKey ? t('reports.outsideGroups') : t(`regionalGroup.${g.group}`)}</th>
                  <td>{formatNumber(locale, g.confirmed)}</td>
                  <td>{formatNumber(locale, g.attended)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

const sectionFigures: Record<BriefingSection, (props: { ctx: PageContext; figures: BriefingFigures }) => ComponentChildren> = {
  picture: PictureFigures,
  growth: GrowthFigures,
  announcements: ({ ctx, figures }) => <AnnouncementsFigures ctx={ctx} reach={figures.announcements} />,
  events: EventFigures,
  engagements: EngagementFigures,
  register: RegisterFigures,
  upcoming: UpcomingFigures,
};

/** The briefing itself, in the page's language: its period, then each section's narrative and figures. */
export function BriefingDocument({ ctx, view }: { ctx: PageContext; view: BriefingView }) {
  const { t, locale } = ctx;
  const { row, figures } = view;
  return (
    <article class="briefing">
      <p class="briefing__period">
        {t('briefings.period', { period: formatDateRange(locale, figures.from, figures.to, 'day') })}
        {' · '}
        {row.status === 'published' && row.published_at
          ? t('briefings.publishedOn', { date: formatTimestamp(locale, row.published_at) })
          : t('briefings.draftFigures', { date: formatTimestamp(locale, figures.computedAt) })}
      </p>
      {sectionsOf(figures).map((section) => {
        return (
          <Section key={section} id={section} title={t(`briefings.section.${section}`)}>
            <Narrative ctx={ctx} texts={view.narrative[section]} locale={locale} />
            {sectionFigures[section]({ ctx, figures })}
          </Section>
        );
      })}
    </article>
  );
}

/** GET /admin/reports/briefings — the briefings, newest first, and (for editors) the form that starts one. */
export function BriefingListPage({ ctx, rows, error }: { ctx: PageContext; rows: BriefingRow[]; error?: string }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.reports')}>
      <ReportsNav ctx={ctx} current="briefings" />
      <h2>{t('briefings.title')}</h2>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {canEdit && (
        <form method="post" action={ctx.href('/admin/reports/briefings')} class="filters">
          <CsrfField ctx={ctx} />
          <div class="filter">
            <label for="briefing-period">{t('briefings.field.periodKind')}</label>
            <select id="briefing-period" name="periodKind">
              {periodKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`briefings.periodKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="filter">
            <label for="briefing-from">{t('reports.field.from')}</label>
            <input id="briefing-from" name="from" type="date" aria-describedby="briefing-dates-hint" />
          </div>
          <div class="filter">
            <label for="briefing-to">{t('reports.field.to')}</label>
            <input id="briefing-to" name="to" type="date" aria-describedby="briefing-dates-hint" />
          </div>
          <button type="submit" class="button">
            {t('briefings.create')}
          </button>
          <p id="briefing-dates-hint" class="hint">
            {t('briefings.datesHint')}
          </p>
        </form>
      )}
      {rows.length === 0 ? (
        <p>{t('briefings.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <caption>{t('briefings.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('briefings.column.title')}</th>
                <th scope="col">{t('briefings.column.period')}</th>
                <th scope="col">{t('briefings.column.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <a href={ctx.href(`/admin/reports/briefings/${row.id}`)}>
                      <bdi>{briefingTitle(ctx, JSON.parse(row.title), row)}</bdi>
                    </a>
                  </td>
                  <td>{formatDateRange(locale, row.period_from, row.period_to, 'day')}</td>
                  <td>
                    {row.status === 'published' && row.published_at
                      ? t('briefings.publishedOn', { date: formatTimestamp(locale, row.published_at) })
                      : t('briefings.status.draft')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

/** GET /admin/reports/briefings/:id — the briefing as the Board reads it, with the draft's actions for editors. */
export function BriefingPage({ ctx, view, notice, boardLink }: { ctx: PageContext; view: BriefingView; notice?: string; boardLink?: ComponentChildren }) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer' && view.row.status === 'draft';
  return (
    <AdminLayout ctx={ctx} title={briefingTitle(ctx, view.title, view.row)}>
      <ReportsNav ctx={ctx} current="briefings" />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p class="actions">
        <a href={ctx.href('/admin/reports/briefings')}>{t('briefings.back')}</a>
        <a href={ctx.href(`/admin/reports/briefings/${view.row.id}/pdf`)} download>
          {t('briefings.downloadPdf')}
        </a>
        <a href={ctx.href(`/admin/reports/briefings/${view.row.id}/pptx`)} download>
          {t('briefings.downloadPptx')}
        </a>
        <a href={ctx.href(`/admin/reports/briefings/${view.row.id}/annex.csv`)} download>
          {t('briefings.downloadAnnexCsv')}
        </a>
        <a href={ctx.href(`/admin/reports/briefings/${view.row.id}/annex.xlsx`)} download>
          {t('briefings.downloadAnnexXlsx')}
        </a>
        {canEdit && (
          <a class="button" href={ctx.href(`/admin/reports/briefings/${view.row.id}/edit`)}>
            {t('briefings.edit')}
          </a>
        )}
      </p>
      {canEdit && (
        <form method="post" action={ctx.href(`/admin/reports/briefings/${view.row.id}/publish`)} class="notice">
          <CsrfField ctx={ctx} />
          <p>{t('briefings.publishExplain')}</p>
          <button type="submit" class="button">
            {t('briefings.publish')}
          </button>
        </form>
      )}
      {boardLink}
      <BriefingDocument ctx={ctx} view={view} />
    </AdminLayout>
  );
}

/** GET /admin/reports/briefings/:id/edit — the title and each section's narrative, in one language at a time. */
export function BriefingEditPage({
  ctx,
  view,
  editLocale,
  values,
  error,
}: {
  ctx: PageContext;
  view: BriefingView;
  editLocale: Locale;
  values?: { title: string; narrative: Partial<Record<BriefingSection, string>> };
  error?: string;
}) {
  const { t } = ctx;
  const id = view.row.id;
  const title = values?.title ?? view.title[editLocale] ?? '';
  const text = (section: BriefingSection) => values?.narrative[section] ?? view.narrative[section]?.[editLocale] ?? '';
  const dir = directionOf(editLocale);
  return (
    <AdminLayout ctx={ctx} title={t('briefings.editTitle', { title: briefingTitle(ctx, view.title, view.row) })}>
      <ReportsNav ctx={ctx} current="briefings" />
      <nav class="sub-nav" aria-label={t('briefings.editLanguage')}>
        <ul>
          {locales.map((l) => (
            <li key={l}>
              <a href={ctx.href(`/admin/reports/briefings/${id}/edit?locale=${l}`)} lang={l} aria-current={l === editLocale ? 'page' : undefined}>
                {autonym(l)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {error && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action={ctx.href(`/admin/reports/briefings/${id}/edit`)} class="form form--wide">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="locale" value={editLocale} />
        <label for="briefing-title">{t('briefings.field.title')}</label>
        <input id="briefing-title" name="title" type="text" value={title} lang={editLocale} dir={dir} maxLength={200} />
        <p class="hint">{t('briefings.titleHint')}</p>
        {briefingSections.map((section) => (
          <Fragment key={section}>
            <label for={`narrative-${section}`}>{t('briefings.field.narrative', { section: t(`briefings.section.${section}`) })}</label>
            <textarea id={`narrative-${section}`} name={`narrative.${section}`} rows={5} lang={editLocale} dir={dir}>
              {text(section)}
            </textarea>
          </Fragment>
        ))}
        <p class="hint">{t('briefings.markdownHint')}</p>
        <button type="submit" class="button">
          {t('briefings.save')}
        </button>
      </form>
    </AdminLayout>
  );
}
