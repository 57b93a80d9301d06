import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { isLocale, type Locale, pickLocalized } from '../../i18n/i18n.ts';
import { contentDisposition } from '../resources/resource-file-response.ts';
import { currentNetwork } from '../site/site.service.ts';
import type { NetworkRow } from '../site/site.table.ts';
import { type ArchiveReader, archivePassCookie, archivePassDays } from './archive-access.ts';
import { obfuscateAddress } from './archive-text.ts';
import {
  archiveAttachment,
  archiveFeed,
  archiveIndex,
  archiveMbox,
  archiveMonth,
  archivePassForLink,
  archiveReaderOf,
  archiveSearch,
  archiveThread,
  removePostFromArchive,
} from './discussion-archive.service.ts';
import { ArchiveIndexPage, ArchiveMembersOnlyPage, ArchiveMonthPage, ArchiveSearchPage, ArchiveThreadPage, excerptOf } from './discussion-archive.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const monthParams = z.object({ year: z.string().regex(/^\d{4}$/), month: z.string().regex(/^\d{2}$/) });
const mboxParams = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) });
const attachmentParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647), index: z.coerce.number().int().min(0).max(999) });
const indexQuery = z.object({ member: z.string().max(300).optional().catch(undefined) });
const searchQuery = z.object({ q: z.string().max(200).optional().catch(undefined) });

function siteName(network: Pick<NetworkRow, 'name' | 'default_locale'>, locale: Locale): string {
  return pickLocalized(network.name, locale, isLocale(network.default_locale) ? network.default_locale : undefined);
}

function readerOf(deps: AppDeps, request: FastifyRequest): Promise<ArchiveReader> {
  return archiveReaderOf(deps, { sessionToken: request.sessionToken, pass: request.cookies[archivePassCookie] });
}

/** Runs an archive page; a members-only archive read by a visitor without a pass answers 403 with how members get in. */
function archivePage(deps: AppDeps, render: (request: FastifyRequest, reply: FastifyReply, reader: ArchiveReader) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    // The archive is read per reader (members only, private): shared caches keep none of it.
    reply.header('cache-control', 'private, no-cache');
    try {
      return await render(request, reply, await readerOf(deps, request));
    } catch (error) {
      if (!isAppError(error, 'forbidden')) throw error;
      const network = await currentNetwork(deps, request.locale);
      return reply.page(<ArchiveMembersOnlyPage ctx={pageContext(request, reply)} siteName={network?.name ?? 'Plenary'} days={archivePassDays} />, 403);
    }
  };
}

/**
 * GET /{locale}/archive — months and the latest threads. `?member=<manage link>` (the member's signed link) gives a
 * subscribed member their archive pass in a cookie and sends them to the plain address, so the link is not kept
 * in the history or sent on as a referrer.
 */
export function archiveIndexPage(deps: AppDeps) {
  const page = archivePage(deps, async (request, reply, reader) => {
    const { network, visibility, months, latest } = await archiveIndex(deps, reader);
    return reply.page(
      <ArchiveIndexPage
        ctx={pageContext(request, reply)}
        siteName={siteName(network, request.locale)}
        visibility={visibility}
        months={months}
        latest={latest}
      />,
    );
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { member } = parseBody(indexQuery, request.query);
    if (member === undefined) return page(request, reply);
    reply.header('referrer-policy', 'no-referrer');
    const pass = await archivePassForLink(deps, member);
    reply.setCookie(archivePassCookie, pass.pass, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      maxAge: pass.maxAgeSeconds,
    });
    return reply.redirect(`/${request.locale}/archive`, 303);
  };
}

/** GET /{locale}/archive/{yyyy}/{mm} */
export function archiveMonthPage(deps: AppDeps) {
  return archivePage(deps, async (request, reply, reader) => {
    const { year, month } = parseBody(monthParams, request.params);
    const found = await archiveMonth(deps, reader, Number(year), Number(month));
    return reply.page(
      <ArchiveMonthPage
        ctx={pageContext(request, reply)}
        siteName={siteName(found.network, request.locale)}
        month={`${year}-${month}`}
        threads={found.threads}
        mbox={found.mbox}
      />,
    );
  });
}

/** GET /{locale}/archive/threads/{id} */
export function archiveThreadPage(deps: AppDeps) {
  return archivePage(deps, async (request, reply, reader) => {
    const { id } = parseBody(idParams, request.params);
    const found = await archiveThread(deps, reader, id);
    return reply.page(
      <ArchiveThreadPage ctx={pageContext(request, reply)} siteName={siteName(found.network, request.locale)} thread={found.thread} posts={found.posts} />,
    );
  });
}

/** GET /{locale}/archive/search?q= */
export function archiveSearchPage(deps: AppDeps) {
  return archivePage(deps, async (request, reply, reader) => {
    const q = parseBody(searchQuery, request.query).q?.trim() ?? '';
    const found = await archiveSearch(deps, reader, q);
    return reply.page(<ArchiveSearchPage ctx={pageContext(request, reply)} siteName={siteName(found.network, request.locale)} q={q} posts={found.posts} />);
  });
}

/** GET /{locale}/archive/posts/{id}/attachments/{index} — always a download, never rendered by the browser. */
export function archiveAttachmentDownload(deps: AppDeps) {
  return archivePage(deps, async (request, reply, reader) => {
    const { id, index } = parseBody(attachmentParams, request.params);
    const file = await archiveAttachment(deps, reader, id, index);
    return reply
      .type(file.type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('content-disposition', contentDisposition('attachment', file.name))
      .send(file.bytes);
  });
}

/** GET /archive/{yyyy}-{mm}.mbox — the month's posts as received, mboxrd (RFC 4155); members and staff only. */
export function archiveMboxDownload(deps: AppDeps) {
  return archivePage(deps, async (request, reply, reader) => {
    const { month } = parseBody(mboxParams, request.params);
    const [year, m] = month.split('-').map(Number) as [number, number];
    const mbox = await archiveMbox(deps, reader, year, m);
    return reply
      .type('application/mbox')
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', contentDisposition('attachment', mbox.name))
      .send(Readable.from(mbox.chunks));
  });
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
}

/** GET /{locale}/archive/feed.atom — the newest posts of a public archive (RFC 4287); 404 for the others. */
export function archiveFeedDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { network, posts } = await archiveFeed(deps);
    const locale = request.locale;
    const base = `${deps.config.publicUrl}/${locale}/archive`;
    const updated = posts[0]?.sent_at ?? network.created_at;
    const entries = posts.map((p) => {
      const url = `${base}/threads/${p.thread_id}#post-${p.id}`;
      const author = p.from_name || obfuscateAddress(p.from_address);
      return `<entry><id>${xml(url)}</id><title>${xml(p.subject || request.t('discussion.noSubject'))}</title><updated>${xml(p.sent_at)}</updated><author><name>${xml(author)}</name></author><link rel="alternate" type="text/html" href="${xml(url)}"/><summary>${xml(excerptOf(p.body_text, 600))}</summary></entry>`;
    });
    const title = request.t('discussionArchive.feedTitle', { network: siteName(network, locale) });
    const feed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}"><id>${xml(`${base}/feed.atom`)}</id><title>${xml(title)}</title><updated>${xml(updated)}</updated><link rel="self" href="${xml(`${base}/feed.atom`)}"/><link rel="alternate" type="text/html" href="${xml(base)}"/>${entries.join('')}</feed>\n`;
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  };
}

/** POST /admin/discussion/posts/:id/archive-remove — staff take a post out of the web archive (audited). */
export function removeFromArchiveSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { threadId } = await removePostFromArchive(deps, actorOf(request), id);
    const back = threadId !== null ? `/admin/discussion/threads/${threadId}` : '/admin/discussion';
    return reply.redirect(`/${request.locale}${back}?removed=1`, 303);
  };
}
