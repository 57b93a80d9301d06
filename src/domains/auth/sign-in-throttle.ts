// Throttling is per (account, client address), never per account alone: an account-wide lock lets anyone
// lock any staff member out with five wrong passwords. A client that has not failed is never slowed down;
// one that fails waits longer after each failure. A second ceiling per address stops one client guessing
// across many accounts (password spraying). Every count is read from the database, so all web instances agree.

/** Failures a client may make for one account before it has to wait. */
export const freeFailures = 3;
/** The wait after the first failure beyond the free ones; it doubles with each further failure. */
export const firstDelayMs = 60_000;
export const maxDelayMs = 60 * 60_000;
/** How long a failure is remembered (unless a success from the same client clears it sooner). */
export const failureMemoryMs = 24 * 60 * 60_000;
/** The ceiling for one address across every account. */
export const addressWindowMs = 15 * 60_000;
export const addressMaxFailures = 20;

/** How long a client must wait after `failures` consecutive failures for one account (0 while free). */
export function delayAfterFailures(failures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeFailures));
}
