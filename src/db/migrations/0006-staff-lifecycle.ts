import type { Kysely } from 'kysely';
import { cleanLine } from '../../security/human-text.ts';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
// Staff accounts get a lifecycle (deactivation), a second factor (TOTP with recovery codes), sessions a
// pending step (between password and code, or until enrolment), and password resets their rate limit.
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite adds one column per ALTER TABLE statement.
  await db.schema.alterTable('staff_accounts').addColumn('deactivated_at', 'text').execute();
  await db.schema.alterTable('staff_accounts').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('staff_accounts').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('staff_accounts').addColumn('totp_last_step', 'integer').execute();
  await db.schema.alterTable('staff_sessions').addColumn('pending_step', 'text').execute();
  await db.schema.createIndex('staff_sessions_account').on('staff_sessions').column('staff_account_id').execute();
  await db.schema.createIndex('staff_links_account').on('staff_links').columns(['staff_account_id', 'purpose']).execute();

  await withId(db, db.schema.createTable('staff_recovery_codes'))
    .addColumn('staff_account_id', 'integer', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('staff_recovery_codes_account').on('staff_recovery_codes').column('staff_account_id').execute();

  await db.schema
    .createTable('auth_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('password_reset_requests'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_reset_requests_email').on('password_reset_requests').columns(['email_key', 'at']).execute();
  await db.schema.createIndex('password_reset_requests_ip').on('password_reset_requests').columns(['ip', 'at']).execute();

  // Names stored before the shared sanitiser may hold bidi controls that reverse the staff list and the audit log.
  const staff = (await db.selectFrom('staff_accounts').select(['id', 'name']).execute()) as { id: number; name: string }[];
  for (const row of staff) {
    const clean = cleanLine(row.name) || `#${row.id}`;
    if (clean !== row.name) await db.updateTable('staff_accounts').set({ name: clean }).where('id', '=', row.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_requests').execute();
  await db.schema.dropTable('auth_settings').execute();
  await db.schema.dropTable('staff_recovery_codes').execute();
  await db.schema.dropIndex('staff_links_account').execute();
  await db.schema.dropIndex('staff_sessions_account').execute();
  for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_secret', 'deactivated_at']) {
    await db.schema.alterTable('staff_accounts').dropColumn(column).execute();
  }
  await db.schema.alterTable('staff_sessions').dropColumn('pending_step').execute();
}
