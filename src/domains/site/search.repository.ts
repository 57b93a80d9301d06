import type { Db } from '../../db/database.ts';
import { containsAny } from '../../db/text-match.ts';

/** How many matches of each kind a search reads at most. */
export const searchLimit = 50;

/** Published resources with a version whose folded text holds `folded`, the newest first. */
export async function matchingResourceIds(db: Db, networkId: number, folded: string): Promise<number[]> {
  const rows = await db
    .selectFrom('resource_versions')
    .innerJoin('resources', 'resources.id', 'resource_versions.resource_id')
    .select('resources.id')
    .distinct()
    .where('resources.network_id', '=', networkId)
    .where('resources.status', '=', 'published')
    .where(containsAny('resource_versions.search_text', [folded]))
    .orderBy('resources.id', 'desc')
    .limit(searchLimit)
    .execute();
  return rows.map((r) => r.id);
}

/** Updates public at `now` with a version whose folded text holds `folded`, the newest first. */
export async function matchingUpdateIds(db: Db, networkId: number, folded: string, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('update_versions')
    .innerJoin('updates', 'updates.id', 'update_versions.update_id')
    .select('updates.id')
    .distinct()
    .where('updates.network_id', '=', networkId)
    .where('updates.status', '=', 'published')
    .where('updates.publish_at', '<=', now)
    .where(containsAny('update_versions.search_text', [folded]))
    .orderBy('updates.id', 'desc')
    .limit(searchLimit)
    .execute();
  return rows.map((r) => r.id);
}
