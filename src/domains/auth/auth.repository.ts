import type { Db } from '../../db/database.ts';
import type { StaffAccountRow, StaffRole } from './auth.table.ts';

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

export async function countOwners(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff_accounts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
  values: { tokenHash: string; staffId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
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
    })
    .execute();
}

/** The account behind a live (unexpired) session token hash. */
export function findSessionAccount(db: Db, tokenHash: string, now: Date): Promise<StaffAccountRow | undefined> {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff_accounts', 'staff_accounts.id', 'staff_sessions.staff_account_id')
    .selectAll('staff_accounts')
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now.toISOString())
    .executeTakeFirst();
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

/** Failed sign-ins since `since` for the account and for the IP, counted separately. */
export async function countRecentFailures(db: Db, emailKey: string, ip: string, since: Date): Promise<{ account: number; ip: number }> {
  const count = async (column: 'email_key' | 'ip', value: string) => {
    const row = await db
      .selectFrom('sign_in_attempts')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', value)
      .where('succeeded', '=', 0)
      .where('at', '>', since.toISOString())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { account: await count('email_key', emailKey), ip: await count('ip', ip) };
}

export async function insertStaffLink(db: Db, values: { tokenHash: string; staffId: number; expiresAt: Date }, now: Date): Promise<void> {
  await db
    .insertInto('staff_links')
    .values({
      token_hash: values.tokenHash,
      staff_account_id: values.staffId,
      purpose: 'set_password',
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
