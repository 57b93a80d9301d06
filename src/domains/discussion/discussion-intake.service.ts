import { type ParsedMail, simpleParser } from 'mailparser';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { Config } from '../../config/config.ts';
import { requireNetwork } from '../site/site.service.ts';
import { receiveCopyBounce } from './copy-bounces.ts';
import * as repo from './discussion.repository.ts';
import type { HoldReason, PostStatus } from './discussion.table.ts';
import type { DiscussionDeps } from './discussion-deps.ts';
import { distributeJobName, holdExpiryJobName } from './discussion-job-names.ts';
import { enqueueNonMemberReply } from './discussion-replies.ts';
import { type DiscussionSettings, readDiscussionSettings } from './discussion-settings.ts';
import { ownListId } from './list-identity.ts';
import { looksLikeListToken, readListTokenAddress } from './list-tokens.ts';
import { type AuthSummary, checkAuthentication, fromFailsDmarc, fromIsAuthenticated } from './mail-authentication.ts';
import { notifyModerators, receiveApprovalReply } from './moderator-mail.ts';
import { postFields } from './post-fields.ts';
import { publishPost } from './post-publishing.ts';

/** The SMTP session a post arrived in. */
export interface PostEnvelope {
  mailFrom: string;
  clientIp: string;
  helo: string;
}

/** What became of one inbound message to the list address. */
export interface PostOutcome {
  result: PostStatus | 'ignored' | 'error';
  detail: string;
  postId?: number;
}

const day = 24 * 60 * 60 * 1000;
// Auto-replies that say so only in the subject (no Auto-Submitted header): RFC 3834 came late to many of them.
const autoReplySubject =
  /^\s*(?:auto(?:matic)?[ -]?(?:reply|response|antwort)|out of (?:the )?office|abwesenheit|absence|réponse automatique|respuesta automática|автоответ|自动回复|رد تلقائي)\b/iu;

/** The list address's dedupe key (the address module's), or the lower-cased address when it is no valid address. */
function addressKey(address: string): string {
  const parsed = parseEmailAddress(address, { specialUseDomains: 'allow' });
  return parsed.ok ? parsed.address.dedupeKey : address.trim().toLowerCase();
}

/** True when an envelope recipient is the discussion list's address, in any of its spellings (case, Unicode, IDN), or one of its approval addresses. */
export function isListRecipient(config: Pick<Config, 'discussion'>, address: string): boolean {
  return addressKey(address) === addressKey(config.discussion.address) || looksLikeListToken(config.discussion.address, address);
}

/** Whether to take mail for the list at RCPT TO: an announce-only list takes none, and says so before any text. */
export async function checkListRecipient(
  deps: Pick<DiscussionDeps, 'db' | 'config' | 'secretKey'>,
  address = deps.config.discussion.address,
): Promise<{ accept: true } | { accept: false; code: number; message: string; reason: string }> {
  const token = readListTokenAddress(deps.secretKey, deps.config.discussion.address, address);
  if (token === 'forged') return { accept: false, code: 550, message: '5.1.1 No such address here', reason: 'a list token with a wrong signature' };
  if (token) return { accept: true };
  const network = await requireNetwork(deps);
  const settings = await readDiscussionSettings(deps, network.id);
  if (settings.policy !== 'announce_only') return { accept: true };
  return { accept: false, code: 550, message: '5.7.1 This network sends announcements only; its list does not take posts', reason: 'announce-only list' };
}

export { messageIds } from './post-fields.ts';

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'text' in value) return String((value as { text: string }).text);
  if (typeof value === 'object' && value !== null && 'value' in value) return String((value as { value: string }).value);
  return String(value);
}

/**
 * Why a message to the list must not become a post, or null: our own list's mail coming back (List-Id, X-Loop),
 * mail from the null sender (bounces, notices), and auto-replies (RFC 3834 Auto-Submitted, Precedence, the
 * X-Autoreply family, an out-of-office subject). Answering or redistributing any of them starts a loop.
 */
export function refusalOf(mail: ParsedMail, envelope: PostEnvelope, listIdHeader: string, listAddress: string): string | null {
  // mailparser folds the List-* headers into one structured `list` header: the line as written is the reliable form.
  const listId = mail.headerLines
    .filter((h) => h.key === 'list-id')
    .map((h) => h.line)
    .join(' ');
  const ownId = /<[^>]+>/.exec(listIdHeader)?.[0] ?? listIdHeader;
  if (listId.includes(ownId)) return 'a loop: the message carries our own List-Id';
  if (headerText(mail, 'x-loop').toLowerCase().includes(listAddress.toLowerCase())) return 'a loop: the message carries our X-Loop';
  if (envelope.mailFrom === '') return 'mail from the null sender (a bounce or a notice) is not a post';
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted !== '' && autoSubmitted !== 'no') return `an automatic message (Auto-Submitted: ${autoSubmitted})`;
  if (/^(?:bulk|junk|list|auto_reply)$/i.test(headerText(mail, 'precedence').trim())) return 'an automatic message (Precedence)';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoresponder')) return 'an automatic reply';
  if (autoReplySubject.test(mail.subject ?? '')) return 'an automatic reply (its subject says so)';
  return null;
}

/** What the policy makes of a post, given who wrote it and how well the From is authenticated. */
function decide(
  settings: DiscussionSettings,
  auth: AuthSummary,
  member: { status: string } | undefined,
  postsFreely: boolean,
): { status: 'published' } | { status: 'held'; reason: HoldReason } | { status: 'rejected'; reason: HoldReason } {
  // A forged From is never published, and never answered (the reply would go to whoever was impersonated).
  if (fromFailsDmarc(auth)) return { status: 'held', reason: 'dmarc_fail' };
  const outsider: HoldReason | null = !member ? 'non_member' : member.status !== 'subscribed' ? 'not_subscribed' : null;
  if (outsider) return settings.nonMembers === 'reject' ? { status: 'rejected', reason: outsider } : { status: 'held', reason: outsider };
  if (settings.policy === 'moderated') return { status: 'held', reason: 'moderated' };
  if (settings.policy === 'moderate_new' && !postsFreely) return { status: 'held', reason: 'first_post' };
  return { status: 'published' };
}

/**
 * Handles one message `plenary mx` received for the list address: refuses loops and automatic mail, checks
 * DKIM/SPF/DMARC with mailauth, finds the author among the members by the normalised From address, and applies
 * the network's posting policy — published (threaded by its reply headers), held for the moderators, or
 * refused with a polite reply. The same Message-ID twice is one post. Never throws for a bad message: the
 * outcome says what happened.
 */
export async function receivePost(deps: DiscussionDeps, envelope: PostEnvelope, raw: Buffer): Promise<PostOutcome> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, checksumAlgo: false } as Parameters<typeof simpleParser>[1]);
  } catch (error) {
    return { result: 'ignored', detail: `not a readable message: ${(error as Error).message}` };
  }
  const network = await requireNetwork(deps);
  const refusal = refusalOf(mail, envelope, ownListId(deps.config, network), deps.config.discussion.address);
  if (refusal) return { result: 'ignored', detail: refusal };

  const now = deps.clock.now();
  const fields = postFields(mail, raw, { now });
  const messageId = fields.row.message_id;
  if (await repo.hasPost(deps.db, network.id, messageId)) return { result: 'ignored', detail: `already received (Message-ID <${messageId}>)` };

  const settings = await readDiscussionSettings(deps, network.id);
  if (settings.policy === 'announce_only') return { result: 'ignored', detail: 'the list takes no posts (announce-only)' };
  const auth = await checkAuthentication(raw, { ...envelope, mta: deps.config.bounceDomain }, deps.resolver);
  const { author, address } = fields;
  const member = address ? await repo.findMemberByKey(deps.db, network.id, address.dedupeKey) : undefined;
  const trusted = member ? await repo.postsFreely(deps.db, member.id) : false;
  const decision = decide(settings, auth, member, trusted);

  const expiresAt = decision.status === 'held' ? new Date(now.getTime() + settings.holdDays * day) : null;
  const postId = await deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertPost(trx, {
      network_id: network.id,
      thread_id: null,
      ...fields.row,
      member_id: member?.id ?? null,
      mail_from: envelope.mailFrom.replaceAll('\0', ''),
      received_at: now.toISOString(),
      status: decision.status,
      hold_reason: decision.status === 'published' ? null : decision.reason,
      auth: JSON.stringify(auth),
      dmarc_policy: auth.dmarcPolicy,
      expires_at: expiresAt?.toISOString() ?? null,
      decided_at: decision.status === 'rejected' ? now.toISOString() : null,
      decided_by: decision.status === 'rejected' ? 'mail system' : null,
      decision_note: null,
    });
    if (id !== null && decision.status === 'published') await publishPost(trx, id);
    return id;
  });
  if (postId === null) return { result: 'ignored', detail: `already received (Message-ID <${messageId}>)` };
  // After the commit: a job whose post is not there yet would find nothing to expire. Each expiry job sweeps every
  // held post that is due, so one lost to a crash right here is expired by the next.
  if (expiresAt) await deps.queue.enqueue(holdExpiryJobName, {}, { runAt: expiresAt });
  if (decision.status === 'held') {
    const p = fields.row;
    await notifyModerators(deps, network, {
      id: postId,
      fromAddress: p.from_address,
      fromName: p.from_name,
      subject: p.subject,
      text: p.body_text,
      reason: decision.reason,
      messageId,
    });
  }
  if (decision.status === 'published') await deps.queue.enqueue(distributeJobName, { postId });
  if (decision.status === 'rejected' && address && fromIsAuthenticated(auth)) {
    await enqueueNonMemberReply(deps, network, address.display, mail.subject ?? '', messageId);
  }
  const why = decision.status === 'published' ? '' : ` (${decision.reason})`;
  return { result: decision.status, detail: `post ${postId}${why} from <${author.address}>; dmarc=${auth.dmarc}`, postId };
}

/**
 * Handles one message `plenary mx` received for the list's addresses: each approval address it names is a
 * moderator's reply (approve by reply), and the list address itself makes it a post. One outcome line each.
 */
export async function receiveListMail(deps: DiscussionDeps, envelope: PostEnvelope, recipients: string[], raw: Buffer): Promise<string[]> {
  const lines: string[] = [];
  const network = await requireNetwork(deps);
  const listId = ownListId(deps.config, network);
  const approvals = new Set<number>();
  const bounces = new Set<number>();
  let toList = false;
  for (const recipient of recipients) {
    const token = readListTokenAddress(deps.secretKey, deps.config.discussion.address, recipient);
    if (token === null) toList = true;
    else if (token !== 'forged') (token.action === 'approve' ? approvals : bounces).add(token.id);
  }
  for (const deliveryId of bounces) {
    const outcome = await receiveCopyBounce(deps, envelope, deliveryId, raw);
    lines.push(`${outcome.result}: bounce of copy ${deliveryId}: ${outcome.detail}`);
  }
  for (const postId of approvals) {
    const outcome = await receiveApprovalReply(deps, envelope, postId, raw, (mail) => refusalOf(mail, envelope, listId, deps.config.discussion.address));
    lines.push(`${outcome.result}: reply from <${envelope.mailFrom}> to approve post ${postId}: ${outcome.detail}`);
  }
  if (toList) {
    const outcome = await receivePost(deps, envelope, raw);
    lines.push(`${outcome.result}: post from <${envelope.mailFrom}> to <${deps.config.discussion.address}>: ${outcome.detail}`);
  }
  return lines;
}
