import { scaleLinear } from 'd3-scale';
import { directionOf, type Locale } from '../../i18n/i18n.ts';

export interface BarChartRow {
  label: string;
  value: number;
  /** The text shown next to the bar and in the table (defaults to the value in the locale's digits). */
  display?: string;
}

export interface BarChartProps {
  title: string;
  rows: BarChartRow[];
  locale: Locale;
  /** A sentence under the chart (what the bars leave out, for instance). */
  note?: string;
}

/** The chart's coordinate width; sized so that a half-width dashboard column shows 13px text near 13px. */
export const barChartWidth = 520;
const fontSize = 13;
const lineHeight = 15;
const barHeight = 18;
const gap = 8;
const valueSpace = 100;
const labelMax = 200;

// SVG text cannot be measured on the server; this estimate (generous, at 13px) sizes the label column.
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch) ? 13.5 : 7.8;
  return w;
}

function truncate(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/** A label in one line, or two split at the space nearest the middle; a word too long for its line is truncated. */
function labelLines(text: string, max: number): string[] {
  if (textWidth(text) <= max) return [text];
  const words = text.split(' ');
  let best: [string, string] | null = null;
  for (let i = 1; i < words.length; i++) {
    const pair: [string, string] = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
    const worst = Math.max(textWidth(pair[0]), textWidth(pair[1]));
    if (!best || worst < Math.max(textWidth(best[0]), textWidth(best[1]))) best = pair;
  }
  return best ? best.map((line) => truncate(line, max)) : [truncate(text, max)];
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Horizontal bars, labels and values as text, drawn on the server. In a right-to-left locale the chart is
 * mirrored: labels on the right, bars growing leftwards. Screen readers get the rows as a table.
 */
export function BarChart({ title, rows, locale, note }: BarChartProps) {
  const rtl = directionOf(locale) === 'rtl';
  const numbers = new Intl.NumberFormat(locale);
  const labelWidth = Math.min(labelMax, Math.max(64, ...rows.map((r) => textWidth(r.label)))) + gap;
  const lines = rows.map((r) => labelLines(r.label, labelWidth - gap));
  const rowHeight = lines.some((l) => l.length > 1) ? 40 : 28;
  const barMax = barChartWidth - labelWidth - valueSpace;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const scale = scaleLinear()
    .domain([0, max || 1])
    .range([0, barMax]);
  const height = Math.max(1, rows.length) * rowHeight;
  // Positions are computed left-to-right and mirrored for RTL; with `direction` set on the SVG,
  // text-anchor start/end follow the reading direction, so the same anchors work both ways.
  const x = (logical: number) => r1(rtl ? barChartWidth - logical : logical);
  return (
    <figure class="chart bar-chart">
      <figcaption class="chart__title">{title}</figcaption>
      <svg
        class="chart__svg"
        viewBox={`0 0 ${barChartWidth} ${height}`}
        aria-hidden="true"
        focusable="false"
        direction={rtl ? 'rtl' : 'ltr'}
        font-size={fontSize}
      >
        <line x1={x(labelWidth)} x2={x(labelWidth)} y1="0" y2={height} stroke="#8a94a3" stroke-width="1" />
        {rows.map((row, i) => {
          const w = row.value > 0 ? Math.max(1.5, scale(row.value)) : 0;
          const middle = i * rowHeight + rowHeight / 2;
          const label = lines[i] ?? [row.label];
          const firstBaseline = middle + 4.5 - ((label.length - 1) * lineHeight) / 2;
          return (
            <g key={`${row.label}-${i}`}>
              <text x={x(labelWidth - gap)} y={r1(firstBaseline)} text-anchor="end" class="chart__label">
                {label.length === 1
                  ? label[0]
                  : label.map((line, j) => (
                      <tspan key={line} x={x(labelWidth - gap)} dy={j === 0 ? undefined : lineHeight}>
                        {line}
                      </tspan>
                    ))}
              </text>
              <rect
                x={r1(rtl ? barChartWidth - labelWidth - w : labelWidth)}
                y={r1(middle - barHeight / 2)}
                width={r1(w)}
                height={barHeight}
                rx="2"
                fill="#0b5a8c"
              />
              <text x={x(labelWidth + w + 6)} y={r1(middle + 4.5)} text-anchor="start" class="chart__value">
                {row.display ?? numbers.format(row.value)}
              </text>
            </g>
          );
        })}
      </svg>
      {note && <p class="chart__note">{note}</p>}
      <table class="visually-hidden">
        <tbody>
          {rows.map((row, i) => (
            <tr key={`${row.label}-${i}`}>
              <th scope="row">{row.label}</th>
              <td>{row.display ?? numbers.format(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
