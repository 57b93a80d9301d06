import { type ParsedMail, simpleParser } from 'mailparser';
import { parseEmailAddress } from '../../address/email-address.ts';
import { type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { listStaff } from '../auth/auth.repository.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { NetworkRow } from '../site/site.table.ts';
import type { HoldReason } from './discussion.table.ts';
import type { DiscussionDeps } from './discussion-deps.ts';
import { replyLocale } from './discussion-replies.ts';
import { listTokenAddress, readListTokenAddress } from './list-tokens.ts';
import { type AuthSummary, checkAuthentication, fromIsAuthenticated } from './mail-authentication.ts';
import { moderatePost } from './moderation.service.ts';

/** The address a moderator replies to in order to approve one held post. */
export function approvalAddress(secret: string, listAddress: string, postId: number): string {
  return listTokenAddress(secret, listAddress, 'approve', postId);
}

/** What an envelope recipient says about approval: no approval address (null), a wrong tag (`forged`), or the post it approves. */
export function readApprovalAddress(secret: string, listAddress: string, address: string): { postId: number } | 'forged' | null {
  const read = readListTokenAddress(secret, listAddress, address);
  if (read === null || read === 'forged') return read;
  return read.action === 'approve' ? { postId: read.id } : null;
}

/** The staff accounts who moderate: editors and owners who can sign in (not deactivated, password set). */
async function moderators(deps: Pick<DiscussionDeps, 'db'>) {
  return (await listStaff(deps.db)).filter((s) => (s.role === 'editor' || s.role === 'owner') && s.deactivated_at === null && s.password_hash !== null);
}

/**
 * Tells each moderator about a post that has just been held: who sent it, its subject, the first lines and why it
 * waits, in the network's language. Replying approves it: the Reply-To is the post's signed approval address.
 */
export async function notifyModerators(
  deps: DiscussionDeps,
  network: NetworkRow,
  post: { id: number; fromAddress: string; fromName: string; subject: string; text: string; reason: HoldReason; messageId: string },
): Promise<number> {
  const staff = await moderators(deps);
  if (staff.length === 0) return 0;
  const locale: Locale = replyLocale(network);
  const t = translator(locale);
  const excerpt = post.text.replace(/\n{3,}/g, '\n\n').trim();
  const values = {
    network: pickLocalized(network.name, locale, network.default_locale as Locale),
    subject: cleanLine(post.subject).slice(0, 200) || t('discussion.noSubject'),
    sender: post.fromName ? `${cleanLine(post.fromName)} <${post.fromAddress}>` : post.fromAddress,
    reason: t(`discussion.holdReason.${post.reason}`),
    excerpt: excerpt.length > 600 ? `${excerpt.slice(0, 600)}…` : excerpt,
    queueUrl: `${deps.config.publicUrl}/${locale}/admin/discussion/moderation#post-${post.id}`,
  };
  const replyTo = approvalAddress(deps.secretKey, deps.config.discussion.address, post.id);
  for (const moderator of staff) {
    await deps.queue.enqueue(sendMailJobName, {
      to: moderator.email,
      subject: t('discussion.moderatorMail.subject', values),
      text: t('discussion.moderatorMail.body', { ...values, moderator: moderator.email }),
      headers: {
        'Reply-To': replyTo,
        // A notice, not a conversation: auto-responders (RFC 3834) do not answer it, and our own list never takes it.
        'Auto-Submitted': 'auto-generated',
        'X-Loop': deps.config.discussion.address,
        'Content-Language': locale,
      },
    });
  }
  return staff.length;
}

/** What a reply to an approval address did. */
export interface ApprovalOutcome {
  result: 'approved' | 'refused' | 'ignored';
  detail: string;
}

/**
 * A reply to a post's approval address approves the post when it comes from a moderator — an active editor or
 * owner, matched by the address module's key of the From address — and DMARC proves that From (a pass, or an
 * aligned DKIM signature that passes: an SPF pass alone proves only the envelope sender, which anyone may set).
 * Anything else changes nothing and is audited as a refused attempt. Automatic replies (out of office) are no
 * decision and are dropped. `isAutomatic` says why a message is automatic (the intake's rule), or null.
 */
export async function receiveApprovalReply(
  deps: DiscussionDeps,
  envelope: { mailFrom: string; clientIp: string; helo: string },
  postId: number,
  raw: Buffer,
  isAutomatic: (mail: ParsedMail) => string | null,
): Promise<ApprovalOutcome> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true } as Parameters<typeof simpleParser>[1]);
  } catch (error) {
    return { result: 'ignored', detail: `not a readable message: ${(error as Error).message}` };
  }
  const automatic = isAutomatic(mail);
  if (automatic) return { result: 'ignored', detail: automatic };
  await requireNetwork(deps);
  const auth: AuthSummary = await checkAuthentication(raw, { ...envelope, mta: deps.config.bounceDomain }, deps.resolver);
  const fromText = cleanLine(mail.from?.value[0]?.address ?? '').trim();
  const from = parseEmailAddress(fromText, { specialUseDomains: 'allow' });
  const staff = from.ok ? (await moderators(deps)).find((s) => s.email_key === from.address.dedupeKey) : undefined;
  const why = !staff ? 'the From address is no moderator' : !fromIsAuthenticated(auth) ? `DMARC does not prove the From address (dmarc=${auth.dmarc})` : null;
  const subject = `discussion_post:${postId}`;
  if (why || !staff) {
    const actor: Actor = { staffId: null, label: 'mail system', ip: envelope.clientIp };
    await recordAudit(deps, actor, 'discussion.approve_by_reply_refused', subject, { from: fromText, dmarc: auth.dmarc, reason: why });
    return { result: 'refused', detail: `post ${postId} not approved: ${why}` };
  }
  const actor: Actor = { staffId: staff.id, label: staff.email, ip: envelope.clientIp };
  try {
    await moderatePost(deps, actor, postId, 'approve');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'discussion_post_decided' || code === 'not_found') return { result: 'ignored', detail: `post ${postId} is no longer held` };
    throw error;
  }
  return { result: 'approved', detail: `post ${postId} approved by reply from <${staff.email}>` };
}
