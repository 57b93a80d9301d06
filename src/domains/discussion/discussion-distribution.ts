import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import type { AppDeps } from '../../app-deps.ts';
import type { Database } from '../../db/database.ts';
import { isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { backoffDelay } from '../../jobs/job-runner.ts';
import { cleanLine } from '../../security/human-text.ts';
import { DeliveryError } from '../delivery/delivery-error.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import type { MemberRow } from '../members/member.table.ts';
import { memberLink } from '../members/member-links.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import type { NetworkRow } from '../site/site.table.ts';
import type { DiscussionPostRow } from './discussion.table.ts';
import { type DiscussionSettings, readDiscussionSettings } from './discussion-settings.ts';
import { ownListId } from './list-identity.ts';
import { listTokenAddress } from './list-tokens.ts';

export type DistributionDeps = Pick<AppDeps, 'db' | 'clock' | 'mail' | 'config' | 'secretKey' | 'queue'>;

/** A 4xx reply retries after 1 min, 2 min, 4 min… up to an hour; after this many attempts the delivery fails. */
export const maxPostAttempts = 8;
const batchSize = 100;

/** Domains whose DMARC policy makes receivers quarantine or reject mail they cannot align: From must be ours. */
const strictPolicies = new Set(['quarantine', 'reject']);

/**
 * Creates one delivery per subscribed member who receives each post (their choice, else the network's default)
 * for a published post; safe to run twice (one delivery per member per post). Returns how many were added.
 */
export async function fanOutPost(deps: Pick<DistributionDeps, 'db' | 'clock' | 'config'>, post: Pick<DiscussionPostRow, 'id' | 'network_id'>): Promise<number> {
  const settings = await readDiscussionSettings(deps, post.network_id);
  const now = deps.clock.now().toISOString();
  const audience = deps.db
    .selectFrom('members as m')
    .leftJoin('discussion_members as dm', 'dm.member_id', 'm.id')
    .select((eb) => [
      eb.val(post.id).as('post_id'),
      'm.id as member_id',
      eb.val('queued').as('state'),
      eb.val(0).as('attempts'),
      eb.val(now).as('next_attempt_at'),
      eb.val(now).as('created_at'),
      eb.val(now).as('updated_at'),
    ])
    .where('m.network_id', '=', post.network_id)
    .where('m.status', '=', 'subscribed')
    .where('m.erased_at', 'is', null)
    .where(sql<string>`coalesce(dm.delivery, ${settings.defaultDelivery})`, '=', 'each');
  const result = await deps.db
    .insertInto('discussion_deliveries')
    .columns(['post_id', 'member_id', 'state', 'attempts', 'next_attempt_at', 'created_at', 'updated_at'])
    .expression(audience)
    .onConflict((oc) => oc.columns(['post_id', 'member_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The text of one person's name for a From phrase: no quotes or backslashes, one line. */
function phraseText(text: string): string {
  return cleanLine(text).replace(/["\\]/g, '').trim();
}

/** The subject members read: the network's prefix once (never again on replies, which already carry it). */
export function prefixedSubject(subject: string, prefix: string): string {
  if (!prefix || subject.includes(prefix)) return subject;
  return `${prefix} ${subject}`.trim();
}

/**
 * One post as one member receives it. From stays the author's unless their domain publishes DMARC
 * quarantine or reject (or the network always rewrites): then "Name via Network" at the list address with
 * Reply-To the author, as Mailman's dmarc_mitigate_action does, so the copy we sign is not refused as a forgery.
 * The reply headers are the post's, and its own Message-ID ends References, so a reply to this copy still
 * finds its thread. The footer, in the member's language, holds their signed preferences and unsubscribe links.
 */
export function composePostCopy(
  deps: Pick<DistributionDeps, 'config' | 'secretKey' | 'clock'>,
  network: NetworkRow,
  settings: DiscussionSettings,
  post: DiscussionPostRow,
  member: Pick<MemberRow, 'id' | 'email_display' | 'language'>,
  copyId?: number,
): OutgoingMessage {
  const locale: Locale = isLocale(member.language) ? member.language : (network.default_locale as Locale);
  const t = translator(locale);
  const networkName = phraseText(network.sender_name || pickLocalized(network.name, locale, network.default_locale as Locale));
  const authorName = phraseText(post.from_name) || post.from_address.split('@')[0] || post.from_address;
  const list = deps.config.discussion.address;
  const rewrite = settings.rewriteFrom === 'always' || strictPolicies.has(post.dmarc_policy ?? '');
  const from = rewrite
    ? `"${phraseText(t('discussion.fromVia', { name: authorName, network: networkName }))}" <${list}>`
    : post.from_name
      ? `"${phraseText(post.from_name)}" <${post.from_address}>`
      : post.from_address;
  const base = `${deps.config.publicUrl}/${locale}`;
  const manage = `${base}/me/${memberLink(deps, member.id, 'manage')}`;
  const unsubscribe = `${base}/unsubscribe/${memberLink(deps, member.id, 'unsubscribe')}`;
  const references = [...post.reference_ids.split(' ').filter(Boolean), post.message_id];
  const footer = t('discussion.footer', { network: networkName, listAddress: list });
  const text = [
    post.body_text.trimEnd(),
    '-- ',
    footer,
    `${t('discussion.footer.posts')}: ${manage}/discussion`,
    `${t('discussion.footer.preferences')}: ${manage}`,
    `${t('discussion.footer.unsubscribe')}: ${unsubscribe}`,
  ].join('\n\n');
  return {
    from,
    to: member.email_display,
    subject: prefixedSubject(post.subject, settings.subjectPrefix),
    text,
    // VERP: a bounce of this copy comes back to an address that names it (see copy-bounces.ts).
    envelopeFrom: copyId !== undefined ? listTokenAddress(deps.secretKey, list, 'bounce', copyId) : list,
    headers: {
      ...(rewrite ? { 'Reply-To': post.from_name ? `"${phraseText(post.from_name)}" <${post.from_address}>` : post.from_address } : {}),
      ...(post.in_reply_to ? { 'In-Reply-To': `<${post.in_reply_to}>` } : {}),
      References: references.map((id) => `<${id}>`).join(' '),
      ...composePostCopyHeaders(deps, network, manage, unsubscribe, locale),
    },
  };
}

/** The list headers of every message the list sends a member (RFC 2369, RFC 2919, RFC 8058), with our X-Loop. */
export function composePostCopyHeaders(
  deps: Pick<DistributionDeps, 'config'>,
  network: NetworkRow,
  manage: string,
  unsubscribe: string,
  locale: Locale,
): Record<string, string> {
  const list = deps.config.discussion.address;
  return {
    'List-Id': ownListId(deps.config, network),
    'List-Post': `<mailto:${list}>`,
    'List-Help': `<${manage}/discussion>`,
    // The member's own link into the archive: a members-only archive lets them in from it (RFC 2369).
    'List-Archive': `<${deps.config.publicUrl}/${locale}/archive?member=${manage.slice(manage.lastIndexOf('/') + 1)}>`,
    'List-Unsubscribe': `<${unsubscribe}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'X-Loop': list,
    Precedence: 'list',
    'Content-Language': locale,
  };
}

type Leased = { id: number; member_id: number; attempts: number };

/** Leases up to `batchSize` due deliveries of a post to `senderId`: queued or deferred and due, or left `sending` by a dead sender. */
async function leaseBatch(deps: Pick<DistributionDeps, 'db' | 'config'>, postId: number, senderId: string, now: Date): Promise<Leased[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + deps.config.deliveryLeaseMs).toISOString();
  const due = (eb: ExpressionBuilder<Database, 'discussion_deliveries'>) =>
    eb.or([
      eb.and([eb('state', 'in', ['queued', 'deferred']), eb('next_attempt_at', '<=', at)]),
      eb.and([eb('state', '=', 'sending'), eb('locked_until', '<', at)]),
    ]);
  const ids = await deps.db.selectFrom('discussion_deliveries').select('id').where('post_id', '=', postId).where(due).orderBy('id').limit(batchSize).execute();
  if (ids.length === 0) return [];
  await deps.db
    .updateTable('discussion_deliveries')
    .set((eb) => ({ state: 'sending', locked_by: senderId, locked_until: until, attempts: eb('attempts', '+', 1), updated_at: at }))
    .where(
      'id',
      'in',
      ids.map((r) => r.id),
    )
    .where(due)
    .execute();
  return deps.db
    .selectFrom('discussion_deliveries')
    .select(['id', 'member_id', 'attempts'])
    .where('post_id', '=', postId)
    .where('locked_by', '=', senderId)
    .where('state', '=', 'sending')
    .execute();
}

/** Records what the relay said about one delivery (only while this sender still holds it). */
async function record(deps: Pick<DistributionDeps, 'db' | 'clock'>, senderId: string, delivery: Leased, error: unknown): Promise<void> {
  const now = deps.clock.now();
  let values: { state: 'sent' | 'deferred' | 'failed'; last_reply: string | null; next_attempt_at?: string; sent_at?: string };
  if (error === null) values = { state: 'sent', last_reply: null, sent_at: now.toISOString() };
  else {
    const reply = error instanceof DeliveryError ? (error.reply ?? error.message) : (error as Error).message;
    const permanent = (error instanceof DeliveryError && error.permanent) || delivery.attempts >= maxPostAttempts;
    values = permanent
      ? { state: 'failed', last_reply: reply }
      : { state: 'deferred', last_reply: reply, next_attempt_at: new Date(now.getTime() + backoffDelay(delivery.attempts, 60_000, 3_600_000)).toISOString() };
  }
  await deps.db
    .updateTable('discussion_deliveries')
    .set({ ...values, locked_by: null, locked_until: null, updated_at: now.toISOString() })
    .where('id', '=', delivery.id)
    .where('locked_by', '=', senderId)
    .execute();
}

/**
 * Sends a post's due deliveries in leased batches until none is due or `until` passes. Crash-safe as the
 * announcements' sender is: a delivery is `sending` only while leased, and a dead sender's rows are sent
 * again once their lease runs out. Returns when more is due (null: nothing left to send or wait for).
 */
export async function sendDuePosts(deps: DistributionDeps, postId: number, until: Date): Promise<Date | null> {
  const network = await findCurrentNetwork(deps.db);
  const post = await deps.db.selectFrom('discussion_posts').selectAll().where('id', '=', postId).executeTakeFirst();
  if (!network || !post || post.status !== 'published') {
    // A post removed or erased meanwhile is not sent to anyone else.
    await deps.db
      .updateTable('discussion_deliveries')
      .set({ state: 'cancelled' })
      .where('post_id', '=', postId)
      .where('state', 'in', ['queued', 'deferred'])
      .execute();
    return null;
  }
  const settings = await readDiscussionSettings(deps, post.network_id);
  const senderId = `post-sender-${randomUUID()}`;
  while (deps.clock.now() < until) {
    const batch = await leaseBatch(deps, postId, senderId, deps.clock.now());
    if (batch.length === 0) break;
    const members = await deps.db
      .selectFrom('members')
      .select(['id', 'email_display', 'language', 'status', 'erased_at'])
      .where(
        'id',
        'in',
        batch.map((d) => d.member_id),
      )
      .execute();
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const delivery of batch) {
      const member = byId.get(delivery.member_id);
      if (member?.status !== 'subscribed' || member.erased_at !== null) {
        await deps.db.updateTable('discussion_deliveries').set({ state: 'cancelled', locked_by: null }).where('id', '=', delivery.id).execute();
        continue;
      }
      try {
        await deps.mail.send(composePostCopy(deps, network, settings, post, member, delivery.id));
        await record(deps, senderId, delivery, null);
      } catch (error) {
        await record(deps, senderId, delivery, error);
      }
    }
  }
  // When to look again: the next retry, or the end of another sender's lease (it may die holding its batch).
  const next = await deps.db
    .selectFrom('discussion_deliveries')
    .select((eb) => [eb.fn.min(eb.case().when('state', '=', 'sending').then(eb.ref('locked_until')).else(eb.ref('next_attempt_at')).end()).as('at')])
    .where('post_id', '=', postId)
    .where('state', 'in', ['queued', 'deferred', 'sending'])
    .executeTakeFirst();
  if (!next?.at) return null;
  const at = new Date(String(next.at));
  const soonest = new Date(deps.clock.now().getTime() + 1000);
  return at > soonest ? at : soonest;
}
