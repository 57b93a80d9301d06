import type { Config } from '../../config/config.ts';
import { isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { cleanLine } from '../../security/human-text.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import type { NetworkRow } from '../site/site.table.ts';

type ReplyDeps = { config: Config; queue: JobQueue };
type ReplyNetwork = Pick<NetworkRow, 'name' | 'default_locale'>;

/** What the list writes back to an author, each a subject and a body in the catalogs. */
export type ReplyKind = 'nonMember' | 'rejected' | 'expired';

/** The language of a reply: the member's when they have one the catalogs hold, else the network's. */
export function replyLocale(network: ReplyNetwork, memberLanguage?: string | null): Locale {
  if (isLocale(memberLanguage)) return memberLanguage;
  return isLocale(network.default_locale) ? network.default_locale : 'en';
}

/**
 * Queues a reply from the list to the author of a post, in `locale`: marked as an automatic reply (RFC 3834) and
 * with our X-Loop, so that neither their auto-responder nor our own list answers it again, and threaded under
 * their message.
 */
export async function enqueueReply(
  deps: ReplyDeps,
  network: ReplyNetwork,
  reply: { kind: ReplyKind; to: string; locale: Locale; subject: string; messageId: string; reason?: string },
): Promise<void> {
  const t = translator(reply.locale);
  const values = {
    network: pickLocalized(network.name, reply.locale, network.default_locale as Locale),
    subject: cleanLine(reply.subject).slice(0, 200) || t('discussion.noSubject'),
    address: reply.to,
    listAddress: deps.config.discussion.address,
    joinUrl: `${deps.config.publicUrl}/${reply.locale}/join`,
    reason: reply.reason ?? '',
  };
  const texts = {
    nonMember: { subject: t('discussion.reply.nonMember.subject', values), text: t('discussion.reply.nonMember.body', values) },
    rejected: { subject: t('discussion.reply.rejected.subject', values), text: t('discussion.reply.rejected.body', values) },
    expired: { subject: t('discussion.reply.expired.subject', values), text: t('discussion.reply.expired.body', values) },
  }[reply.kind];
  await deps.queue.enqueue(sendMailJobName, {
    to: reply.to,
    subject: texts.subject,
    text: texts.text,
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Loop': deps.config.discussion.address,
      'In-Reply-To': `<${reply.messageId}>`,
      References: `<${reply.messageId}>`,
      'Content-Language': reply.locale,
    },
  });
}

/** The polite refusal a non-member gets when the network refuses posts from outside (rather than holding them). */
export function enqueueNonMemberReply(deps: ReplyDeps, network: ReplyNetwork, to: string, subject: string, messageId: string): Promise<void> {
  return enqueueReply(deps, network, { kind: 'nonMember', to, locale: replyLocale(network), subject, messageId });
}
