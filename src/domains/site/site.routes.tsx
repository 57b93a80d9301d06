import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { pageContext } from '../../http/request-context.ts';
import { networkStats } from '../members/member-stats.ts';
import { publishedResourcesByIds } from '../resources/resource.service.ts';
import { findLogoDigest } from './network-settings.repository.ts';
import { networkLogo, privacyNoticeHtml } from './network-settings.service.ts';
import { currentNetwork, requireNetwork, timeline } from './site.service.ts';
import { HomePage, PrivacyPage } from './site.views.tsx';
import { publicUpdates } from './update.service.ts';

/** GET /{locale}/ — the public home page. */
export function homePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await currentNetwork(deps, request.locale);
    if (!network) throw new AppError('not_found');
    const [milestones, logo, stats] = await Promise.all([
      timeline(deps, network.id, request.locale),
      findLogoDigest(deps.db, network.id),
      network.showsPicture ? networkStats(deps.db, network.id, deps.clock.now()) : null,
    ]);
    const resources = await publishedResourcesByIds(deps, [...new Set(milestones.flatMap((m) => m.resourceIds))], request.locale);
    const pinned = (await publicUpdates(deps, request.locale, { limit: 3, offset: 0, pinned: true })).items;
    const ctx = pageContext(request, reply);
    const page = (
      <HomePage ctx={ctx} network={network} milestones={milestones} resources={resources} pinned={pinned} logo={logo?.sha256 ?? null} stats={stats} />
    );
    return reply.page(page);
  };
}

/** GET /privacy — the privacy notice from the settings, in the reader's language or the network's default. */
export function privacyPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await currentNetwork(deps, request.locale);
    if (!network) throw new AppError('not_found');
    const noticeHtml = privacyNoticeHtml(await requireNetwork(deps), request.locale);
    return reply.page(<PrivacyPage ctx={pageContext(request, reply)} network={network} noticeHtml={noticeHtml} />);
  };
}

/**
 * GET /network-logo — the logo from the database (any instance serves it). Only types read from its
 * bytes are stored; nosniff and a CSP that allows nothing keep even a disguised file from running.
 */
export function logoImage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const logo = await networkLogo(deps);
    const versioned = (request.query as Record<string, unknown>).v === logo.sha256.slice(0, 16);
    return reply
      .type(logo.type)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', 'inline; filename="logo"')
      .header('etag', `"${logo.sha256}"`)
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .send(logo.bytes);
  };
}

const faviconBytes = fs.readFileSync(new URL('../../../public/favicon.ico', import.meta.url));

/** GET /favicon.ico — where browsers look first, whatever the page links. */
export function favicon() {
  return async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(faviconBytes);
}
