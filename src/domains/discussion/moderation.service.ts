import { AppError } from '../../errors/app-error.ts';
import { cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { findMember } from '../members/member.repository.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './discussion.repository.ts';
import type { DiscussionPostRow, PostStatus } from './discussion.table.ts';
import type { DiscussionDeps } from './discussion-deps.ts';
import { distributeJobName } from './discussion-job-names.ts';
import { enqueueReply, type ReplyKind, replyLocale } from './discussion-replies.ts';
import { type AuthSummary, fromIsAuthenticated } from './mail-authentication.ts';
import { publishPost } from './post-publishing.ts';

/** Who decides when nobody does: an expiry. */
export const mailSystemActor: Actor = { staffId: null, label: 'mail system' };
export const maxReasonLength = 2000;
const expiryPage = 200;

/** What a moderator may do with a held post. */
export const moderationActions = ['approve', 'approve_trust', 'reject', 'discard'] as const;
export type ModerationAction = (typeof moderationActions)[number];

/** The held posts, oldest first (first come, first decided), a page at a time after `afterId`. */
export async function moderationQueue(deps: Pick<DiscussionDeps, 'db'>, page: { limit: number; afterId?: number }): Promise<repo.PostListing[]> {
  const network = await requireNetwork(deps);
  return repo.listPosts(deps.db, network.id, 'held', page);
}

/** A held post, or not_found (it was decided meanwhile, or never existed). */
async function heldPost(deps: Pick<DiscussionDeps, 'db'>, postId: number): Promise<DiscussionPostRow> {
  const post = await repo.findPost(deps.db, postId);
  if (!post) throw new AppError('not_found');
  if (post.status !== 'held') throw new AppError('discussion_post_decided', { status: post.status });
  return post;
}

/**
 * Where the list may write back about a post: the member's own address when the author is a member, else the
 * From address only when DMARC proved it (a reply to a forged From would reach whoever was impersonated).
 */
async function replyTarget(deps: Pick<DiscussionDeps, 'db'>, post: repo.PostListing): Promise<{ to: string; language: string | null } | null> {
  if (post.hold_reason === 'dmarc_fail') return null;
  const member = post.member_id !== null ? await findMember(deps.db, post.member_id) : undefined;
  if (member && member.erased_at === null) return { to: member.email_display, language: member.language };
  if (post.from_key !== null && fromIsAuthenticated(JSON.parse(post.auth) as AuthSummary)) return { to: post.from_address, language: null };
  return null;
}

async function tellAuthor(deps: DiscussionDeps, post: repo.PostListing, kind: ReplyKind, reason?: string): Promise<boolean> {
  const target = await replyTarget(deps, post);
  if (!target) return false;
  const network = await requireNetwork(deps);
  await enqueueReply(deps, network, {
    kind,
    to: target.to,
    locale: replyLocale(network, target.language),
    subject: post.subject,
    messageId: post.message_id,
    reason,
  });
  return true;
}

function decidedAs(action: ModerationAction): PostStatus {
  return action === 'approve' || action === 'approve_trust' ? 'published' : action === 'reject' ? 'rejected' : 'discarded';
}

/**
 * A moderator's decision on a held post: approve (it is published and threaded), approve and let the member
 * post freely from now on, reject with a reason (sent to the author in their language), or discard (nothing
 * is sent). Decides once: a post already decided, by another moderator or its expiry, is
 * `discussion_post_decided`. Audited.
 */
export async function moderatePost(
  deps: DiscussionDeps,
  actor: Actor,
  postId: number,
  action: ModerationAction,
  reasonInput = '',
): Promise<{ status: PostStatus; authorTold: boolean }> {
  const post = await heldPost(deps, postId);
  const reason = cleanMultiline(reasonInput).trim();
  if (action === 'reject' && reason === '') throw new AppError('invalid_input', { field: 'reason' });
  if (reason.length > maxReasonLength) throw new AppError('invalid_input', { field: 'reason' });
  if (action === 'approve_trust' && post.member_id === null) throw new AppError('discussion_trust_non_member');
  const to = decidedAs(action);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const decided = await repo.decidePost(trx, post.id, 'held', to, { at: now, by: actor.label, note: action === 'reject' ? reason : null });
    if (!decided) throw new AppError('discussion_post_decided', { status: 'decided' });
    if (to === 'published') await publishPost(trx, post.id);
    if (action === 'approve_trust' && post.member_id !== null) await repo.setPostsFreely(trx, post.member_id, true, now);
  });
  // After the commit, so the job finds the post published.
  if (to === 'published') await deps.queue.enqueue(distributeJobName, { postId: post.id });
  const authorTold = action === 'reject' ? await tellAuthor(deps, post, 'rejected', reason) : false;
  await recordAudit(deps, actor, `discussion.post_${action}`, `discussion_post:${post.id}`, {
    from: post.from_address,
    subject: post.subject,
    heldFor: post.hold_reason,
    ...(action === 'reject' ? { reason, authorTold } : {}),
    ...(action === 'approve_trust' ? { memberId: post.member_id } : {}),
  });
  return { status: to, authorTold };
}

/** Expires the held posts whose time is up, tells their authors, and audits each; returns how many. */
export async function expireDuePosts(deps: DiscussionDeps): Promise<number> {
  const now = deps.clock.now();
  let expired = 0;
  for (;;) {
    // A page at a time, without the raw messages: held posts may be megabytes each.
    const due = await repo.listDueHeldPosts(deps.db, now, expiryPage);
    for (const post of due) {
      // Decided by someone else meanwhile: not expired, and not read again (it is no longer held).
      if (!(await repo.decidePost(deps.db, post.id, 'held', 'expired', { at: now, by: mailSystemActor.label, note: null }))) continue;
      expired++;
      const authorTold = await tellAuthor(deps, post, 'expired');
      await recordAudit(deps, mailSystemActor, 'discussion.post_expired', `discussion_post:${post.id}`, {
        from: post.from_address,
        subject: post.subject,
        heldFor: post.hold_reason,
        authorTold,
      });
    }
    if (due.length < expiryPage) return expired;
  }
}
