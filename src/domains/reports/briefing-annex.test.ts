import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { BriefingFigures } from './briefing.service.ts';
import { annexCsv, annexRows } from './briefing-annex.ts';
import { columnName, sheetXml } from './xlsx-writer.ts';

const groups = { african: 1, asia_pacific: 0, eastern_european: 0, latin_american_caribbean: 0, western_european_others: 0, outside: 0 };
/** Figures as a snapshot of version 1 stored them: no events section. */
const oldSnapshot: BriefingFigures = {
  version: 1,
  from: '2026-03-01',
  to: '2026-03-31',
  computedAt: '2026-04-01T09:00:00.000Z',
  picture: {
    members: 1,
    memberStates: 1,
    evennessIndex: 0.28,
    byRegionalGroup: groups,
    change: { since: 'period_start', previous: null, members: 1, memberStates: 1, evennessIndex: 0.28 },
  },
  growth: {
    interval: 'week',
    series: [{ at: '2026-03-30', until: '2026-03-31', joined: 1, left: 0, members: 1, memberStates: 1, evennessIndex: 0.28, byRegionalGroup: groups }],
    joined: 1,
    left: 0,
  },
  announcements: { byRegionalGroup: [], announcements: [], totals: { delivered: 0, bounced: 0, failed: 0, unsubscribedAfter: 0 } },
  engagements: [
    {
      id: 1,
      kind: 'submission',
      title: '=HYPERLINK("https://evil.example","click")',
      startDate: '2026-03-10',
      endDate: null,
      ongoing: false,
      status: 'done',
      memberStates: ['KE', 'SN'],
      externalBody: 'UN DESA',
      submissionStatus: 'submitted',
    },
  ],
  register: [],
  upcoming: { milestones: [], deadlines: [] },
} as unknown as BriefingFigures;

test('an old snapshot without events gives rows for its six sections, and none for events', () => {
  const rows = [...annexRows(oldSnapshot, 'en')];
  assert.deepEqual([...new Set(rows.map((r) => r.section))], ['picture', 'growth', 'announcements', 'engagements', 'register', 'upcoming']);
  assert.ok(rows.some((r) => r.section === 'growth' && r.figure === 'members' && r.point === '2026-03-30' && r.value === 1));
  assert.ok(rows.some((r) => r.section === 'engagements' && r.figure === 'memberStates' && r.value === 'KE SN'));
});

test('a title that would run as a formula in a spreadsheet is written as text', () => {
  const records = parse(annexCsv(oldSnapshot, 'en'), { bom: true, columns: true }) as Record<string, string>[];
  const kind = records.find((r) => r.section === 'engagements' && r.figure === 'kind');
  assert.equal(kind?.item, `'=HYPERLINK("https://evil.example","click")`);
  assert.equal(records.find((r) => r.figure === 'change.evennessIndex')?.value, '0.28', 'numbers are left as they are');
});

test('the sheet XML: column letters, numbers as numbers, text escaped, characters XML refuses dropped', () => {
  assert.deepEqual([0, 4, 25, 26, 27, 701, 702].map(columnName), ['A', 'E', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  const xml = sheetXml([
    ['a', 'b'],
    [1.5, 'x < y & "z"\u0001'],
    [null, ''],
  ]);
  assert.match(
    xml,
    /<row r="2"><c r="A2"><v>1\.5<\/v><\/c><c r="B2" t="inlineStr"><is><t xml:space="preserve">x &lt; y &amp; &quot;z&quot;<\/t><\/is><\/c><\/row>/,
  );
  assert.match(xml, /<row r="3"><\/row>/);
  assert.match(xml, /<pane ySplit="1"/);
});
