import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.

/**
 * Binds each API token to the staff account that created it, so a token's rights follow its creator's
 * current role (and end with the account). NULL means the command line made it: the operator, not an
 * account. No foreign key on purpose: a token must outlive its creator's row as history, refused.
 * Tokens made before this migration are bound by the creator's address (`created_by` was the email);
 * one whose creator no longer exists is revoked, since its rights can no longer be checked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('created_by_staff_id', 'integer').execute();
  await db
    .updateTable('api_tokens')
    .set((eb) => ({
      created_by_staff_id: eb.selectFrom('staff_accounts').select('staff_accounts.id').whereRef('staff_accounts.email', '=', 'api_tokens.created_by').limit(1),
    }))
    .where('created_by', '<>', 'cli')
    .execute();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where('created_by', '<>', 'cli')
    .where('created_by_staff_id', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('created_by_staff_id').execute();
}
