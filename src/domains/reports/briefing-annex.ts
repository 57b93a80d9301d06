/**
 * The data annex of a briefing: every figure of every section as one row, for a spreadsheet. Columns: `section`
 * (its key), `figure` (a stable English key), `item` (the entry a figure belongs to — an announcement, an event,
 * an engagement, a register item, a regional group —, empty for the section's own figures), `point` (the first
 * day of a series' point, empty otherwise) and `value` (a number, or text for dates, kinds and statuses). The
 * rows come from the figures alone (the snapshot once published), so the annex of March's briefing reads the same
 * in December. Every list in the figures is bounded (series ≤ 1,100 points, ≤ 200 engagements and events, ≤ 50
 * announcements), so the annex is too.
 */
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../i18n/i18n.ts';
import { statementIn } from '../engagements/register.service.ts';
import { type BriefingFigures, sectionsOf } from './briefing.service.ts';
import type { BriefingSection } from './briefing.table.ts';
import { inLocale } from './briefing.views.tsx';
import { type XlsxCell, xlsxWorkbook } from './xlsx-writer.ts';

export const annexColumns = ['section', 'figure', 'item', 'point', 'value'] as const;

export interface AnnexRow {
  section: BriefingSection;
  figure: string;
  item: string;
  point: string;
  value: number | string;
}

/** Every figure of the briefing as rows, section by section in the briefing's order; titles in `locale` where written. */
export function* annexRows(figures: BriefingFigures, locale: Locale): Generator<AnnexRow> {
  const row = (section: BriefingSection, figure: string, value: number | string | null, item = '', point = ''): AnnexRow => ({
    section,
    figure,
    item,
    point,
    value: value ?? '',
  });
  const title = (texts: Record<string, string>) => inLocale(texts, locale)?.text ?? '';
  for (const section of sectionsOf(figures)) {
    if (section === 'picture') {
      const p = figures.picture;
      yield row(section, 'period.from', figures.from);
      yield row(section, 'period.to', figures.to);
      yield row(section, 'computedAt', figures.computedAt);
      yield row(section, 'members', p.members);
      yield row(section, 'memberStates', p.memberStates);
      yield row(section, 'evennessIndex', p.evennessIndex);
      for (const [group, n] of Object.entries(p.byRegionalGroup)) yield row(section, 'members', n, group);
      yield row(section, 'change.since', p.change.previous ? `${p.change.previous.from}/${p.change.previous.to}` : figures.from);
      yield row(section, 'change.members', p.change.members);
      yield row(section, 'change.memberStates', p.change.memberStates);
      yield row(section, 'change.evennessIndex', p.change.evennessIndex);
    } else if (section === 'growth') {
      const g = figures.growth;
      yield row(section, 'interval', g.interval);
      yield row(section, 'joined', g.joined);
      yield row(section, 'left', g.left);
      for (const point of g.series) {
        for (const figure of ['joined', 'left', 'members', 'memberStates', 'evennessIndex'] as const) yield row(section, figure, point[figure], '', point.at);
        for (const [group, n] of Object.entries(point.byRegionalGroup)) yield row(section, 'members', n, group, point.at);
      }
    } else if (section === 'announcements') {
      const a = figures.announcements;
      yield row(section, 'announcements', a.announcements.length);
      for (const [figure, n] of Object.entries(a.totals)) yield row(section, figure, n);
      for (const g of a.byRegionalGroup)
        for (const figure of ['delivered', 'bounced', 'failed', 'unsubscribedAfter'] as const) yield row(section, figure, g[figure], g.group);
      for (const item of a.announcements) {
        yield row(section, 'startedAt', item.startedAt, item.subject);
        for (const figure of ['delivered', 'bounced', 'failed', 'unsubscribedAfter'] as const) yield row(section, figure, item[figure], item.subject);
      }
    } else if (section === 'events' && figures.events) {
      const e = figures.events;
      for (const [figure, n] of Object.entries(e.totals)) yield row(section, figure, n);
      for (const g of e.byRegionalGroup) {
        yield row(section, 'confirmed', g.confirmed, g.group);
        yield row(section, 'attended', g.attended, g.group);
      }
      for (const event of e.events) {
        const name = title(event.title);
        yield row(section, 'date', event.date, name);
        yield row(section, 'kind', event.kind, name);
        yield row(section, 'confirmed', event.confirmed, name);
        yield row(section, 'attended', event.attended, name);
      }
    } else if (section === 'engagements') {
      yield row(section, 'engagements', figures.engagements.length);
      for (const e of figures.engagements) {
        yield row(section, 'kind', e.kind, e.title);
        yield row(section, 'startDate', e.startDate, e.title);
        yield row(section, 'endDate', e.ongoing ? 'ongoing' : (e.endDate ?? e.startDate), e.title);
        yield row(section, 'status', e.status, e.title);
        yield row(section, 'memberStates', e.memberStates.join(' '), e.title);
        if (e.kind === 'submission') {
          yield row(section, 'externalBody', e.externalBody, e.title);
          yield row(section, 'submissionStatus', e.submissionStatus, e.title);
        }
      }
    } else if (section === 'register') {
      yield row(section, 'items', figures.register.length);
      yield row(section, 'moved', figures.register.filter((i) => i.moved).length);
      for (const i of figures.register) {
        const name = statementIn(i.statement, locale);
        yield row(section, 'kind', i.kind, name);
        yield row(section, 'topic', i.topic, name);
        yield row(section, 'likelihood', i.likelihood, name);
        yield row(section, 'impact', i.impact, name);
        yield row(section, 'trend', i.trend, name);
        yield row(section, 'likelihoodBefore', i.before?.likelihood ?? null, name);
        yield row(section, 'impactBefore', i.before?.impact ?? null, name);
        yield row(section, 'moved', i.moved ? 1 : 0, name);
      }
    } else if (section === 'upcoming') {
      yield row(section, 'milestones', figures.upcoming.milestones.length);
      yield row(section, 'deadlines', figures.upcoming.deadlines.length);
      for (const m of figures.upcoming.milestones) yield row(section, 'milestone', m.endDate ? `${m.date}/${m.endDate}` : m.date, title(m.title));
      for (const d of figures.upcoming.deadlines) yield row(section, 'deadline', d.deadline, d.title);
    }
  }
}

/** The annex as CSV (RFC 4180, CRLF, a header row), UTF-8 with a BOM so spreadsheets read it as such. */
export function annexCsv(figures: BriefingFigures, locale: Locale): string {
  const records: (string | number)[][] = [[...annexColumns]];
  for (const r of annexRows(figures, locale)) records.push(annexColumns.map((c) => guardFormula(r[c])));
  return `\uFEFF${stringify(records, { record_delimiter: 'windows' })}`;
}

/** The annex as an Excel workbook of one sheet: numbers as numbers, text as inline strings. */
export function annexXlsx(figures: BriefingFigures, locale: Locale): Promise<Buffer> {
  const rows: XlsxCell[][] = [[...annexColumns]];
  for (const r of annexRows(figures, locale)) rows.push(annexColumns.map((c) => r[c]));
  return xlsxWorkbook('Annex', rows);
}

// A title staff typed could start with "=" and run as a formula in a spreadsheet: text cells that would are
// prefixed with an apostrophe (the usual CSV-injection guard). Numbers stay numbers.
function guardFormula(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
