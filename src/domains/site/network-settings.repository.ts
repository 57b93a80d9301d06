import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { NetworkLogoRow, NetworkTable } from './site.table.ts';

/** Writes some of the network's settings columns. */
export async function updateNetwork(db: Db, networkId: number, values: Updateable<NetworkTable>): Promise<void> {
  await db.updateTable('networks').set(values).where('id', '=', networkId).execute();
}

/** The logo with its bytes (base64), for serving it. */
export function findLogo(db: Db, networkId: number): Promise<NetworkLogoRow | undefined> {
  return db.selectFrom('network_logos').selectAll().where('network_id', '=', networkId).executeTakeFirst();
}

/** Whether there is a logo and its digest (for a URL that changes with it), without reading the bytes. */
export function findLogoDigest(db: Db, networkId: number): Promise<{ sha256: string } | undefined> {
  return db.selectFrom('network_logos').select('sha256').where('network_id', '=', networkId).executeTakeFirst();
}

/** Stores the network's one logo, replacing any earlier one. */
export async function saveLogo(db: Db, row: NetworkLogoRow): Promise<void> {
  const { network_id, ...rest } = row;
  await db
    .insertInto('network_logos')
    .values(row)
    .onConflict((oc) => oc.column('network_id').doUpdateSet(rest))
    .execute();
}

/** Removes the logo; true when there was one. */
export async function deleteLogo(db: Db, networkId: number): Promise<boolean> {
  const result = await db.deleteFrom('network_logos').where('network_id', '=', networkId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
