import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { clientAddressKey } from '../../security/client-address.ts';
import * as repo from './join-limit.repository.ts';

// The public join form's limits live in the database (join_limits), so every web instance counts the same
// joins. Each is an allowance: `limit` joins at once, given back evenly over `windowMs` (one every
// windowMs/limit), kept as one time per key — when the allowance is whole again (the generic cell rate
// algorithm). Per client (an IP address, an IPv6 /64): sized for a room behind one conference NAT, so the
// whole room can join while the slide is up. Per email address (the HMAC key of its canonical form, which
// join_mail_sends uses too): one address cannot be sent over and over, from however many clients.
// Only a join that passed validation takes from them, so a mistyped form costs the room nothing, and a
// refusal takes nothing and says exactly when the next join fits.

export type JoinLimits = Config['joinLimits'];
type Allowance = JoinLimits['perClient'];

/** The time one join takes from an allowance, in whole ms. */
function step(allowance: Allowance): number {
  return Math.ceil(allowance.windowMs / allowance.limit);
}

/** Takes one join from `bucket`: 0 when taken, otherwise the ms until one fits (nothing taken). */
async function take(db: Db, bucket: string, allowance: Allowance, now: number): Promise<number> {
  const interval = step(allowance);
  // A join fits while the allowance is whole again no later than this: `limit - 1` joins ahead of now.
  const latest = now + (allowance.limit - 1) * interval;
  if (await repo.takeJoin(db, bucket, { now, interval, latest })) return 0;
  const fullAt = (await repo.joinFullAt(db, bucket)) ?? latest + 1;
  return Math.max(1, fullAt - latest);
}

/** A refusal's details: the wait in whole seconds (for Retry-After) and how the message says it. */
export function waitDetails(ms: number): { seconds: number; unit: 'second' | 'minute'; count: number } {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 60 ? { seconds, unit: 'second', count: seconds } : { seconds, unit: 'minute', count: Math.ceil(seconds / 60) };
}

/**
 * Takes this join from its address's and its client's allowances (no client: an address only), pruning
 * allowances that are whole again. Refuses with `join_address_throttled` or `join_throttled` (details:
 * `waitDetails`), having taken nothing: a refusal from the room's allowance gives the address's back.
 */
export async function takeJoinAllowances(db: Db, limits: JoinLimits, join: { addressKey: string; ip: string | null }, at: Date): Promise<void> {
  const now = at.getTime();
  await repo.pruneJoinLimits(db, now);
  const address = `address:${join.addressKey}`;
  const addressWait = await take(db, address, limits.perAddress, now);
  if (addressWait > 0) throw new AppError('join_address_throttled', waitDetails(addressWait));
  if (join.ip === null) return;
  const clientWait = await take(db, `client:${clientAddressKey(join.ip)}`, limits.perClient, now);
  if (clientWait === 0) return;
  await repo.giveBackJoin(db, address, step(limits.perAddress));
  throw new AppError('join_throttled', waitDetails(clientWait));
}
