import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { isLocale, pickLocalized } from '../../i18n/i18n.ts';
import { renderPublishedMarkdown } from '../site/safe-markdown.ts';
import { milestonesOfResource, requireNetwork } from '../site/site.service.ts';
import * as service from './resource.service.ts';
import { resourceKinds } from './resource.table.ts';
import { sendResourceFile } from './resource-file-response.ts';
import { publicResourcePath } from './resources-admin.views.tsx';
import { LibraryPage, ResourcePage } from './resources-public.views.tsx';

const pageSize = 30;
const libraryQuery = z.object({
  kind: z.enum(resourceKinds).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});
const slugParams = z.object({ slug: z.string().min(1).max(400) });

async function siteName(deps: AppDeps, request: FastifyRequest): Promise<string> {
  const network = await requireNetwork(deps);
  return pickLocalized(network.name, request.locale, isLocale(network.default_locale) ? network.default_locale : undefined);
}

/** GET /{locale}/resources — the public library. */
export function libraryPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseBody(libraryQuery, request.query);
    const page = query.page ?? 1;
    const list = await service.publishedResources(deps, request.locale, { kind: query.kind }, { limit: pageSize, offset: (page - 1) * pageSize });
    const name = await siteName(deps, request);
    return reply.page(<LibraryPage ctx={pageContext(request, reply)} siteName={name} items={list.items} kind={query.kind} page={page} more={list.more} />);
  };
}

/** GET /{locale}/resources/:slug — a published resource; a slug or id that is not this locale's own moves to it. */
export function resourcePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = parseBody(slugParams, request.params);
    const resource = await service.publishedResource(deps, request.locale, slug);
    if (resource.canonicalSlug) return reply.redirect(publicResourcePath(request.locale, resource.canonicalSlug), 301);
    const bodyHtml = resource.shown.body ? renderPublishedMarkdown(resource.shown.body) : '';
    const milestones = await milestonesOfResource(deps, resource.view.row.id, request.locale);
    const ctx = pageContext(request, reply);
    const page = (
      <ResourcePage
        ctx={ctx}
        siteName={await siteName(deps, request)}
        resource={resource}
        bodyHtml={bodyHtml}
        milestones={milestones}
        baseUrl={deps.config.publicUrl}
      />
    );
    return reply.page(page);
  };
}

/** GET /{locale}/resources/:slug/file — a published resource's file, with a type from its bytes and nosniff. */
export function resourceFileDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { slug } = parseBody(slugParams, request.params);
    return sendResourceFile(reply, await service.publishedResourceFile(deps, request.locale, slug), 'public, max-age=300');
  };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** GET /{locale}/resources/feed.atom — the newest published resources as an Atom feed (RFC 4287) in one language. */
export function resourcesFeed(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await requireNetwork(deps);
    const locale = request.locale;
    const { items } = await service.publishedResources(deps, locale, {}, { limit: 50, offset: 0 });
    const base = `${deps.config.publicUrl}/${locale}/resources`;
    const name = pickLocalized(network.name, locale);
    // ISO times sort as text: the latest change of any entry, or the network's creation for an empty feed.
    const updated =
      items
        .map((i) => i.view.row.updated_at)
        .sort()
        .at(-1) ?? network.created_at;
    const entries = items.map(({ view, shown }) => {
      const href = `${deps.config.publicUrl}${publicResourcePath(locale, shown.slug)}`;
      const summary = shown.summary ? `<summary xml:lang="${shown.locale}">${xml(shown.summary)}</summary>` : '';
      const content = shown.body ? `<content type="html" xml:lang="${shown.locale}">${xml(renderPublishedMarkdown(shown.body))}</content>` : '';
      const category = `<category term="${view.row.kind}" label="${xml(request.t(`resourceKind.${view.row.kind}`))}"/>`;
      return `<entry><id>${xml(`${base}/${view.row.id}`)}</id><title xml:lang="${shown.locale}">${xml(shown.title)}</title><published>${xml(view.row.published_at ?? view.row.created_at)}</published><updated>${xml(view.row.updated_at)}</updated><link rel="alternate" type="text/html" href="${xml(href)}"/>${category}${summary}${content}</entry>`;
    });
    const title = request.t('resources.public.feedTitle', { network: name });
    const feed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}"><id>${xml(`${base}/feed.atom`)}</id><title>${xml(title)}</title><updated>${xml(updated)}</updated><author><name>${xml(name)}</name></author><link rel="self" href="${xml(`${base}/feed.atom`)}"/><link rel="alternate" type="text/html" href="${xml(base)}"/>${entries.join('')}</feed>\n`;
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  };
}
