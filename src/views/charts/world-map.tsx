import fs from 'node:fs';
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { scaleQuantile } from 'd3-scale';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { isoCodes, isUnMemberOrObserver, memberStateName, numericCodeOf } from '../../domains/members/member-geography.ts';
import type { Locale, Translator } from '../../i18n/i18n.ts';

// The map is drawn once, at module load: country outlines are projected to SVG path strings and
// only the fills change per render, so a dashboard request costs string joins, not geometry.
const width = 960;
const require = createRequire(import.meta.url);
const topology = JSON.parse(fs.readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8')) as Topology<{
  countries: GeometryCollection<{ name: string }>;
}>;
const world = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;

// Antarctica has no member state and would take a sixth of the height.
const antarctica = '010';
const drawn: FeatureCollection<Geometry, { name: string }> = { type: 'FeatureCollection', features: world.features.filter((f) => f.id !== antarctica) };
const projection = geoEqualEarth().fitWidth(width, drawn);
const path = geoPath(projection).digits(1);
const [[, top], [, bottom]] = path.bounds(drawn);
const height = Math.ceil(bottom - top);
projection.translate([projection.translate()[0], projection.translate()[1] - top]);

// world-atlas ids are zero-padded ISO 3166-1 numeric codes ("250"), as i18n-iso-countries gives them (the
// geometry only: names come from the UN list, member-state-names.data.ts).
// Three shapes have no id: Kosovo (drawn for members who choose XK), and Northern Cyprus and Somaliland,
// which no ISO code names; they stay in the base colour, without a label.
const alpha2ByNumeric = new Map(isoCodes.map((code) => [numericCodeOf(code), code]));
const alpha2ByName: Record<string, string> = { Kosovo: 'XK' };

interface Shape {
  code: string | null;
  d: string;
}
const shapes: Shape[] = drawn.features.map((f) => ({
  code: (f.id === undefined ? alpha2ByName[f.properties.name] : alpha2ByNumeric.get(String(f.id))) ?? null,
  d: path(f) ?? '',
}));

// States too small for the 110m outlines (Singapore, Malta, the Caribbean and Pacific island states,
// overseas departments…) are drawn as dots when they have members: [longitude, latitude] of their main island.
const smallStateLocations: Record<string, [number, number]> = {
  AD: [1.6, 42.5],
  AG: [-61.8, 17.1],
  AI: [-63.1, 18.2],
  AS: [-170.7, -14.3],
  AW: [-70.0, 12.5],
  AX: [19.9, 60.2],
  BB: [-59.6, 13.2],
  BH: [50.5, 26.0],
  BL: [-62.8, 17.9],
  BM: [-64.8, 32.3],
  BQ: [-68.3, 12.2],
  BV: [3.4, -54.4],
  CC: [96.9, -12.2],
  CK: [-159.8, -21.2],
  CV: [-23.6, 15.1],
  CW: [-69.0, 12.2],
  CX: [105.7, -10.5],
  DM: [-61.4, 15.4],
  FM: [158.2, 6.9],
  FO: [-6.9, 62.2],
  GD: [-61.7, 12.1],
  GF: [-53.2, 3.9],
  GG: [-2.6, 49.5],
  GI: [-5.3, 36.1],
  GP: [-61.6, 16.2],
  GS: [-36.7, -54.4],
  GU: [144.8, 13.4],
  HK: [114.1, 22.4],
  HM: [73.5, -53.1],
  IM: [-4.5, 54.2],
  IO: [72.4, -7.3],
  JE: [-2.1, 49.2],
  KI: [-157.4, 1.9],
  KM: [43.3, -11.7],
  KN: [-62.7, 17.3],
  KY: [-81.3, 19.3],
  LC: [-61.0, 13.9],
  LI: [9.5, 47.1],
  MC: [7.4, 43.8],
  MF: [-63.1, 18.1],
  MH: [171.2, 7.1],
  MO: [113.5, 22.2],
  MP: [145.7, 15.2],
  MQ: [-61.0, 14.6],
  MS: [-62.2, 16.7],
  MT: [14.4, 35.9],
  MU: [57.6, -20.3],
  MV: [73.5, 4.2],
  NF: [167.9, -29.1],
  NR: [166.9, -0.5],
  NU: [-169.9, -19.0],
  PF: [-149.4, -17.7],
  PM: [-56.3, 46.9],
  PN: [-128.3, -24.4],
  PW: [134.6, 7.5],
  RE: [55.5, -21.1],
  SC: [55.5, -4.7],
  SG: [103.8, 1.4],
  SH: [-5.7, -16.0],
  SJ: [16.0, 78.0],
  SM: [12.5, 43.9],
  ST: [6.6, 0.2],
  SX: [-63.1, 18.1],
  TC: [-71.7, 21.8],
  TK: [-171.8, -9.2],
  TO: [-175.2, -21.2],
  TV: [179.2, -8.5],
  UM: [-162.1, 5.9],
  VA: [12.4, 41.9],
  VC: [-61.2, 13.3],
  VG: [-64.6, 18.4],
  VI: [-64.8, 17.7],
  WF: [-178.1, -14.3],
  WS: [-172.4, -13.6],
  YT: [45.1, -12.8],
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const dots = new Map(
  Object.entries(smallStateLocations).map(([code, lonLat]) => {
    const [x, y] = projection(lonLat) ?? [0, 0];
    return [code, { x: round1(x), y: round1(y) }];
  }),
);

/** The projected outlines and the small states' dots, for maps that colour member states their own way (engagement coverage). */
export const worldOutlines: {
  width: number;
  height: number;
  shapes: readonly { code: string | null; d: string }[];
  dots: ReadonlyMap<string, { x: number; y: number }>;
} = { width, height, shapes, dots };

/** Shades from light to the accent blue; a state without members is a calm grey. */
export const mapPalette = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#0b5a8c'] as const;
export const mapNoMembers = '#e4e6ea';

interface LegendClass {
  color: string;
  from: number;
  to: number;
}

/**
 * Equal-count classes (quantiles) of the non-zero counts, as whole-number ranges: a few large member
 * states would otherwise push every other state into the palest shade.
 */
function classify(values: number[]): { color: (n: number) => string; legend: LegendClass[] } {
  const positive = values.filter((n) => n > 0);
  if (positive.length === 0) return { color: () => mapNoMembers, legend: [] };
  const distinct = new Set(positive).size;
  const k = Math.min(mapPalette.length, distinct);
  const colors = mapPalette.slice(mapPalette.length - k);
  const scale = scaleQuantile<string>().domain(positive).range(colors);
  const thresholds = scale.quantiles();
  const max = Math.max(...positive);
  const legend: LegendClass[] = [];
  let from = Math.min(...positive);
  colors.forEach((color, i) => {
    const limit = thresholds[i];
    // A class holds v with thresholds[i-1] ≤ v < thresholds[i]; for whole numbers that is from..ceil(t)-1.
    const to = limit === undefined ? max : Math.ceil(limit) - 1;
    if (to >= from) legend.push({ color, from, to });
    from = Math.max(from, to + 1);
  });
  return { color: (n) => (n > 0 ? scale(n) : mapNoMembers), legend };
}

export interface WorldMapProps {
  /** Members per ISO 3166-1 alpha-2 code. */
  counts: Record<string, number>;
  locale: Locale;
  title: string;
  t: Translator;
  /** Prefix for the element ids (when a page has more than one map). */
  id?: string;
}

/** A choropleth of members per member state: an accessible SVG, its legend, and the same numbers as a table. */
export function WorldMap({ counts, locale, title, t, id = 'world-map' }: WorldMapProps) {
  const { color, legend } = classify(Object.values(counts));
  const count = (code: string | null) => (code ? (counts[code] ?? 0) : 0);
  // Shapes are named from the UN list; a territory outside it only when members gave it (existing data).
  const titled = (code: string) => isUnMemberOrObserver(code) || count(code) > 0;
  const ranked = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, n, name: memberStateName(locale, code) }))
    .sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, locale));
  const numbers = new Intl.NumberFormat(locale);
  const shown = new Set(shapes.map((s) => s.code));
  const dotted = ranked.filter((r) => !shown.has(r.code) && dots.has(r.code));
  const top = new Intl.ListFormat(locale, { type: 'conjunction' }).format(
    ranked.slice(0, 5).map((r) => t('stats.map.stateCount', { name: r.name, count: r.n })),
  );
  const desc = ranked.length > 0 ? t('stats.map.desc', { states: ranked.length, top }) : t('stats.map.descEmpty');
  return (
    <figure class="world-map">
      <figcaption class="chart__title" id={`${id}-caption`}>
        {title}
      </figcaption>
      <svg class="world-map__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} direction="ltr">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        <g stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">
          {shapes.map((s, i) =>
            s.code ? (
              <path key={s.code} d={s.d} fill={color(count(s.code))} data-code={s.code}>
                {titled(s.code) && <title>{t('stats.map.countryValue', { name: memberStateName(locale, s.code), count: count(s.code) })}</title>}
              </path>
            ) : (
              <path key={`unnamed-${i}`} d={s.d} fill={mapNoMembers} />
            ),
          )}
        </g>
        {dotted.length > 0 && (
          <g stroke="#ffffff" stroke-width="0.8">
            {dotted.map((r) => {
              const p = dots.get(r.code)!;
              return (
                <circle key={r.code} cx={p.x} cy={p.y} r="3.5" fill={color(r.n)} data-code={r.code}>
                  <title>{t('stats.map.countryValue', { name: r.name, count: r.n })}</title>
                </circle>
              );
            })}
          </g>
        )}
      </svg>
      <div class="map-legend">
        <span class="map-legend__title">{t('stats.map.legend')}</span>
        <ul>
          <li>
            <Swatch color={mapNoMembers} />
            {numbers.format(0)}
          </li>
          {legend.map((c) => (
            <li key={c.color}>
              <Swatch color={c.color} />
              {c.from === c.to ? numbers.format(c.from) : t('stats.map.range', { from: c.from, to: c.to })}
            </li>
          ))}
        </ul>
      </div>
      <p class="chart__note">
        {dotted.length > 0 && `${t('stats.map.smallStates')} `}
        {t('stats.map.disclaimer')}
      </p>
      {ranked.length > 0 && (
        <details class="chart__table">
          <summary>{t('stats.map.table')}</summary>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('stats.map.memberState')}</th>
                <th scope="col">{t('stats.map.members')}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{r.name}</th>
                  <td>{numbers.format(r.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

function Swatch({ color }: { color: string }) {
  return (
    <svg class="map-legend__swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect width="14" height="14" rx="2" fill={color} />
    </svg>
  );
}
