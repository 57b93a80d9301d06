import type { Db } from '../../db/database.ts';
import type { PendingStep, StaffAccountRow, StaffLinkPurpose, StaffRole, StaffSessionRow } from './auth.table.ts';

/** Finds a staff account by the address module's dedupe key. */
export function findStaffByEmailKey(db: Db, emailKey: string): Promise<StaffAccountRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
}

export function findStaffById(db: Db, id: number): Promise<StaffAccountRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listStaff(db: Db): Promise<StaffAccountRow[]> {
  return db.selectFrom('staff_accounts').selectAll().orderBy('name').orderBy('id').execute();
}

/** Owners who can sign in (deactivated owners, and invited ones without a password yet, do not count). */
export async function countActiveOwners(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff_accounts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'owner')
    .where('deactivated_at', 'is', null)
    .where('password_hash', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Write-locks the active owners' rows until the transaction ends (a no-op update: portable across
 * SQLite and PostgreSQL), so two owners demoting or deactivating each other cannot both succeed.
 */
export async function lockActiveOwners(trx: Db): Promise<void> {
  await trx
    .updateTable('staff_accounts')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('role', '=', 'owner')
    .where('deactivated_at', 'is', null)
    .where('password_hash', 'is not', null)
    .execute();
}

export async function insertStaff(
  db: Db,
  values: { email: string; emailKey: string; name: string; role: StaffRole; passwordHash: string | null },
  now: Date,
): Promise<StaffAccountRow> {
  return db
    .insertInto('staff_accounts')
    .values({
      email: values.email,
      email_key: values.emailKey,
      name: values.name,
      role: values.role,
      password_hash: values.passwordHash,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateStaff(db: Db, id: number, changes: { role?: StaffRole; passwordHash?: string }, now: Date): Promise<void> {
  await db
    .updateTable('staff_accounts')
    .set({
      ...(changes.role ? { role: changes.role } : {}),
      ...(changes.passwordHash ? { password_hash: changes.passwordHash } : {}),
      updated_at: now.toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(
  db: Db,
  values: { tokenHash: string; staffId: number; expiresAt: Date; ip: string | null; userAgent: string | null; pendingStep?: PendingStep | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({
      token_hash: values.tokenHash,
      staff_account_id: values.staffId,
      created_at: now.toISOString(),
      expires_at: values.expiresAt.toISOString(),
      ip: values.ip,
      user_agent: values.userAgent?.slice(0, 300) ?? null,
      pending_step: values.pendingStep ?? null,
    })
    .execute();
}

/** The active account behind a live, fully signed-in session token hash (not one still waiting for a second factor). */
export function findSessionAccount(db: Db, tokenHash: string, now: Date): Promise<StaffAccountRow | undefined> {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_sessions.staff_account_id')
    .selectAll('staff_accounts')
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now.toISOString())
    .where('staff_sessions.pending_step', 'is', null)
    .where('staff_accounts.deactivated_at', 'is', null)
    .executeTakeFirst();
}

/** A live session of an active account, whatever its step, with that account. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<{ session: StaffSessionRow; account: StaffAccountRow } | undefined> {
  const session = await db
    .selectFrom('staff_sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (!session) return undefined;
  const account = await db
    .selectFrom('staff_accounts')
    .selectAll()
    .where('id', '=', session.staff_account_id)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return account ? { session, account } : undefined;
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(db: Db, staffId: number): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_account_id', '=', staffId).execute();
}

export async function insertSignInAttempt(db: Db, values: { emailKey: string; ip: string; succeeded: boolean }, now: Date): Promise<void> {
  await db
    .insertInto('sign_in_attempts')
    .values({ at: now.toISOString(), email_key: values.emailKey, ip: values.ip, succeeded: values.succeeded ? 1 : 0 })
    .execute();
}

/**
 * The failures of one client for one account since `since` that no later success of that client cleared:
 * how many, and when the last one was.
 */
export async function pairFailures(db: Db, emailKey: string, address: string, since: Date): Promise<{ count: number; lastAt: string | null }> {
  const success = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('email_key', '=', emailKey)
    .where('ip', '=', address)
    .where('succeeded', '=', 1)
    .where('at', '>', since.toISOString())
    .executeTakeFirst();
  const from = success?.at ?? since.toISOString();
  const row = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('at').as('last')])
    .where('email_key', '=', emailKey)
    .where('ip', '=', address)
    .where('succeeded', '=', 0)
    .where('at', '>', from)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), lastAt: row.last ?? null };
}

/** When the `nth` most recent failure from `address` since `since` happened (across every account), or null when there are fewer. */
export async function nthRecentAddressFailure(db: Db, address: string, since: Date, nth: number): Promise<string | null> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .select('at')
    .where('ip', '=', address)
    .where('succeeded', '=', 0)
    .where('at', '>', since.toISOString())
    .orderBy('at', 'desc')
    .offset(nth - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}

export async function insertStaffLink(
  db: Db,
  values: { tokenHash: string; staffId: number; expiresAt: Date; purpose?: StaffLinkPurpose },
  now: Date,
): Promise<void> {
  await db
    .insertInto('staff_links')
    .values({
      token_hash: values.tokenHash,
      staff_account_id: values.staffId,
      purpose: values.purpose ?? 'set_password',
      created_at: now.toISOString(),
      expires_at: values.expiresAt.toISOString(),
      used_at: null,
    })
    .execute();
}

export function findStaffLink(db: Db, tokenHash: string) {
  return db.selectFrom('staff_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a link used; returns false when another request used it first (replay). */
export async function consumeStaffLink(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_links')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Spends every unused link of an account (of one purpose, or all), so an older email stops working. */
export async function spendStaffLinks(db: Db, staffId: number, now: Date, purpose?: StaffLinkPurpose): Promise<void> {
  let query = db.updateTable('staff_links').set({ used_at: now.toISOString() }).where('staff_account_id', '=', staffId).where('used_at', 'is', null);
  if (purpose) query = query.where('purpose', '=', purpose);
  await query.execute();
}

export async function setDeactivated(db: Db, staffId: number, at: Date | null, now: Date): Promise<void> {
  await db
    .updateTable('staff_accounts')
    .set({ deactivated_at: at ? at.toISOString() : null, updated_at: now.toISOString() })
    .where('id', '=', staffId)
    .execute();
}

/** Deletes a staff account; its sessions, links and recovery codes go with it (foreign keys cascade). */
export async function deleteStaff(db: Db, staffId: number): Promise<void> {
  await db.deleteFrom('staff_accounts').where('id', '=', staffId).execute();
}

/** Stores a TOTP secret (sealed) and whether it is in use; null clears two-factor sign-in. */
export async function setTotp(
  db: Db,
  staffId: number,
  values: { secret: string | null; enabledAt: Date | null; lastStep?: number | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('staff_accounts')
    .set({
      totp_secret: values.secret,
      totp_enabled_at: values.enabledAt ? values.enabledAt.toISOString() : null,
      totp_last_step: values.lastStep ?? null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', staffId)
    .execute();
}

/** Records `step` as used unless it (or a later one) was used already; false means a replayed code. */
export async function acceptTotpStep(db: Db, staffId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_accounts')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces every recovery code of an account with these hashes. */
export async function replaceRecoveryCodes(db: Db, staffId: number, hashes: string[], now: Date): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('staff_account_id', '=', staffId).execute();
  if (hashes.length === 0) return;
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((code_hash) => ({ staff_account_id: staffId, code_hash, created_at: now.toISOString(), used_at: null })))
    .execute();
}

/** Spends a recovery code; false when it is unknown, another account's, or already used. */
export async function consumeRecoveryCode(db: Db, staffId: number, hash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('staff_account_id', '=', staffId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, staffId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('staff_account_id', '=', staffId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findSetting(db: Db, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('auth_settings').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

export async function putSetting(db: Db, name: string, value: string, now: Date): Promise<void> {
  await db
    .insertInto('auth_settings')
    .values({ name, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

export async function insertResetRequest(db: Db, values: { emailKey: string; ip: string }, now: Date): Promise<void> {
  await db.insertInto('password_reset_requests').values({ at: now.toISOString(), email_key: values.emailKey, ip: values.ip }).execute();
}

/** "Forgot password" requests since `since` for one address or one account key. */
export async function countResetRequests(db: Db, column: 'email_key' | 'ip', value: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('password_reset_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(column, '=', value)
    .where('at', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
