import fs from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../../http/request-context.ts';
import { directionOf } from '../../i18n/i18n.ts';
import { formatDateRange, formatTimestamp } from '../../views/format.ts';
import type { BriefingView } from './briefing.service.ts';
import { BriefingDocument, briefingTitle } from './briefing.views.tsx';

// The site's own stylesheet, inlined: the page is printed from a string, with nothing fetched.
const stylesheet = new URL('../../../public/plenary.css', import.meta.url);
let css: string | undefined;

// Print layout: a cover page, then the sections; Noto fonts cover Arabic and Chinese (fonts-noto-core, fonts-noto-cjk).
const printCss = `
@page { size: A4; margin: 18mm 16mm 20mm; }
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif; background: #fff; }
.briefing-cover { break-after: page; padding-block-start: 30vh; }
.briefing-cover h1 { font-size: 2rem; margin: 0 0 1rem; }
.briefing-cover p { font-size: 1.1rem; margin: 0.25rem 0; }
.report-data { max-block-size: none; overflow: visible; }
`;

/** The briefing as a standalone printable document (cover, then every section), in the context's language. */
export function briefingPrintHtml(ctx: PageContext, view: BriefingView, networkName: string): string {
  css ??= fs.readFileSync(stylesheet, 'utf8');
  const { t, locale } = ctx;
  const title = briefingTitle(ctx, view.title, view.row);
  const status =
    view.row.status === 'published' && view.row.published_at
      ? t('briefings.publishedOn', { date: formatTimestamp(locale, view.row.published_at) })
      : t('briefings.draftFigures', { date: formatTimestamp(locale, view.figures.computedAt) });
  const body = renderToString(
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <style>{css}</style>
        <style>{printCss}</style>
      </head>
      <body>
        <main class="page">
          <section class="briefing-cover">
            <p>{networkName}</p>
            <h1>{title}</h1>
            <p>{t('briefings.period', { period: formatDateRange(locale, view.figures.from, view.figures.to, 'day') })}</p>
            <p>{status}</p>
          </section>
          <BriefingDocument ctx={ctx} view={view} />
        </main>
      </body>
    </html>,
  );
  return `<!doctype html>${body}`;
}
