/**
 * A briefing as a file in one of its formats, in one language, outside a page request: the command line
 * (`plenary report generate`) and the API write the same files the admin pages offer.
 */
import type { PageContext } from '../../http/request-context.ts';
import { type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { BriefingDeps, BriefingView } from './briefing.service.ts';
import { briefingTitle } from './briefing.views.tsx';
import { annexCsv, annexXlsx } from './briefing-annex.ts';
import { printPdf } from './briefing-pdf.ts';
import { briefingPptx } from './briefing-pptx.ts';
import { briefingPrintHtml } from './briefing-print.tsx';

/** The formats a briefing is written in: the self-contained web page, the PDF, the slides and the data annex. */
export const briefingFormats = ['html', 'pdf', 'pptx', 'csv', 'xlsx'] as const;
export type BriefingFormat = (typeof briefingFormats)[number];

export const briefingMediaTypes: Record<BriefingFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A page context for rendering without a request: the locale's translator, no staff account, links under the locale. */
export function outputContext(locale: Locale): PageContext {
  return { locale, t: translator(locale), unprefixedUrl: '/', staff: null, csrfToken: '', href: (path) => `/${locale}${path}` };
}

/** The briefing as the bytes of a file in `format`, in `locale` (the web page with its stylesheet inlined, as printed). */
export async function renderBriefing(deps: BriefingDeps, view: BriefingView, format: BriefingFormat, locale: Locale): Promise<Buffer> {
  const ctx = outputContext(locale);
  if (format === 'csv') return Buffer.from(annexCsv(view.figures, locale), 'utf8');
  if (format === 'xlsx') return annexXlsx(view.figures, locale);
  const network = await requireNetwork(deps);
  const networkName = pickLocalized(network.name, locale);
  const title = briefingTitle(ctx, view.title, view.row);
  if (format === 'pptx') return briefingPptx(ctx.t, locale, view, title, networkName);
  const html = briefingPrintHtml(ctx, view, networkName);
  if (format === 'html') return Buffer.from(html, 'utf8');
  return printPdf(html, title);
}

/** The file name a download of the briefing gets. */
export function briefingFileName(id: number, format: BriefingFormat, locale: Locale): string {
  const stem = format === 'csv' || format === 'xlsx' ? `briefing-${id}-annex` : `briefing-${id}`;
  return `${stem}-${locale}.${format}`;
}
