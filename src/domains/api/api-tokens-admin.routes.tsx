import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import * as tokens from './api-token.service.ts';
import { apiTokenRoles } from './api-token.table.ts';
import { ApiTokensPage, ConfirmRevokeTokenPage } from './api-tokens-admin.views.tsx';

const createForm = z.object({ name: z.string().trim().min(1).max(100), role: z.enum(apiTokenRoles) });
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** GET /admin/api-tokens — the tokens (revoked ones too) and the form to create one. */
export function apiTokensPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    const notice = (request.query as Record<string, unknown>).done === 'revoked' ? ctx.t('apiTokens.revokedNotice') : undefined;
    return reply.page(<ApiTokensPage ctx={ctx} tokens={await tokens.listApiTokens(deps)} notice={notice} />);
  };
}

/**
 * POST /admin/api-tokens — creates a token and shows it on the answer to this POST only: it is not
 * stored, so reloading or going back cannot show it again (and no cache may keep the page).
 */
export function createApiTokenSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(createForm, request.body);
    const created = await tokens.createApiToken(deps, actorOf(request), form);
    const ctx = pageContext(request, reply);
    reply.header('cache-control', 'no-store');
    return reply.page(<ApiTokensPage ctx={ctx} tokens={await tokens.listApiTokens(deps)} created={created} />, 201);
  };
}

// Only the button of the confirmation step sends `confirm=yes`; the list's Revoke button asks first.
const revokeForm = z.object({ confirm: z.literal('yes').optional().catch(undefined) });

/** POST /admin/api-tokens/:id/revoke — asks first (the token, what stops working), then revokes on `confirm=yes`. */
export function revokeApiTokenSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { confirm } = parseBody(revokeForm, request.body ?? {});
    if (confirm !== 'yes') {
      const token = await tokens.getApiToken(deps, id);
      return reply.page(<ConfirmRevokeTokenPage ctx={pageContext(request, reply)} token={token} />);
    }
    await tokens.revokeApiToken(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/api-tokens?done=revoked`, 303);
  };
}
