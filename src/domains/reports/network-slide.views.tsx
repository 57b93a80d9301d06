import fs from 'node:fs';
import { renderToString } from 'preact-render-to-string';
import type { PageContext } from '../../http/request-context.ts';
import { directionOf } from '../../i18n/i18n.ts';
import { allGroupsWordingThreshold, evenWordingThreshold, type NetworkSlideFigures, type SlideSource } from './network-slide.service.ts';

/** What the slide shows: the sentence, the QR code of the join link and the link itself. */
export interface NetworkSlide {
  sentence: string;
  /** The line beside the link ("Scan to join the …"). */
  call: string;
  /** The absolute join link the QR code encodes. */
  joinUrl: string;
  /** The QR code as SVG markup, from the qrcode library (our own URL: nothing of the visitor's is in it). */
  qrSvg: string;
  figures: NetworkSlideFigures;
}

/** The link as people type it: without the scheme. */
export const shortLink = (url: string) => url.replace(/^https?:\/\//, '');

/** The slide itself, one screen high: the sentence, the QR code with its quiet zone, the call and the link. */
function SlideBody({ slide }: { slide: NetworkSlide }) {
  const link = shortLink(slide.joinUrl);
  return (
    <main class="slide__main network-slide__main">
      <h1 class="slide__line network-slide__sentence">{slide.sentence}</h1>
      <div class="slide__qr" role="img" aria-label={link} dangerouslySetInnerHTML={{ __html: slide.qrSvg }} />
      <div class="network-slide__foot">
        <p class="network-slide__call">{slide.call}</p>
        <p class="slide__url" dir="ltr">
          {link}
        </p>
      </div>
    </main>
  );
}

/** The page's own controls, folded into a corner: the source of the QR code, the downloads, how the sentence is chosen. */
function SlideTools({ ctx, slide, sources, source }: { ctx: PageContext; slide: NetworkSlide; sources: SlideSource[]; source: string | null }) {
  const { t, locale } = ctx;
  const query = source ? `?src=${encodeURIComponent(source)}` : '';
  const index = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 3 });
  const shown = source && !sources.some((s) => s.tag === source) ? [{ tag: source, label: '' }, ...sources] : sources;
  return (
    <details class="slide-tools">
      <summary>{t('reports.slide.options')}</summary>
      <div class="slide-tools__panel">
        <form method="get" action={ctx.href('/admin/reports/slide')} class="slide-tools__form">
          <label for="slide-source">{t('reports.slide.source')}</label>
          <select id="slide-source" name="src" dir="ltr">
            <option value="">{t('reports.slide.noSource')}</option>
            {shown.map((s) => (
              <option key={s.tag} value={s.tag} selected={s.tag === source}>
                {s.label ? `${s.tag} — ${s.label}` : s.tag}
              </option>
            ))}
          </select>
          <button type="submit" class="button button--quiet">
            {t('reports.slide.show')}
          </button>
        </form>
        <ul class="slide-tools__links">
          <li hidden data-fullscreen-item>
            <button type="button" class="button button--quiet" data-fullscreen>
              {t('reports.slide.fullScreen')}
            </button>
          </li>
          <li>
            <a href={ctx.href(`/admin/reports/slide.png${query}`)}>{t('reports.slide.png')}</a>
          </li>
          <li>
            <a href={ctx.href(`/admin/reports/slide.pptx${query}`)}>{t('reports.slide.pptx')}</a>
          </li>
          <li>
            <a href={ctx.href('/admin/reports')}>{t('reports.slide.back')}</a>
          </li>
        </ul>
        <p class="hint">
          {t('reports.slide.rule', {
            index: index.format(slide.figures.evenness.index),
            even: index.format(evenWordingThreshold),
            groups: index.format(allGroupsWordingThreshold),
          })}
        </p>
      </div>
      <script src="/assets/network-slide.js" defer />
    </details>
  );
}

/** GET /admin/reports/slide: the slide full screen, with its controls folded into a corner. */
export function NetworkSlidePage({ ctx, slide, sources, source }: { ctx: PageContext; slide: NetworkSlide; sources: SlideSource[]; source: string | null }) {
  return (
    <html lang={ctx.locale} dir={directionOf(ctx.locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{slide.sentence}</title>
        <link rel="stylesheet" href="/assets/plenary.css" />
      </head>
      <body class="slide network-slide network-slide--tools">
        <SlideBody slide={slide} />
        <SlideTools ctx={ctx} slide={slide} sources={sources} source={source} />
      </body>
    </html>
  );
}

// The site's own stylesheet, inlined: the image is rendered from a string, with nothing fetched.
const stylesheet = new URL('../../../public/plenary.css', import.meta.url);
let css: string | undefined;

/** The slide alone as a standalone document (stylesheet inlined, no controls), for headless Chromium to render. */
export function networkSlideHtml(ctx: PageContext, slide: NetworkSlide): string {
  css ??= fs.readFileSync(stylesheet, 'utf8');
  const body = renderToString(
    <html lang={ctx.locale} dir={directionOf(ctx.locale)}>
      <head>
        <meta charset="utf-8" />
        <title>{slide.sentence}</title>
        <style>{css}</style>
      </head>
      <body class="slide network-slide">
        <SlideBody slide={slide} />
      </body>
    </html>,
  );
  return `<!doctype html>${body}`;
}
