import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { isLocale, pickLocalized } from '../../i18n/i18n.ts';
import { formatDate } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import { languageName } from '../resources/resources-admin.views.tsx';
import { ShareMetadata } from '../resources/share-metadata.tsx';
import { renderPublishedMarkdown } from './safe-markdown.ts';
import { requireNetwork } from './site.service.ts';
import { type PublicUpdate, publicUpdate, publicUpdates } from './update.service.ts';

const pageSize = 20;
const slugParams = z.object({ slug: z.string().min(1).max(400) });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined) });

/** The public address of an update in one locale. */
export function publicUpdatePath(locale: string, slug: string): string {
  return `/${locale}/updates/${encodeURIComponent(slug)}`;
}

const dirOf = (locale: string) => (locale === 'ar' ? 'rtl' : 'ltr');

async function siteName(deps: AppDeps, request: FastifyRequest): Promise<string> {
  const network = await requireNetwork(deps);
  return pickLocalized(network.name, request.locale, isLocale(network.default_locale) ? network.default_locale : undefined);
}

/** A list of updates: title, date and summary, each in the reader's language or said to be in another. */
export function UpdateList({ ctx, items }: { ctx: PageContext; items: PublicUpdate[] }) {
  const { t, locale } = ctx;
  return (
    <ul class="resource-list">
      {items.map(({ view, shown, fallback }) => (
        <li key={view.row.id} class="resource-card">
          <p class="resource-card__meta muted">
            {view.row.publish_at && <time dateTime={view.row.publish_at}>{formatDate(locale, view.row.publish_at.slice(0, 10))}</time>}
            {fallback && <span> · {t('resources.public.inLanguage', { language: languageName(locale, shown.locale) })}</span>}
          </p>
          <h3 class="resource-card__title" lang={shown.locale} dir={dirOf(shown.locale)}>
            <a href={publicUpdatePath(locale, shown.slug)}>{shown.title}</a>
          </h3>
          {shown.summary && (
            <p class="resource-card__summary" lang={shown.locale} dir={dirOf(shown.locale)}>
              {shown.summary}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/** GET /{locale}/updates */
export function updatesPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const page = parseBody(pageQuery, request.query).page ?? 1;
    const list = await publicUpdates(deps, request.locale, { limit: pageSize, offset: (page - 1) * pageSize });
    const ctx = pageContext(request, reply);
    const { t } = ctx;
    return reply.page(
      <Layout ctx={ctx} title={t('updates.public.title')} siteName={await siteName(deps, request)}>
        <h1>{t('updates.public.title')}</h1>
        <p>
          <a href={ctx.href('/updates/feed.atom')} type="application/atom+xml">
            {t('updates.public.feed')}
          </a>
        </p>
        {list.items.length === 0 ? <p>{t('updates.public.none')}</p> : <UpdateList ctx={ctx} items={list.items} />}
        <p class="pager">
          {page > 1 && <a href={ctx.href(`/updates?page=${page - 1}`)}>{t('resources.newer')}</a>}
          {list.more && <a href={ctx.href(`/updates?page=${page + 1}`)}>{t('common.older')}</a>}
        </p>
      </Layout>,
    );
  };
}

/** GET /{locale}/updates/:slug — one update; a slug or id that is not this locale's own moves to it. */
export function updatePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = parseBody(slugParams, request.params);
    const update = await publicUpdate(deps, request.locale, slug);
    if (update.canonicalSlug) return reply.redirect(publicUpdatePath(request.locale, update.canonicalSlug), 301);
    const ctx = pageContext(request, reply);
    const { t, locale } = ctx;
    const { view, shown, fallback } = update;
    const alternates = Object.values(view.versions).map((v) => ({ locale: v?.locale ?? '', href: publicUpdatePath(v?.locale ?? '', v?.slug ?? '') }));
    const html = shown.body ? renderPublishedMarkdown(shown.body) : '';
    const name = await siteName(deps, request);
    return reply.page(
      <Layout
        ctx={ctx}
        title={shown.title}
        siteName={name}
        alternates={alternates}
        head={
          <ShareMetadata
            url={`${deps.config.publicUrl}${publicUpdatePath(shown.locale, shown.slug)}`}
            title={shown.title}
            description={shown.summary}
            locale={shown.locale}
            siteName={name}
            published={view.row.publish_at}
            modified={view.row.updated_at}
          />
        }
      >
        <p class="breadcrumb">
          <a href={ctx.href('/updates')}>{t('updates.public.title')}</a>
        </p>
        <article class="resource" aria-labelledby="update-title">
          {fallback && (
            <p class="notice fallback-note" role="note">
              {t('updates.public.fallback', { language: languageName(locale, locale), shown: languageName(locale, shown.locale) })}
            </p>
          )}
          <div lang={shown.locale} dir={dirOf(shown.locale)}>
            <h1 id="update-title">{shown.title}</h1>
            {shown.summary && <p class="lead">{shown.summary}</p>}
          </div>
          {view.row.publish_at && (
            <p class="muted">
              <time dateTime={view.row.publish_at}>{formatDate(locale, view.row.publish_at.slice(0, 10))}</time>
            </p>
          )}
          {/* Rendered by renderPublishedMarkdown: raw HTML escaped, then sanitize-html's allowlist. */}
          {html && <div class="prose" lang={shown.locale} dir={dirOf(shown.locale)} dangerouslySetInnerHTML={{ __html: html }} />}
        </article>
      </Layout>,
    );
  };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** GET /{locale}/updates/feed.atom — the public updates as an Atom feed (RFC 4287) in one language. */
export function updatesFeed(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await requireNetwork(deps);
    const locale = request.locale;
    const { items } = await publicUpdates(deps, locale, { limit: 50, offset: 0 });
    const base = `${deps.config.publicUrl}/${locale}/updates`;
    // ISO times sort as text: the latest change of any entry, or the network's creation for an empty feed.
    const updated =
      items
        .map((i) => i.view.row.updated_at)
        .sort()
        .at(-1) ?? network.created_at;
    const entries = items.map(({ view, shown }) => {
      const href = `${deps.config.publicUrl}${publicUpdatePath(locale, shown.slug)}`;
      const content = renderPublishedMarkdown(shown.body);
      return `<entry><id>${xml(`${base}/${view.row.id}`)}</id><title xml:lang="${shown.locale}">${xml(shown.title)}</title><published>${xml(view.row.publish_at ?? view.row.created_at)}</published><updated>${xml(view.row.updated_at)}</updated><link rel="alternate" type="text/html" href="${xml(href)}"/>${shown.summary ? `<summary xml:lang="${shown.locale}">${xml(shown.summary)}</summary>` : ''}<content type="html" xml:lang="${shown.locale}">${xml(content)}</content></entry>`;
    });
    const title = request.t('updates.public.feedTitle', { network: pickLocalized(network.name, locale) });
    const feed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}"><id>${xml(`${base}/feed.atom`)}</id><title>${xml(title)}</title><updated>${xml(updated)}</updated><author><name>${xml(pickLocalized(network.name, locale))}</name></author><link rel="self" href="${xml(`${base}/feed.atom`)}"/><link rel="alternate" type="text/html" href="${xml(base)}"/>${entries.join('')}</feed>\n`;
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  };
}
