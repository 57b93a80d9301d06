import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { pickLocalized } from '../../i18n/i18n.ts';
import { requireNetwork } from '../site/site.service.ts';
import { BoardBriefingPage } from './board-briefing.views.tsx';
import { findBoardRecipient } from './board-recipient.repository.ts';
import { getBriefing } from './briefing.service.ts';
import { boardBriefingPath, briefingLinkExpiry, signBriefingLink, verifyBriefingLink } from './briefing-link.ts';
import { briefingPdfOf } from './briefing-schedule.jobs.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Headers of every answer to a Board link, refusals included: not indexed, not cached, the token never sent on as a referrer. */
function privatePage(reply: FastifyReply): void {
  reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer').header('cache-control', 'private, no-store');
}

/**
 * GET /board/briefings/:id?token= — no account: the signed link is the authority. A wrong or tampered token is
 * 403 (`briefing_link_invalid`), an expired one 410 (`briefing_link_expired`), both a translated page. A link made
 * for a Board recipient stops working when they are removed from the list; a draft is never shown.
 */
export function boardBriefingPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { network, view, token } = await linkedBriefing(deps, request, reply);
    const pdfPath = `/${request.locale}/board/briefings/${view.row.id}/pdf?token=${token}`;
    return reply.page(
      <BoardBriefingPage ctx={pageContext(request, reply)} view={view} networkName={pickLocalized(network.name, request.locale)} pdfPath={pdfPath} />,
    );
  };
}

/** The published briefing a request's Board link opens (the checks above), with the private page's headers set. */
async function linkedBriefing(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  privatePage(reply);
  const { id } = parseBody(idParams, request.params);
  const token = (request.query as Record<string, unknown>).token;
  const recipientId = verifyBriefingLink(deps.secretKey, id, token, deps.clock.now());
  const network = await requireNetwork(deps);
  if (recipientId > 0 && !(await findBoardRecipient(deps.db, network.id, recipientId))) throw new AppError('briefing_link_invalid');
  const view = await getBriefing(deps, id);
  if (view.row.status !== 'published') throw new AppError('not_found');
  return { network, view, token: token as string };
}

/** GET /board/briefings/:id/pdf?token= — the same briefing's PDF in the page's language (printed once, then kept). */
export function boardBriefingPdf(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { view } = await linkedBriefing(deps, request, reply);
    const pdf = await briefingPdfOf(deps, view, request.locale);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="briefing-${view.row.id}-${request.locale}.pdf"`).send(pdf);
  };
}

/** The link staff copy from a published briefing's page (made for nobody in particular), or null for a draft. */
export function staffBoardLink(deps: AppDeps, view: { row: { id: number; status: string } }, locale: string): { url: string; expiresAt: Date } | null {
  if (view.row.status !== 'published') return null;
  const expiresAt = briefingLinkExpiry(deps.clock.now(), deps.config.briefingLinkDays);
  const token = signBriefingLink(deps.secretKey, view.row.id, 0, expiresAt);
  return { url: `${deps.config.publicUrl}${boardBriefingPath(locale, view.row.id, token)}`, expiresAt };
}
