import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Sent invitations kept their set-password links in the queue: finished mail jobs now keep nothing.
  await db.updateTable('jobs').set({ payload: '{}' }).where('name', '=', 'mail.send').where('status', 'in', ['done', 'failed']).execute();
  // An imported file has served its purpose; its report stays, its rows (addresses, names) go.
  await db.updateTable('member_imports').set({ content: '' }).where('status', '=', 'done').execute();
}

// What was forgotten stays forgotten: nothing to undo, but a down lets earlier migrations be rolled back past this one.
export async function down(): Promise<void> {}
