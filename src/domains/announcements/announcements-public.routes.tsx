import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { formatDate } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './announcement.repository.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import { renderMarkdown, variantFor } from './announcement-composer.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const archiveSize = 100;

/** An announcement as the public reads it in `locale`: the `{{name}}` merge tag becomes a neutral word. */
function publicVersion(a: AnnouncementRow, locale: Locale) {
  const v = variantFor(a, locale);
  const reader = translator(v.locale)('archive.reader');
  return { locale: v.locale, subject: v.subject, html: renderMarkdown(v.markdown.replaceAll('{{name}}', reader)), date: a.finished_at ?? a.updated_at };
}

function ArchivePage({ ctx, siteName, rows }: { ctx: PageContext; siteName: string; rows: AnnouncementRow[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('archive.title')} siteName={siteName}>
      <h1>{t('archive.title')}</h1>
      <p>
        <a href={ctx.href('/announcements/feed.atom')} type="application/atom+xml">
          {t('archive.feed')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{t('archive.empty')}</p>
      ) : (
        <ol class="archive">
          {rows.map((a) => {
            const v = publicVersion(a, locale);
            return (
              <li key={a.id}>
                <a href={ctx.href(`/announcements/${a.id}`)} lang={v.locale}>
                  {v.subject}
                </a>{' '}
                <time class="muted" dateTime={v.date}>
                  {formatDate(locale, v.date)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </Layout>
  );
}

/** GET /{locale}/announcements — past announcements in the reader's language where a variant exists. */
export function archivePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await requireNetwork(deps);
    const rows = await repo.listSentAnnouncements(deps.db, network.id, archiveSize);
    return reply.page(<ArchivePage ctx={pageContext(request, reply)} siteName={pickLocalized(network.name, request.locale)} rows={rows} />);
  };
}

/** GET /{locale}/announcements/:id — one sent announcement. */
export function archiveEntryPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const a = await repo.findAnnouncement(deps.db, id);
    // Not in the archive is not found: whether a message to a segment exists is not public either.
    if (a?.status !== 'sent' || !a.in_archive) throw new AppError('not_found');
    const network = await requireNetwork(deps);
    const v = publicVersion(a, request.locale);
    const ctx = pageContext(request, reply);
    return reply.page(
      <Layout ctx={ctx} title={v.subject} siteName={pickLocalized(network.name, request.locale)}>
        <article lang={v.locale} class="announcement">
          <h1>{v.subject}</h1>
          <p class="muted">
            <time dateTime={v.date}>{formatDate(request.locale, v.date)}</time>
          </p>
          {/* Markdown rendered with raw HTML disabled. */}
          <div dangerouslySetInnerHTML={{ __html: v.html }} />
        </article>
        <p>
          <a href={ctx.href('/announcements')}>{ctx.t('archive.back')}</a>
        </p>
      </Layout>,
    );
  };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** GET /{locale}/announcements/feed.atom — an Atom feed (RFC 4287) of the archive in one language. */
export function atomFeed(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await requireNetwork(deps);
    const rows = await repo.listSentAnnouncements(deps.db, network.id, 50);
    const locale = request.locale;
    const base = `${deps.config.publicUrl}/${locale}/announcements`;
    const t = request.t;
    const updated = rows[0]?.finished_at ?? network.created_at;
    const entries = rows.map((a) => {
      const v = publicVersion(a, locale);
      return `<entry><id>${xml(`${base}/${a.id}`)}</id><title>${xml(v.subject)}</title><updated>${xml(v.date)}</updated><link rel="alternate" type="text/html" href="${xml(`${base}/${a.id}`)}"/><content type="html" xml:lang="${v.locale}">${xml(v.html)}</content></entry>`;
    });
    const feed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}"><id>${xml(`${base}/feed.atom`)}</id><title>${xml(t('archive.feedTitle', { network: pickLocalized(network.name, locale) }))}</title><updated>${xml(updated)}</updated><link rel="self" href="${xml(`${base}/feed.atom`)}"/><link rel="alternate" type="text/html" href="${xml(base)}"/>${entries.join('')}</feed>\n`;
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  };
}
