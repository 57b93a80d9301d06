import type { Db } from '../../db/database.ts';
import { containsAny } from '../../db/text-match.ts';
import type { CapturedMailRow } from './captured-mail.table.ts';

/** A page of captured mail, newest first, without the raw source. */
export function listCapturedMail(db: Db, options: { limit: number; beforeId?: number }) {
  let query = db.selectFrom('captured_mail').select(['id', 'created_at', 'envelope_to', 'subject']).orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  return query.execute();
}

export function findCapturedMail(db: Db, id: number): Promise<CapturedMailRow | undefined> {
  return db.selectFrom('captured_mail').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes the captured messages sent to, or mentioning, any of `texts` (an erased member's address forms). */
export async function deleteCapturedMailMentioning(db: Db, texts: readonly string[]): Promise<void> {
  await db
    .deleteFrom('captured_mail')
    .where((eb) => eb.or([containsAny('envelope_to', texts), containsAny('raw', texts)]))
    .execute();
}
