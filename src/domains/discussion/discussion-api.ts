import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { PostListing } from './discussion.repository.ts';
import { threadPage, threadWithPosts } from './discussion.service.ts';
import type { DiscussionThreadRow } from './discussion.table.ts';
import type { AuthSummary } from './mail-authentication.ts';
import { type ModerationAction, maxReasonLength, moderatePost, moderationQueue } from './moderation.service.ts';

// Postgres `integer` ids: a larger number is no id at all.
const maxId = 2_147_483_647;
const idParams = z.object({ id: z.coerce.number().int().positive().max(maxId) });
/** The thread cursor as clients see it: `<ISO time of its latest post>_<id>` of the last thread of the page. */
const threadCursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[1-9][0-9]{0,9}$/)
  .transform((s) => ({ lastPostAt: s.slice(0, 24), id: Number(s.slice(25)) }))
  .refine((c) => c.id <= maxId);
const threadQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), before: threadCursor.optional() });
const queueQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), after: z.coerce.number().int().positive().max(maxId).optional() });
const approveBody = z.strictObject({ trust: z.boolean().optional() });
const rejectBody = z.strictObject({ reason: z.string().max(maxReasonLength * 2) });

function tokenActor(request: FastifyRequest): Actor {
  return { staffId: null, label: `api:${request.apiToken?.name ?? 'unknown'}`, ip: request.ip };
}

/** Addresses are for editor tokens only, as members' are: a viewer token reads who wrote by name. */
function canReadAddresses(request: FastifyRequest): boolean {
  return request.apiToken?.grantedRole === 'editor';
}

function threadResource(t: DiscussionThreadRow) {
  return { id: t.id, subject: t.subject, postCount: t.post_count, startedAt: t.started_at, lastPostAt: t.last_post_at };
}

function postResource(p: PostListing, withAddress: boolean) {
  return {
    id: p.id,
    messageId: p.message_id,
    inReplyTo: p.in_reply_to,
    from: { name: p.from_name, address: withAddress ? p.from_address : null },
    subject: p.subject,
    sentAt: p.sent_at,
    text: p.body_text,
  };
}

function heldResource(p: PostListing) {
  const auth = JSON.parse(p.auth) as AuthSummary;
  return {
    ...postResource(p, true),
    memberId: p.member_id,
    heldFor: p.hold_reason,
    receivedAt: p.received_at,
    expiresAt: p.expires_at,
    authentication: { dkim: auth.dkim, spf: auth.spf, dmarc: auth.dmarc, dmarcPolicy: auth.dmarcPolicy },
  };
}

function decide(deps: AppDeps, action: 'approve' | 'reject' | 'discard') {
  return async (request: FastifyRequest) => {
    const { id } = parseBody(idParams, request.params);
    let chosen: ModerationAction = action;
    let reason = '';
    if (action === 'approve') chosen = parseBody(approveBody, request.body ?? {}).trust ? 'approve_trust' : 'approve';
    if (action === 'reject') reason = parseBody(rejectBody, request.body).reason;
    const done = await moderatePost(deps, tokenActor(request), id, chosen, reason);
    return { id, status: done.status, authorTold: done.authorTold };
  };
}

/** The discussion list's operations of the API, with the token role each needs (the API's route table includes them). */
export function discussionApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/threads',
      role: 'viewer',
      handler: async (request) => {
        const query = parseBody(threadQuery, request.query);
        const page = await threadPage(deps, { limit: query.limit, before: query.before });
        return { data: page.threads.map(threadResource), next: page.next ? `${page.next.lastPostAt}_${page.next.id}` : null };
      },
    },
    {
      method: 'GET',
      path: '/threads/:id',
      role: 'viewer',
      handler: async (request) => {
        const { id } = parseBody(idParams, request.params);
        const { thread, posts } = await threadWithPosts(deps, id);
        const withAddress = canReadAddresses(request);
        return { ...threadResource(thread), posts: posts.map((p) => postResource(p, withAddress)) };
      },
    },
    {
      method: 'GET',
      path: '/moderation',
      role: 'editor',
      handler: async (request) => {
        const query = parseBody(queueQuery, request.query);
        const posts = await moderationQueue(deps, { limit: query.limit + 1, afterId: query.after });
        const shown = posts.slice(0, query.limit);
        return { data: shown.map(heldResource), next: posts.length > query.limit ? String(shown.at(-1)?.id) : null };
      },
    },
    { method: 'POST', path: '/moderation/:id/approve', role: 'editor', handler: decide(deps, 'approve') },
    { method: 'POST', path: '/moderation/:id/reject', role: 'editor', handler: decide(deps, 'reject') },
    { method: 'POST', path: '/moderation/:id/discard', role: 'editor', handler: decide(deps, 'discard') },
  ];
}
