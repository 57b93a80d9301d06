import { scaleLinear } from 'd3-scale';
import type { PageContext } from '../../http/request-context.ts';
import { directionOf, type Locale, type Translator } from '../../i18n/i18n.ts';
import { BarChart, type BarChartRow } from '../../views/charts/bar-chart.tsx';
import { WorldMap } from '../../views/charts/world-map.tsx';
import { formatDate } from '../../views/format.ts';
import { regionalGroups } from './member-states.data.ts';
import { evenThreshold, type GrowthMonth, type NetworkStats, noneKey } from './member-stats.ts';

/** How many sources the chart names before it sums the rest into one bar. */
const sourcesShown = 8;

/**
 * The sentence for a slide: "451 members from 78 UN Member States, distributed evenly between all
 * geographic regions", or naming the under-represented regional groups when the spread is uneven.
 */
export function networkHeadline(t: Translator, locale: Locale, stats: NetworkStats): string {
  const headline = t('stats.headline', { members: stats.members, states: stats.memberStates });
  if (stats.members - stats.outsideRegionalGroups === 0) return headline;
  if (stats.evenness >= evenThreshold || stats.underRepresented.length === 0) return t('stats.headlineEven', { headline });
  const groups = new Intl.ListFormat(locale, { type: 'conjunction' }).format(stats.underRepresented.map((g) => t(`regionalGroup.${g}`)));
  return t('stats.headlineUneven', { headline, groups });
}

/** Largest first, with the "none" row (if any) last. */
function ranked(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([key, n]) => key !== noneKey || n > 0)
    .sort((a, b) => Number(a[0] === noneKey) - Number(b[0] === noneKey) || b[1] - a[1]);
}

/**
 * The network's picture: headline, tiles, world map, charts and growth. On the public home page
 * (`audience="public"`) the sources chart is left out: source tags are the team's own campaign names.
 */
export function NetworkPicture({ ctx, stats, audience = 'staff' }: { ctx: PageContext; stats: NetworkStats; audience?: 'staff' | 'public' }) {
  const { t, locale } = ctx;
  const numbers = new Intl.NumberFormat(locale);
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const languageNames = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
  const countShare = (count: number, share: number | undefined) => t('stats.countShare', { count, share: share ?? 0 });
  const joinedInYear = stats.growth.reduce((sum, g) => sum + g.joined, 0);

  const regionalRows: BarChartRow[] = regionalGroups.map((g) => ({
    label: t(`regionalGroup.${g}`),
    value: stats.byRegionalGroup[g],
    display: countShare(stats.byRegionalGroup[g], stats.shares.byRegionalGroup[g]),
  }));
  const stakeholderRows: BarChartRow[] = ranked(stats.byStakeholderGroup).map(([g, n]) => ({
    label: t(`stakeholderGroup.${g}`),
    value: n,
    display: countShare(n, stats.shares.byStakeholderGroup[g]),
  }));
  const languageRows: BarChartRow[] = ranked(stats.byLanguage).map(([l, n]) => ({
    label: languageNames.of(l) ?? l,
    value: n,
    display: countShare(n, stats.shares.byLanguage[l]),
  }));
  const sources = ranked(stats.bySource);
  // Summing a single source into "1 other source" would hide its name for nothing.
  const tagged = sources.filter(([s]) => s !== noneKey);
  const shownCount = tagged.length > sourcesShown + 1 ? sourcesShown : tagged.length;
  const named = tagged.slice(0, shownCount);
  const rest = tagged.slice(shownCount);
  const restCount = rest.reduce((sum, [, n]) => sum + n, 0);
  const sourceRows: BarChartRow[] = [
    ...named.map(([s, n]) => ({ label: s, value: n, display: countShare(n, stats.shares.bySource[s]) })),
    ...(rest.length > 0
      ? [
          {
            label: t('stats.source.other', { count: rest.length }),
            value: restCount,
            display: countShare(restCount, stats.members ? restCount / stats.members : 0),
          },
        ]
      : []),
    ...sources.filter(([s]) => s === noneKey).map(([s, n]) => ({ label: t('stats.source.none'), value: n, display: countShare(n, stats.shares.bySource[s]) })),
  ];

  const tiles: { key: string; value: string; label: string }[] = [
    { key: 'members', value: numbers.format(stats.members), label: t('stats.tile.members', { count: stats.members }) },
    { key: 'states', value: numbers.format(stats.memberStates), label: t('stats.tile.memberStates', { count: stats.memberStates }) },
    { key: 'evenness', value: twoDecimals.format(stats.evenness), label: t('stats.tile.evenness') },
    { key: 'joined', value: numbers.format(joinedInYear), label: t('stats.tile.joined', { count: joinedInYear }) },
  ];

  return (
    <section class="network-picture" aria-labelledby="network-picture-heading">
      <h2 id="network-picture-heading">{t('stats.heading')}</h2>
      <p class="network-picture__headline">{networkHeadline(t, locale, stats)}</p>
      <ul class="tiles">
        {tiles.map((tile) => (
          <li key={tile.key} class="tile">
            <span class="tile__value">{tile.value}</span>
            <span class="tile__label">{tile.label}</span>
          </li>
        ))}
      </ul>
      <WorldMap counts={stats.byMemberState} locale={locale} title={t('stats.map.title')} t={t} />
      <div class="chart-grid">
        <BarChart
          title={t('stats.chart.regionalGroup')}
          rows={regionalRows}
          locale={locale}
          note={stats.outsideRegionalGroups > 0 ? t('stats.outsideGroups', { count: stats.outsideRegionalGroups }) : undefined}
        />
        <BarChart title={t('stats.chart.stakeholderGroup')} rows={stakeholderRows} locale={locale} />
        <BarChart title={t('stats.chart.language')} rows={languageRows} locale={locale} />
        {audience === 'staff' && sourceRows.length > 0 && <BarChart title={t('stats.chart.source')} rows={sourceRows} locale={locale} />}
      </div>
      <GrowthChart t={t} locale={locale} growth={stats.growth} />
    </section>
  );
}

const growthWidth = 960;
const growthHeight = 200;
const plotTop = 20;
const plotBottom = 156;

/** Members who joined per month, as vertical bars (mirrored in right-to-left locales), with a table for screen readers. */
function GrowthChart({ t, locale, growth }: { t: Translator; locale: Locale; growth: GrowthMonth[] }) {
  const rtl = directionOf(locale) === 'rtl';
  const numbers = new Intl.NumberFormat(locale);
  const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const yearName = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
  const max = Math.max(0, ...growth.map((g) => g.joined));
  const y = scaleLinear()
    .domain([0, max || 1])
    .range([plotBottom, plotTop]);
  const column = growthWidth / Math.max(1, growth.length);
  const barWidth = Math.min(44, column * 0.6);
  const center = (i: number) => {
    const logical = column * (i + 0.5);
    return Math.round((rtl ? growthWidth - logical : logical) * 10) / 10;
  };
  const joined = growth.reduce((sum, g) => sum + g.joined, 0);
  return (
    <figure class="chart growth-chart">
      <figcaption class="chart__title">{t('stats.chart.growth')}</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${growthWidth} ${growthHeight}`} aria-hidden="true" focusable="false" font-size="13">
        <line x1="0" x2={growthWidth} y1={plotBottom} y2={plotBottom} stroke="#8a94a3" stroke-width="1" />
        {growth.map((g, i) => {
          const date = new Date(`${g.month}-01T00:00:00Z`);
          const top = g.joined > 0 ? Math.min(y(g.joined), plotBottom - 1.5) : plotBottom;
          const cx = center(i);
          const showYear = i === 0 || g.month.endsWith('-01');
          return (
            <g key={g.month}>
              <rect
                x={Math.round((cx - barWidth / 2) * 10) / 10}
                y={Math.round(top * 10) / 10}
                width={barWidth}
                height={Math.round((plotBottom - top) * 10) / 10}
                rx="2"
                fill="#0b5a8c"
              />
              <text x={cx} y={Math.round((top - 5) * 10) / 10} text-anchor="middle" class="chart__value">
                {numbers.format(g.joined)}
              </text>
              <text x={cx} y={plotBottom + 17} text-anchor="middle" class="chart__label">
                {monthName.format(date)}
              </text>
              {showYear && (
                <text x={cx} y={plotBottom + 33} text-anchor="middle" class="chart__label chart__label--soft">
                  {yearName.format(date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p class="chart__note">{t('stats.growth.summary', { joined, total: growth[growth.length - 1]?.total ?? 0 })}</p>
      <table class="visually-hidden">
        <thead>
          <tr>
            <th scope="col">{t('stats.growth.month')}</th>
            <th scope="col">{t('stats.growth.joined')}</th>
            <th scope="col">{t('stats.growth.total')}</th>
          </tr>
        </thead>
        <tbody>
          {growth.map((g) => (
            <tr key={g.month}>
              <th scope="row">{formatDate(locale, `${g.month}-01`, 'month')}</th>
              <td>{numbers.format(g.joined)}</td>
              <td>{numbers.format(g.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
