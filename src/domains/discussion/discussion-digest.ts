import { sql } from 'kysely';
import { isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { memberLink } from '../members/member-links.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { composePostCopyHeaders, type DistributionDeps } from './discussion-distribution.ts';
import { digestJobName } from './discussion-job-names.ts';
import { readDiscussionSettings } from './discussion-settings.ts';

export type DigestPeriod = 'daily' | 'weekly';
const day = 24 * 60 * 60 * 1000;
const lengths: Record<DigestPeriod, number> = { daily: day, weekly: 7 * day };
export const digestPeriods: DigestPeriod[] = ['daily', 'weekly'];

/** The start of the period `at` falls in: midnight UTC, and for a week the Monday. */
export function periodStart(period: DigestPeriod, at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (period === 'daily') return new Date(midnight);
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * day);
}

/** Queues the digest job of one period unless one is already waiting for it (a job run twice queues its successor once). */
export async function queueDigestOnce(deps: Pick<DistributionDeps, 'db' | 'queue'>, period: DigestPeriod, start: Date): Promise<void> {
  const payload = JSON.stringify({ period, start: start.toISOString() });
  const waiting = await deps.db
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', digestJobName)
    .where('status', 'in', ['queued', 'running'])
    .where('payload', '=', payload)
    .executeTakeFirst();
  if (!waiting) await deps.queue.enqueue(digestJobName, { period, start: start.toISOString() }, { runAt: new Date(start.getTime() + lengths[period]) });
}

/**
 * Makes sure a digest job waits for each kind of period: queued with the first published post, then each run
 * queues the next. A worker that was down runs the late period when it comes back and the next one at once,
 * so no period is skipped.
 */
export async function ensureDigestSchedule(deps: Pick<DistributionDeps, 'db' | 'clock' | 'queue'>): Promise<void> {
  for (const period of digestPeriods) {
    const waiting = await deps.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', digestJobName)
      .where('status', 'in', ['queued', 'running'])
      .where('payload', 'like', `%"period":"${period}"%`)
      .executeTakeFirst();
    if (!waiting) await queueDigestOnce(deps, period, periodStart(period, deps.clock.now()));
  }
}

/**
 * Sends the digest of one period to every subscribed member who chose it (or has the network's default): the
 * posts published in the period, oldest first, as one plain-text message (RFC 1153 layout) with the frame in the
 * member's language and the posts in theirs. Each digest is recorded before it is sent and marked once sent:
 * a second run sends only what the first did not. Then the next period's job is queued. Returns digests sent.
 */
export async function sendDigests(deps: DistributionDeps, period: DigestPeriod, start: Date): Promise<number> {
  const end = new Date(start.getTime() + lengths[period]);
  const network = await findCurrentNetwork(deps.db);
  if (!network) return 0;
  const settings = await readDiscussionSettings(deps, network.id);
  const publishedAt = sql<string>`coalesce(decided_at, received_at)`;
  const posts = await deps.db
    .selectFrom('discussion_posts')
    .selectAll()
    .where('network_id', '=', network.id)
    .where('status', '=', 'published')
    // Posts imported from an old archive were never sent to the list: they are read in the archive only.
    .where('origin', '=', 'mx')
    .where(publishedAt, '>=', start.toISOString())
    .where(publishedAt, '<', end.toISOString())
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
  let sent = 0;
  if (posts.length > 0) {
    const readers = await deps.db
      .selectFrom('members as m')
      .leftJoin('discussion_members as dm', 'dm.member_id', 'm.id')
      .select(['m.id', 'm.email_display', 'm.language'])
      .where('m.network_id', '=', network.id)
      .where('m.status', '=', 'subscribed')
      .where('m.erased_at', 'is', null)
      .where(sql<string>`coalesce(dm.delivery, ${settings.defaultDelivery})`, '=', period)
      .orderBy('m.id')
      .execute();
    for (const member of readers) {
      const periodKey = start.toISOString();
      await deps.db
        .insertInto('discussion_digests')
        .values({ member_id: member.id, period, period_start: periodKey, posts: posts.length, created_at: deps.clock.now().toISOString(), sent_at: null })
        .onConflict((oc) => oc.columns(['member_id', 'period', 'period_start']).doNothing())
        .execute();
      const row = await deps.db
        .selectFrom('discussion_digests')
        .select(['id', 'sent_at'])
        .where('member_id', '=', member.id)
        .where('period', '=', period)
        .where('period_start', '=', periodKey)
        .executeTakeFirstOrThrow();
      if (row.sent_at !== null) continue;
      const locale: Locale = isLocale(member.language) ? member.language : (network.default_locale as Locale);
      const t = translator(locale);
      const networkName = cleanLine(network.sender_name || pickLocalized(network.name, locale, network.default_locale as Locale));
      const manage = `${deps.config.publicUrl}/${locale}/me/${memberLink(deps, member.id, 'manage')}`;
      const unsubscribe = `${deps.config.publicUrl}/${locale}/unsubscribe/${memberLink(deps, member.id, 'unsubscribe')}`;
      const separator = '-'.repeat(30);
      const contents = posts.map((p, i) => `${i + 1}. ${p.subject || t('discussion.noSubject')} (${p.from_name || p.from_address})`);
      const bodies = posts.map((p) =>
        [
          `From: ${p.from_name ? `${p.from_name} <${p.from_address}>` : p.from_address}`,
          `Date: ${p.sent_at}`,
          `Subject: ${p.subject}`,
          '',
          p.body_text.trimEnd(),
        ].join('\n'),
      );
      const text = [
        t(`discussion.digest.${period}.intro`, { network: networkName, count: posts.length }),
        contents.join('\n'),
        ...bodies.flatMap((b) => [separator, b]),
        separator,
        t('discussion.footer', { network: networkName, listAddress: deps.config.discussion.address }),
        `${t('discussion.footer.posts')}: ${manage}/discussion`,
        `${t('discussion.footer.unsubscribe')}: ${unsubscribe}`,
      ].join('\n\n');
      await deps.mail.send({
        from: `"${t('discussion.digest.from', { network: networkName }).replace(/["\\]/g, '')}" <${deps.config.discussion.address}>`,
        to: member.email_display,
        subject: t(`discussion.digest.${period}.subject`, { network: networkName, date: start.toISOString().slice(0, 10) }),
        text,
        envelopeFrom: deps.config.discussion.address,
        headers: composePostCopyHeaders(deps, network, manage, unsubscribe, locale),
      });
      await deps.db.updateTable('discussion_digests').set({ sent_at: deps.clock.now().toISOString() }).where('id', '=', row.id).execute();
      sent++;
    }
  }
  return sent;
}

/** The start of the period after the one starting at `start`. */
export function nextPeriodStart(period: DigestPeriod, start: Date): Date {
  return new Date(start.getTime() + lengths[period]);
}
