import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { LineChart } from './line-chart.tsx';

/** The axis labels a chart draws, with where and how they are anchored. */
function axisLabels(html: string): { x: number; anchor: string; text: string }[] {
  return [...html.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)" class="chart__label">([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    anchor: m[2] as string,
    text: m[3] as string,
  }));
}

const chart = (locale: 'en' | 'ar', points: string[]) =>
  renderToString(
    <LineChart
      title="Members"
      locale={locale}
      points={points}
      pointHeading="Week"
      series={[{ key: 'm', label: 'Members', values: points.map((_, i) => i) }]}
    />,
  );

test('the x axis names the first and the last point, evenly spaced labels between, none over another', () => {
  const months = Array.from({ length: 12 }, (_, i) => `M${i + 1}`);
  const short = axisLabels(chart('en', months));
  assert.ok(short.length <= 8 && short.length >= 2, JSON.stringify(short));
  assert.equal(short[0]?.text, 'M1');
  assert.equal(short.at(-1)?.text, 'M12');
  assert.deepEqual([short[0]?.anchor, short.at(-1)?.anchor], ['start', 'end'], 'the edges keep inside the plot');

  const weeks = ['26 October 2026', '2 November 2026', '9 November 2026', '16 November 2026', '23 November 2026', '30 November 2026'];
  const en = axisLabels(chart('en', weeks));
  assert.deepEqual(
    en.map((l) => l.text),
    ['26 October 2026', '9 November 2026', '30 November 2026'],
  );
  // Six long Arabic dates in 720 units: the first and the last, right to left.
  const ar = axisLabels(
    chart(
      'ar',
      weeks.map((w) => `${w.split(' ')[0]} تشرين الثاني/نوفمبر 2026`),
    ),
  );
  assert.equal(ar.length, 2);
  assert.ok((ar[0]?.x ?? 0) > (ar[1]?.x ?? 0), 'time runs right to left');
  assert.equal(axisLabels(chart('en', ['1 November 2026'])).length, 1);
});
