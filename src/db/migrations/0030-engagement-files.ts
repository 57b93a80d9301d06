import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
// A member state's dossier lists the events its people registered for: registrations are found by the registrant's
// member state, then grouped by event (without the index, every registration of the network is read). And an
// engagement may carry files (the agenda, the slides, the letter sent): the bytes in the file storage under
// `file_key`, the type read from their bytes, like a resource's file.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('event_registrations_member_state').on('event_registrations').columns(['member_state', 'event_id']).execute();
  await withId(db, db.schema.createTable('engagement_files'))
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('file_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_type', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('engagement_files_engagement').on('engagement_files').columns(['engagement_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_files').execute();
  await db.schema.dropIndex('event_registrations_member_state').execute();
}
