import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { backoffDelay } from '../../jobs/job-runner.ts';
import { DeliveryError } from '../delivery/delivery-error.ts';
import type { MemberRow } from '../members/member.table.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import type { NetworkRow } from '../site/site.table.ts';
import * as repo from './announcement.repository.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import { composeAnnouncement, prepareVariants } from './announcement-composer.tsx';
import { sumReach } from './announcement-reach.repository.ts';

export type SenderDeps = Pick<AppDeps, 'db' | 'dialect' | 'clock' | 'mail' | 'config' | 'secretKey'>;

/** A 4xx reply retries after 1 min, 2 min, 4 min… up to an hour; after this many attempts it fails. */
export const maxDeliveryAttempts = 8;
const retryBaseMs = 60_000;
const retryMaxMs = 60 * 60_000;

/** What a sender run ended with: everything sent, more to do (now or at `at`), or stopped by staff. */
export type SendProgress = { kind: 'finished' } | { kind: 'more'; at: Date } | { kind: 'stopped' };

type Recipient = Pick<MemberRow, 'id' | 'name' | 'email_display' | 'language' | 'status' | 'erased_at'>;

/** Runs `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

function outcomeOf(delivery: repo.LeasedDelivery, error: unknown, now: Date): repo.DeliveryOutcome {
  const reply = error instanceof DeliveryError ? (error.reply ?? error.message) : (error as Error).message;
  const permanent = error instanceof DeliveryError && error.permanent;
  if (permanent || delivery.attempts >= maxDeliveryAttempts) return { id: delivery.id, state: 'failed', reply };
  return { id: delivery.id, state: 'deferred', reply, nextAttemptAt: new Date(now.getTime() + backoffDelay(delivery.attempts, retryBaseMs, retryMaxMs)) };
}

/**
 * A batch must be sent well within its lease, or another sender would take the rows and send them again.
 * With SMTP_RATE set, a batch is capped at what the rate allows in a quarter of the lease.
 */
export function leaseSafeBatchSize(config: SenderDeps['config']): number {
  const rate = config.smtp?.rate ?? 0;
  if (rate <= 0) return config.deliveryBatchSize;
  return Math.max(1, Math.min(config.deliveryBatchSize, Math.floor((rate * config.deliveryLeaseMs) / 4000)));
}

/**
 * Renews the leases of the batch `senderId` is sending every quarter of the delivery lease, so a slow batch
 * is never taken by another sender while a dead sender's batch is free again one short lease after it died.
 */
function keepBatchLeased(deps: SenderDeps, announcementId: number, senderId: string): () => void {
  const timer = setInterval(() => {
    const now = deps.clock.now();
    repo.renewDeliveryLeases(deps.db, announcementId, senderId, now, new Date(now.getTime() + deps.config.deliveryLeaseMs)).catch(() => {
      // The next renewal tries again; if none succeeds, the lease runs out as if this sender had died.
    });
  }, deps.config.deliveryLeaseMs / 4);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Sends an announcement's deliveries in leased batches until none is due, `until` passes, `signal` aborts
 * (the job lost its lease: another worker sends now) or staff pause or cancel it. Crash-safe: a delivery is
 * `sending` only while leased; if this process dies its lease expires and another sender sends it again, so
 * the only duplicates are the messages in flight at the crash.
 */
export async function sendDue(deps: SenderDeps, announcementId: number, until: Date, signal?: AbortSignal): Promise<SendProgress> {
  const senderId = `sender-${randomUUID()}`;
  const network = await findCurrentNetwork(deps.db);
  let announcement = await repo.findAnnouncement(deps.db, announcementId);
  if (!network || !announcement) return { kind: 'stopped' };
  const variants = prepareVariants(announcement);
  // Two messages a connection: one in its DATA, one signed and ready to pipeline behind it. More in flight only
  // lengthens each message's life (promoted to the old generation with its content) for no more throughput.
  const concurrency = deps.config.smtp?.maxConnections ? deps.config.smtp.maxConnections * 2 : 16;
  const batchSize = leaseSafeBatchSize(deps.config);

  while (deps.clock.now() < until) {
    if (announcement.status !== 'sending' || signal?.aborted) return { kind: 'stopped' };
    const now = deps.clock.now();
    const batch = await repo.leaseDeliveries(
      deps.db,
      deps.dialect,
      announcementId,
      senderId,
      batchSize,
      now,
      new Date(now.getTime() + deps.config.deliveryLeaseMs),
    );
    if (batch.length === 0) break;
    const release = keepBatchLeased(deps, announcementId, senderId);
    try {
      await sendBatch(deps, { network, announcement, variants, concurrency, senderId }, batch);
    } finally {
      release();
    }
    announcement = (await repo.findAnnouncement(deps.db, announcementId)) ?? announcement;
  }
  return finishOrContinue(deps, announcementId);
}

interface BatchContext {
  network: NetworkRow;
  announcement: AnnouncementRow;
  variants: ReturnType<typeof prepareVariants>;
  concurrency: number;
  senderId: string;
}

/** Sends one leased batch and records its outcomes. */
async function sendBatch(
  deps: SenderDeps,
  { network, announcement, variants, concurrency, senderId }: BatchContext,
  batch: repo.LeasedDelivery[],
): Promise<void> {
  const recipients = await recipientsOf(deps, batch);
  const outcomes: repo.DeliveryOutcome[] = [];
  await inParallel(batch, concurrency, async (delivery) => {
    const member = recipients.get(delivery.member_id);
    // Someone who left or was erased after the fan-out receives nothing.
    if (member?.status !== 'subscribed' || member.erased_at) {
      outcomes.push({ id: delivery.id, state: 'cancelled', reply: 'no longer subscribed' });
      return;
    }
    const variant = variants.get(member.language) ?? variants.get(announcement.default_locale)!;
    try {
      const result = await deps.mail.send(composeAnnouncement(deps, network, announcement, variant, member, delivery.id));
      outcomes.push({ id: delivery.id, state: 'sent', reply: result.reply ?? null, messageId: result.messageId });
    } catch (error) {
      outcomes.push(outcomeOf(delivery, error, deps.clock.now()));
    }
  });
  await repo.recordOutcomes(deps.db, senderId, outcomes, deps.clock.now());
}

async function recipientsOf(deps: SenderDeps, batch: repo.LeasedDelivery[]): Promise<Map<number, Recipient>> {
  const rows = await deps.db
    .selectFrom('members')
    .select(['id', 'name', 'email_display', 'language', 'status', 'erased_at'])
    .where(
      'id',
      'in',
      batch.map((d) => d.member_id),
    )
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** After a run: mark the announcement sent when nothing waits, or say when the next deferred delivery is due. */
async function finishOrContinue(deps: SenderDeps, announcementId: number): Promise<SendProgress> {
  const next = await repo.nextDueAt(deps.db, announcementId);
  if (next) return { kind: 'more', at: new Date(next) };
  const now = deps.clock.now().toISOString();
  // One transaction: the reports read a finished send's reach from its sums, so they appear with the status.
  await deps.db.transaction().execute(async (trx) => {
    if (await repo.transitionAnnouncement(trx, announcementId, ['sending'], { status: 'sent', finished_at: now, updated_at: now }))
      await sumReach(trx, announcementId, now);
  });
  return { kind: 'finished' };
}
