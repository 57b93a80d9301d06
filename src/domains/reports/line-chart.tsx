import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { directionOf, type Locale } from '../../i18n/i18n.ts';

/** One line of a chart: its values in the order of the chart's points. */
export interface LineSeries {
  key: string;
  label: string;
  values: number[];
}

export interface LineChartProps {
  title: string;
  locale: Locale;
  /** The label of each point (the x axis and the table's first column). */
  points: string[];
  /** The heading of the table's first column. */
  pointHeading: string;
  series: LineSeries[];
  /** How a value is written (default: the locale's number). */
  format?: (value: number) => string;
  /** The y axis's largest value when it is fixed (1 for an index). */
  max?: number;
  note?: string;
}

/** Colours told apart by people with the common colour-vision deficiencies; each line also has its own dash. */
const colours = ['#0b5a8c', '#c2410c', '#15803d', '#7e22ce', '#a16207', '#475569', '#be185d'];
const dashes = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4', '4 4'];
const width = 720;
const height = 260;
const margin = { top: 12, bottom: 28, start: 56, end: 16 };
const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Lines over time, drawn on the server (d3-scale, d3-shape) so they print and export. In a right-to-left
 * locale time runs from right to left, as the text does. The figures are a table under the chart, read by
 * screen readers and printed with it.
 */
export function LineChart({ title, locale, points, pointHeading, series, format, max, note }: LineChartProps) {
  const rtl = directionOf(locale) === 'rtl';
  const numbers = new Intl.NumberFormat(locale);
  const write = format ?? ((v: number) => numbers.format(v));
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values));
  const y = scaleLinear()
    .domain([0, top])
    .nice(4)
    .range([height - margin.bottom, margin.top]);
  const range: [number, number] = rtl ? [width - margin.start, margin.end] : [margin.start, width - margin.end];
  const x = scalePoint<number>()
    .domain(points.map((_, i) => i))
    .range(range)
    .padding(points.length === 1 ? 0.5 : 0);
  const path = line<number>()
    .x((_, i) => r1(x(i) ?? 0))
    .y((v) => r1(y(v)));
  const last = points.length - 1;
  // The first and last labels keep to the plot's edges instead of running past them.
  const anchor = (i: number) => (last === 0 ? 'middle' : i === 0 ? 'start' : i === last ? 'end' : 'middle');
  // Where a label lies on the axis: about 6.8 units a character at this size, from its anchor, in the text's direction.
  const extent = (i: number): [number, number] => {
    const at = x(i) ?? 0;
    const w = (points[i]?.length ?? 0) * 6.8;
    const a = anchor(i);
    if (a === 'middle') return [at - w / 2, at + w / 2];
    return (a === 'start') !== rtl ? [at, at + w] : [at - w, at];
  };
  const apart = (a: number, b: number) => {
    const [p, q] = [extent(a), extent(b)];
    return p[1] + 10 <= q[0] || q[1] + 10 <= p[0];
  };
  // At most eight labels, evenly spread (every `step`th point, the smallest step that keeps them apart), the first
  // and the last among them; the table has them all.
  let step = Math.max(1, Math.ceil(points.length / 8));
  const fits = (k: number) => {
    for (let i = k; i <= last; i += k) if (!apart(i - k, i)) return false;
    return true;
  };
  while (step < last && !fits(step)) step++;
  const labelled = new Set<number>();
  if (points.length > 0) {
    const shown = [0];
    for (let i = step; i <= last; i += step) shown.push(i);
    if (last > 0 && shown.at(-1) !== last) {
      while (shown.length > 1 && !apart(shown.at(-1) as number, last)) shown.pop();
      if (apart(shown.at(-1) as number, last)) shown.push(last);
    }
    for (const i of shown) labelled.add(i);
  }
  const axisX = rtl ? width - margin.start : margin.start;
  return (
    <figure class="chart line-chart">
      <figcaption class="chart__title">{title}</figcaption>
      <svg class="chart__svg" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" direction={rtl ? 'rtl' : 'ltr'} font-size="12">
        {y.ticks(4).map((tick) => (
          <g key={tick}>
            <line x1={Math.min(...range)} x2={Math.max(...range)} y1={r1(y(tick))} y2={r1(y(tick))} stroke="#d5dae1" stroke-width="1" />
            <text x={rtl ? width - margin.start + 6 : margin.start - 6} y={r1(y(tick) + 4)} text-anchor="end" class="chart__value">
              {write(tick)}
            </text>
          </g>
        ))}
        <line x1={axisX} x2={axisX} y1={margin.top} y2={height - margin.bottom} stroke="#8a94a3" stroke-width="1" />
        {points.map((label, i) =>
          labelled.has(i) ? (
            <text key={`${i}-${label}`} x={r1(x(i) ?? 0)} y={height - 8} text-anchor={anchor(i)} class="chart__label">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s, i) => (
          <g key={s.key}>
            <path
              d={path(s.values) ?? ''}
              fill="none"
              stroke={colours[i % colours.length]}
              stroke-width="2.5"
              stroke-dasharray={dashes[i % dashes.length] || undefined}
            />
            {s.values.length === 1 && <circle cx={r1(x(0) ?? 0)} cy={r1(y(s.values[0] ?? 0))} r="4" fill={colours[i % colours.length]} />}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <ul class="chart-legend">
          {series.map((s, i) => (
            <li key={s.key}>
              <svg width="28" height="10" viewBox="0 0 28 10" aria-hidden="true" focusable="false">
                <line
                  x1="1"
                  x2="27"
                  y1="5"
                  y2="5"
                  stroke={colours[i % colours.length]}
                  stroke-width="2.5"
                  stroke-dasharray={dashes[i % dashes.length] || undefined}
                />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {note && <p class="chart__note">{note}</p>}
      {/* A scrolled region must be reachable by keyboard (WCAG 2.1.1); it is named after its chart. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the figures scroll on screen, so the keyboard must reach them */}
      <section class="report-data" aria-label={title} tabIndex={0}>
        <table class="table">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{pointHeading}</th>
              {series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((label, i) => (
              <tr key={`${i}-${label}`}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.key}>{write(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </figure>
  );
}
