import pptxgenjs from 'pptxgenjs';
import { directionOf, type Locale, type Translator } from '../../i18n/i18n.ts';
import { formatDateRange, formatNumber } from '../../views/format.ts';
import { type BriefingFigures, type BriefingView, sectionsOf } from './briefing.service.ts';
import type { BriefingSection } from './briefing.table.ts';

// The package's types describe its ES module's default export (the class); under NodeNext TypeScript sees the
// CommonJS wrapper around it, while Node loads the ES build whose default is the class itself.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;

/** Three key figures of a section: the number and what it counts, in the reader's language. */
function keyFigures(t: Translator, locale: Locale, section: BriefingSection, f: BriefingFigures): [string, string][] {
  const n = (v: number) => formatNumber(locale, v);
  const index = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 }).format(f.picture.evennessIndex);
  switch (section) {
    case 'picture':
      return [
        [n(f.picture.members), t('reports.tile.members', { count: f.picture.members })],
        [n(f.picture.memberStates), t('reports.tile.memberStates', { count: f.picture.memberStates })],
        [index, t('reports.series.evennessIndex')],
      ];
    case 'growth':
      return [
        [n(f.growth.joined), t('reports.series.joined')],
        [n(f.growth.left), t('reports.series.left')],
        [n(f.picture.members), t('reports.series.members')],
      ];
    case 'announcements':
      return [
        [n(f.announcements.announcements.length), t('reports.announcements.heading')],
        [n(f.announcements.totals.delivered), t('reports.column.delivered')],
        [n(f.announcements.totals.unsubscribedAfter), t('reports.column.unsubscribedAfter')],
      ];
    case 'events': {
      const totals = f.events?.totals ?? { events: 0, confirmed: 0, attended: 0 };
      return [
        [n(totals.events), t('briefings.events.held', { count: totals.events })],
        [n(totals.confirmed), t('briefings.events.confirmed', { count: totals.confirmed })],
        [n(totals.attended), t('briefings.events.attended', { count: totals.attended })],
      ];
    }
    case 'engagements':
      return [
        [n(f.engagements.length), t('briefings.column.engagement')],
        [n(f.engagements.filter((e) => e.kind === 'submission').length), t('briefings.column.submission')],
        [n(new Set(f.engagements.flatMap((e) => e.memberStates)).size), t('briefings.column.memberStates')],
      ];
    case 'register':
      return [
        [n(f.register.filter((i) => i.kind === 'risk').length), t('registerKind.risk')],
        [n(f.register.filter((i) => i.kind === 'opportunity').length), t('registerKind.opportunity')],
        [n(f.register.filter((i) => i.moved).length), t('briefings.register.moved')],
      ];
    case 'upcoming':
      return [
        [n(f.upcoming.milestones.length), t('briefings.section.upcoming')],
        [n(f.upcoming.deadlines.length), t('briefings.column.submission')],
        [n(f.upcoming.milestones.length + f.upcoming.deadlines.length), t('briefings.column.period')],
      ];
  }
}

/**
 * The briefing as PowerPoint slides (editable text boxes, pptxgenjs): a title slide, then one slide per section with
 * its three key figures, its narrative in the reader's language and, for growth, the members line as a native chart.
 */
export async function briefingPptx(t: Translator, locale: Locale, view: BriefingView, title: string, networkName: string): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = title;
  pptx.rtlMode = directionOf(locale) === 'rtl';
  const rtl = pptx.rtlMode;
  const align = rtl ? 'right' : 'left';
  const f = view.figures;
  const cover = pptx.addSlide();
  cover.addText(networkName, { x: 0.6, y: 1.2, w: 12, h: 0.6, fontSize: 20, align, rtlMode: rtl });
  cover.addText(title, { x: 0.6, y: 2, w: 12, h: 1.4, fontSize: 36, bold: true, align, rtlMode: rtl });
  cover.addText(t('briefings.period', { period: formatDateRange(locale, f.from, f.to, 'day') }), {
    x: 0.6,
    y: 3.6,
    w: 12,
    h: 0.6,
    fontSize: 18,
    align,
    rtlMode: rtl,
  });
  for (const section of sectionsOf(f)) {
    const slide = pptx.addSlide();
    slide.addText(t(`briefings.section.${section}`), { x: 0.6, y: 0.4, w: 12, h: 0.8, fontSize: 28, bold: true, align, rtlMode: rtl });
    keyFigures(t, locale, section, f).forEach(([value, label], i) => {
      const x = rtl ? 8.9 - i * 4.1 : 0.6 + i * 4.1;
      slide.addText(value, { x, y: 1.4, w: 3.8, h: 0.9, fontSize: 32, bold: true, color: '0B5A8C', align, rtlMode: rtl });
      slide.addText(label, { x, y: 2.3, w: 3.8, h: 0.8, fontSize: 14, align, rtlMode: rtl });
    });
    const narrative = view.narrative[section]?.[locale];
    if (narrative) slide.addText(narrative, { x: 0.6, y: 3.3, w: 6, h: 3.6, fontSize: 14, valign: 'top', align, rtlMode: rtl });
    if (section === 'growth' && f.growth.series.length > 0) {
      slide.addChart(
        pptx.ChartType.line,
        [{ name: t('reports.series.members'), labels: f.growth.series.map((p) => p.at), values: f.growth.series.map((p) => p.members) }],
        { x: narrative ? 6.9 : 0.6, y: 3.3, w: narrative ? 5.9 : 12, h: 3.6, showLegend: false },
      );
    }
  }
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}
