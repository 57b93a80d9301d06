import type { PageContext } from '../../http/request-context.ts';
import { formatDate } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import type { BriefingView } from './briefing.service.ts';
import { BriefingDocument, briefingTitle } from './briefing.views.tsx';

/**
 * GET /board/briefings/:id?token= — a published briefing as a Board member reads it through their private link: the
 * document alone with its PDF (no staff control, no admin navigation), in the page's language with the language switcher, kept
 * out of search engines. The switcher keeps the token, so the same link reads in any of the six languages.
 */
export function BoardBriefingPage({ ctx, view, networkName, pdfPath }: { ctx: PageContext; view: BriefingView; networkName: string; pdfPath: string }) {
  const title = briefingTitle(ctx, view.title, view.row);
  return (
    <Layout ctx={ctx} title={title} siteName={networkName} alternates={[]} head={<meta name="robots" content="noindex, nofollow" />}>
      <h1>{title}</h1>
      <p class="muted">{ctx.t('board.readOnly', { network: networkName })}</p>
      <p class="actions">
        <a href={pdfPath} download>
          {ctx.t('briefings.downloadPdf')}
        </a>
      </p>
      <BriefingDocument ctx={ctx} view={view} />
    </Layout>
  );
}

/** On a published briefing's staff page: the private link for the Board, to copy into a message. */
export function BoardLinkPanel({ ctx, url, expiresAt }: { ctx: PageContext; url: string; expiresAt: Date }) {
  const { t, locale } = ctx;
  return (
    <section class="panel" aria-labelledby="board-link-heading">
      <h2 id="board-link-heading">{t('board.link.heading')}</h2>
      <p>{t('board.link.explain', { date: formatDate(locale, expiresAt.toISOString().slice(0, 10)) })}</p>
      <label for="board-link">{t('board.link.label')}</label>
      <input id="board-link" type="text" readOnly value={url} size={80} spellcheck={false} autoComplete="off" dir="ltr" />
    </section>
  );
}
