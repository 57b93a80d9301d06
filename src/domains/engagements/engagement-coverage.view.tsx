import type { PageContext } from '../../http/request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { worldOutlines } from '../../views/charts/world-map.tsx';
import { formatDate, formatNumber } from '../../views/format.ts';
import { memberStateName } from '../members/member-geography.ts';
import { type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import { type ContactClass, type Coverage, contactClasses, gapPeriods, type StateCoverage } from './engagement-coverage.ts';

/** Most recent contact darkest; never in contact a calm grey (the network picture's palette and base colour). */
const classColours: Record<ContactClass, string> = {
  within3: '#0b5a8c',
  within6: '#3182bd',
  within12: '#9ecae1',
  older: '#f2c57c',
  never: '#e4e6ea',
};
/** Member states outside the chosen regional group. */
const outsideColour = '#f4f5f7';

export const coverageSorts = ['name', 'members', 'lastContact', 'engagements'] as const;
export type CoverageSort = (typeof coverageSorts)[number];

function classLabels(t: Translator): Record<ContactClass, string> {
  return {
    within3: t('engagements.coverage.class.within3'),
    within6: t('engagements.coverage.class.within6'),
    within12: t('engagements.coverage.class.within12'),
    older: t('engagements.coverage.class.older'),
    never: t('engagements.coverage.class.never'),
  };
}

function groupLabels(t: Translator): Record<RegionalGroup, string> {
  return {
    african: t('regionalGroup.african'),
    asia_pacific: t('regionalGroup.asia_pacific'),
    eastern_european: t('regionalGroup.eastern_european'),
    latin_american_caribbean: t('regionalGroup.latin_american_caribbean'),
    western_european_others: t('regionalGroup.western_european_others'),
  };
}

/** The map: each member state filled by how recent the last contact is; a title per state says the same in words. */
function CoverageSvg({ ctx, coverage }: { ctx: PageContext; coverage: Coverage }) {
  const { t, locale } = ctx;
  const labels = classLabels(t);
  const byCode = new Map(coverage.states.map((s) => [s.code, s]));
  const { width, height, shapes, dots } = worldOutlines;
  const title = (s: StateCoverage) =>
    t('engagements.coverage.map.stateTitle', {
      name: memberStateName(locale, s.code),
      contact: s.lastContact ? formatDate(locale, s.lastContact) : t('dossier.noContact'),
      members: s.members,
    });
  const counts = contactClasses.map((c) => [c, coverage.states.filter((s) => s.contactClass === c).length] as const);
  const desc = t('engagements.coverage.map.desc', {
    summary: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
      counts.map(([c, n]) => t('engagements.coverage.map.classCount', { label: labels[c], count: n })),
    ),
  });
  const drawnAsShape = new Set(shapes.map((s) => s.code));
  const dotted = coverage.states.filter((s) => !drawnAsShape.has(s.code) && dots.has(s.code));
  return (
    <figure class="world-map">
      <figcaption class="chart__title">{t('engagements.coverage.map.title')}</figcaption>
      <svg class="world-map__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="coverage-map-title coverage-map-desc" direction="ltr">
        <title id="coverage-map-title">{t('engagements.coverage.map.title')}</title>
        <desc id="coverage-map-desc">{desc}</desc>
        <g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">
          {shapes.map((shape, i) => {
            const state = shape.code ? byCode.get(shape.code) : undefined;
            if (!state) return <path key={shape.code ?? `unnamed-${i}`} d={shape.d} fill={outsideColour} />;
            return (
              <path key={state.code} d={shape.d} fill={classColours[state.contactClass]} data-code={state.code} data-class={state.contactClass}>
                <title>{title(state)}</title>
              </path>
            );
          })}
        </g>
        <g stroke="#ffffff" stroke-width="0.8">
          {dotted.map((state) => {
            const p = dots.get(state.code)!;
            return (
              <circle key={state.code} cx={p.x} cy={p.y} r="3.5" fill={classColours[state.contactClass]} data-code={state.code} data-class={state.contactClass}>
                <title>{title(state)}</title>
              </circle>
            );
          })}
        </g>
      </svg>
      <div class="map-legend">
        <span class="map-legend__title">{t('engagements.coverage.map.legend')}</span>
        <ul>
          {counts.map(([c, n]) => (
            <li key={c}>
              <svg class="map-legend__swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
                <rect width="14" height="14" rx="2" fill={classColours[c]} stroke="#9aa0a6" stroke-width="0.5" />
              </svg>
              {t('engagements.coverage.map.classCount', { label: labels[c], count: n })}
            </li>
          ))}
        </ul>
      </div>
      <p class="chart__note">{t('stats.map.disclaimer')}</p>
    </figure>
  );
}

function Filters({ ctx, coverage, sort }: { ctx: PageContext; coverage: Coverage; sort: CoverageSort }) {
  const { t } = ctx;
  const groups = groupLabels(t);
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/admin/engagements/map')} class="filters" role="search">
      <div class="filter">
        <label for="coverage-group">{t('members.column.regionalGroup')}</label>
        <select id="coverage-group" name="regionalGroup">
          <option value="">{t('engagements.coverage.allGroups')}</option>
          {regionalGroups.map((g) => (
            <option key={g} value={g} selected={g === coverage.regionalGroup}>
              {groups[g]}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="coverage-months">{t('engagements.coverage.period')}</label>
        <select id="coverage-months" name="months">
          {gapPeriods.map((m) => (
            <option key={m} value={String(m)} selected={m === coverage.months}>
              {t('engagements.coverage.months', { count: m })}
            </option>
          ))}
        </select>
      </div>
      <input type="hidden" name="sort" value={sort} />
      <button type="submit" class="button">
        {t('members.filter.apply')}
      </button>
    </form>
  );
}

function StateLink({ ctx, code }: { ctx: PageContext; code: string }) {
  return <a href={ctx.href(`/admin/member-states/${code}`)}>{memberStateName(ctx.locale, code)}</a>;
}

function GapsTable({ ctx, coverage }: { ctx: PageContext; coverage: Coverage }) {
  const { t, locale } = ctx;
  if (coverage.gaps.length === 0) return <p>{t('engagements.coverage.noGaps', { count: coverage.months })}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('engagements.coverage.gapsCaption', { count: coverage.gaps.length, months: coverage.months })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.map.memberState')}</th>
            <th scope="col">{t('members.column.regionalGroup')}</th>
            <th scope="col">{t('stats.map.members')}</th>
            <th scope="col">{t('dossier.lastContact')}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.gaps.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                <StateLink ctx={ctx} code={s.code} />
              </th>
              <td>{s.regionalGroup ? groupLabels(t)[s.regionalGroup] : '—'}</td>
              <td>{formatNumber(locale, s.members)}</td>
              <td>{s.lastContact ? formatDate(locale, s.lastContact) : t('dossier.noContact')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GroupsTable({ ctx, coverage }: { ctx: PageContext; coverage: Coverage }) {
  const { t, locale } = ctx;
  const groups = groupLabels(t);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('engagements.coverage.groupsCaption', { count: coverage.months })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('members.column.regionalGroup')}</th>
            <th scope="col">{t('engagements.coverage.column.memberStates')}</th>
            <th scope="col">{t('engagements.coverage.column.withMembers')}</th>
            <th scope="col">{t('engagements.coverage.column.inContact')}</th>
            <th scope="col">{t('engagements.coverage.column.shareInContact')}</th>
            <th scope="col">{t('engagements.coverage.column.shareOfStates')}</th>
          </tr>
        </thead>
        <tbody>
          {coverage.groups.map((g) => (
            <tr key={g.regionalGroup}>
              <th scope="row">
                <a href={ctx.href(`/admin/regional-groups/${g.regionalGroup}`)}>{groups[g.regionalGroup]}</a>
                {g.underRepresented && <span class="badge">{t('engagements.coverage.underRepresented')}</span>}
              </th>
              <td>{formatNumber(locale, g.memberStates)}</td>
              <td>{formatNumber(locale, g.withMembers)}</td>
              <td>{formatNumber(locale, g.inContact)}</td>
              <td>{percent.format(g.shareInContact)}</td>
              <td>{percent.format(g.shareOfStates)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Sorts the full table: by name in the reader's language, or by a number or date, largest or latest first. */
export function sortStates(states: StateCoverage[], sort: CoverageSort, locale: PageContext['locale']): StateCoverage[] {
  const name = (s: StateCoverage) => memberStateName(locale, s.code);
  const byName = (a: StateCoverage, b: StateCoverage) => name(a).localeCompare(name(b), locale);
  const sorted = [...states];
  if (sort === 'members') sorted.sort((a, b) => b.members - a.members || byName(a, b));
  else if (sort === 'lastContact') sorted.sort((a, b) => (b.lastContact ?? '').localeCompare(a.lastContact ?? '') || byName(a, b));
  else if (sort === 'engagements') sorted.sort((a, b) => b.engagementsInPeriod - a.engagementsInPeriod || byName(a, b));
  else sorted.sort(byName);
  return sorted;
}

function SortHeader({ ctx, coverage, sort, by, label }: { ctx: PageContext; coverage: Coverage; sort: CoverageSort; by: CoverageSort; label: string }) {
  const params = new URLSearchParams({ months: String(coverage.months), sort: by });
  if (coverage.regionalGroup) params.set('regionalGroup', coverage.regionalGroup);
  const current = sort === by;
  return (
    <th scope="col" aria-sort={current ? (by === 'name' ? 'ascending' : 'descending') : undefined}>
      <a href={ctx.href(`/admin/engagements/map?${params.toString()}#coverage-table`)} aria-current={current ? 'true' : undefined}>
        {label}
      </a>
    </th>
  );
}

function StatesTable({ ctx, coverage, sort }: { ctx: PageContext; coverage: Coverage; sort: CoverageSort }) {
  const { t, locale } = ctx;
  const labels = classLabels(t);
  const groups = groupLabels(t);
  return (
    <div class="table-scroll" id="coverage-table">
      <table class="table">
        <caption>{t('engagements.coverage.tableCaption', { count: coverage.states.length })}</caption>
        <thead>
          <tr>
            <SortHeader ctx={ctx} coverage={coverage} sort={sort} by="name" label={t('stats.map.memberState')} />
            <th scope="col">{t('members.column.regionalGroup')}</th>
            <SortHeader ctx={ctx} coverage={coverage} sort={sort} by="members" label={t('stats.map.members')} />
            <SortHeader ctx={ctx} coverage={coverage} sort={sort} by="lastContact" label={t('dossier.lastContact')} />
            <th scope="col">{t('engagements.coverage.column.class')}</th>
            <SortHeader
              ctx={ctx}
              coverage={coverage}
              sort={sort}
              by="engagements"
              label={t('engagements.coverage.column.engagements', { count: coverage.months })}
            />
          </tr>
        </thead>
        <tbody>
          {sortStates(coverage.states, sort, locale).map((s) => (
            <tr key={s.code}>
              <th scope="row">
                <StateLink ctx={ctx} code={s.code} />
              </th>
              <td>{s.regionalGroup ? groups[s.regionalGroup] : '—'}</td>
              <td>{formatNumber(locale, s.members)}</td>
              <td>{s.lastContact ? formatDate(locale, s.lastContact) : '—'}</td>
              <td>{labels[s.contactClass]}</td>
              <td>{formatNumber(locale, s.engagementsInPeriod)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** /admin/engagements/map: the coverage map, the gaps, the member states without members, the regional groups, the table. */
export function CoverageMapPage({ ctx, coverage, sort }: { ctx: PageContext; coverage: Coverage; sort: CoverageSort }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('engagements.coverage.title')}>
      <p>{t('engagements.coverage.intro', { date: formatDate(ctx.locale, coverage.today) })}</p>
      <Filters ctx={ctx} coverage={coverage} sort={sort} />
      <CoverageSvg ctx={ctx} coverage={coverage} />
      <h2>{t('engagements.coverage.gapsHeading', { count: coverage.months })}</h2>
      <GapsTable ctx={ctx} coverage={coverage} />
      <h2>{t('engagements.coverage.withoutMembersHeading')}</h2>
      {coverage.withoutMembers.length === 0 ? (
        <p>{t('engagements.coverage.noneWithoutMembers')}</p>
      ) : (
        <>
          <p>{t('engagements.coverage.withoutMembersCount', { count: coverage.withoutMembers.length })}</p>
          <ul class="plain-list columns">
            {[...coverage.withoutMembers]
              .sort((a, b) => memberStateName(ctx.locale, a.code).localeCompare(memberStateName(ctx.locale, b.code), ctx.locale))
              .map((s) => (
                <li key={s.code}>
                  <StateLink ctx={ctx} code={s.code} />
                </li>
              ))}
          </ul>
        </>
      )}
      <h2>{t('engagements.coverage.groupsHeading')}</h2>
      <GroupsTable ctx={ctx} coverage={coverage} />
      <h2>{t('engagements.coverage.tableHeading')}</h2>
      <StatesTable ctx={ctx} coverage={coverage} sort={sort} />
    </AdminLayout>
  );
}
