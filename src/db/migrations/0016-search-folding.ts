import type { Kysely } from 'kysely';
import { searchable } from '../../domains/members/member-record.ts';

/** Rows read and rewritten at a time, so a large network is never held in memory at once. */
export const reindexBatchSize = 500;

// Immutable once landed: later changes go in new migrations.
// Member search now folds diacritics ("Gonzalez" finds "González"): every stored search_text is rebuilt with the
// one `searchable` the writes and the queries use, in id order, a batch at a time. Erased tombstones keep their
// empty text (they never match a search); rows whose text is already folded are not written.
export async function up(db: Kysely<any>): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('members')
      .select(['id', 'name', 'email_display', 'email_ascii', 'organisation', 'search_text'])
      .where('id', '>', after)
      .where('erased_at', 'is', null)
      .orderBy('id')
      .limit(reindexBatchSize)
      .execute()) as { id: number; name: string; email_display: string; email_ascii: string | null; organisation: string; search_text: string }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const text = searchable(row.name, row.email_display, row.email_ascii ?? '', row.organisation);
      if (text !== row.search_text) await db.updateTable('members').set({ search_text: text }).where('id', '=', row.id).execute();
    }
    after = (rows.at(-1) as { id: number }).id;
  }
}

// Folded text still finds what it found before for unaccented queries; nothing to undo.
export async function down(): Promise<void> {}
