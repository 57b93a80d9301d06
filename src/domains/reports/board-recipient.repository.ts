/** The SQL of Board recipients. */
import type { Db } from '../../db/database.ts';
import type { BoardRecipientRow, BoardRecipientTable } from './board-recipient.table.ts';

/** The network's Board recipients by name. */
export function listBoardRecipients(db: Db, networkId: number): Promise<BoardRecipientRow[]> {
  return db.selectFrom('board_recipients').selectAll().where('network_id', '=', networkId).orderBy('name').orderBy('id').execute();
}

/** A Board recipient of the network, by id. */
export function findBoardRecipient(db: Db, networkId: number, id: number): Promise<BoardRecipientRow | undefined> {
  return db.selectFrom('board_recipients').selectAll().where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
}

/** Adds a recipient; undefined when the network already has one with this mailbox (the unique key decides, not a read). */
export async function insertBoardRecipient(db: Db, values: Omit<BoardRecipientTable, 'id'>): Promise<BoardRecipientRow | undefined> {
  return db
    .insertInto('board_recipients')
    .values(values)
    .onConflict((oc) => oc.columns(['network_id', 'email_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Removes a recipient (and, by the foreign key, their emails still to be sent); false when there was none. */
export async function deleteBoardRecipient(db: Db, networkId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('board_recipients').where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
