import type { Db } from '../../db/database.ts';
import type { AnnouncementRow } from '../announcements/announcement.table.ts';

/**
 * One page of a network's announcements, newest first, before the keyset cursor `beforeId`.
 * (The announcement repository's list has no cursor; this is the API's paged read of the same table.)
 */
export function listAnnouncementPage(
  db: Db,
  networkId: number,
  page: { limit: number; beforeId?: number; status?: AnnouncementRow['status'] },
): Promise<AnnouncementRow[]> {
  let query = db.selectFrom('announcements').selectAll().where('network_id', '=', networkId).orderBy('id', 'desc').limit(page.limit);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  if (page.status) query = query.where('status', '=', page.status);
  return query.execute();
}
