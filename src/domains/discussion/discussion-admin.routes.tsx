import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { requireNetwork } from '../site/site.service.ts';
import { discussionOverview, threadWithPosts } from './discussion.service.ts';
import { type DiscussionOverview, DiscussionOverviewPage, ModerationQueuePage, ThreadPage } from './discussion-admin.views.tsx';
import { maxHoldDays, maxSubjectPrefixLength, updateDiscussionSettings } from './discussion-settings.ts';
import { maxReasonLength, moderatePost, moderationActions, moderationQueue } from './moderation.service.ts';

const pageSize = 25;
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const queueQuery = z.object({
  after: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  done: z.enum(moderationActions).optional().catch(undefined),
  told: z.enum(['yes', 'no']).optional().catch(undefined),
});

async function overview(deps: AppDeps, extra: Partial<DiscussionOverview> = {}): Promise<DiscussionOverview> {
  return { ...(await discussionOverview(deps)), ...extra };
}

/** GET /admin/discussion */
export function overviewPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const saved = (request.query as Record<string, unknown>).saved === '1';
    const page = await overview(deps, saved ? { notice: request.t('discussion.settings.saved') } : {});
    return reply.page(<DiscussionOverviewPage ctx={pageContext(request, reply)} page={page} />);
  };
}

function settingsError(t: Translator, field: string): string {
  if (field === 'holdDays') return t('discussion.invalid.holdDays', { max: maxHoldDays });
  if (field === 'nonMembers') return t('discussion.invalid.nonMembers');
  if (field === 'defaultDelivery') return t('discussion.invalid.defaultDelivery');
  if (field === 'subjectPrefix') return t('discussion.invalid.subjectPrefix', { max: maxSubjectPrefixLength });
  if (field === 'rewriteFrom') return t('discussion.invalid.rewriteFrom');
  if (field === 'archiveVisibility') return t('discussion.invalid.archiveVisibility');
  return t('discussion.invalid.policy');
}

/** POST /admin/discussion/settings — the posting policy, what becomes of non-members' posts, how long posts are held. */
export function settingsSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const network = await requireNetwork(deps);
    try {
      await updateDiscussionSettings(deps, actorOf(request), network.id, body);
      return reply.redirect(`/${request.locale}/admin/discussion?saved=1`, 303);
    } catch (error) {
      if (!isAppError(error, 'invalid_input')) throw error;
      const field = String(error.details.field);
      const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      const page = await overview(deps, { form: { values, errors: { [field]: settingsError(request.t, field) } } });
      return reply.page(<DiscussionOverviewPage ctx={pageContext(request, reply)} page={page} />, 400);
    }
  };
}

/** GET /admin/discussion/moderation — the held posts, oldest first. */
export function moderationPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseBody(queueQuery, request.query);
    const posts = await moderationQueue(deps, { limit: pageSize + 1, afterId: query.after });
    const shown = posts.slice(0, pageSize);
    const next = posts.length > pageSize ? (shown.at(-1)?.id ?? null) : null;
    const notice = query.done ? request.t(`discussion.moderation.done.${query.done}`) : undefined;
    const told = query.done === 'reject' && query.told === 'no' ? ` ${request.t('discussion.moderation.authorNotTold')}` : '';
    return reply.page(<ModerationQueuePage ctx={pageContext(request, reply)} posts={shown} next={next} notice={notice ? notice + told : undefined} />);
  };
}

const decisionBody = z.object({
  action: z.enum(moderationActions),
  reason: z
    .string()
    .max(maxReasonLength * 2)
    .optional(),
});

/** POST /admin/discussion/moderation/:id — approve, approve and trust, reject with a reason, or discard. */
export function moderationSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const parsed = decisionBody.safeParse(request.body ?? {});
    let field = parsed.success ? null : String(parsed.error.issues[0]?.path[0] ?? 'action');
    if (parsed.success) {
      const { action, reason } = parsed.data;
      try {
        const done = await moderatePost(deps, actorOf(request), id, action, reason ?? '');
        const told = action === 'reject' ? `&told=${done.authorTold ? 'yes' : 'no'}` : '';
        return reply.redirect(`/${request.locale}/admin/discussion/moderation?done=${action}${told}`, 303);
      } catch (error) {
        if (!isAppError(error, 'invalid_input')) throw error;
        field = String(error.details.field);
      }
    }
    // The queue again, with the post's mistake next to its form; nothing was decided.
    const message = field === 'reason' ? request.t('discussion.invalid.reason', { max: maxReasonLength }) : request.t('discussion.invalid.action');
    const posts = await moderationQueue(deps, { limit: pageSize });
    return reply.page(<ModerationQueuePage ctx={pageContext(request, reply)} posts={posts} next={null} errorFor={{ postId: id, message }} />, 400);
  };
}

/** GET /admin/discussion/threads/:id */
export function threadPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { thread, posts } = await threadWithPosts(deps, id);
    const removed = (request.query as Record<string, unknown>).removed === '1';
    return reply.page(
      <ThreadPage ctx={pageContext(request, reply)} thread={thread} posts={posts} notice={removed ? request.t('discussion.archive.removed') : undefined} />,
    );
  };
}
