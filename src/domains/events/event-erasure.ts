import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { MemberRow } from '../members/member.table.ts';

/** What an erased registrant's name and address become: the registration is still counted, never named. */
const erased = '[erased]';

/**
 * Erasure reaches the member's registrations (linked, or made with their address before they joined): name,
 * address and organisation go; the status, member state and regional group stay, so the event's counts hold.
 */
export async function forgetRegistrationsOf(db: Db, member: Pick<MemberRow, 'id' | 'email_key'>): Promise<void> {
  await db
    .updateTable('event_registrations')
    // The key stays unique per event without naming anyone.
    .set({ name: erased, email_display: erased, email_key: sql<string>`${'erased:'} || cast(id as text)`, organisation: '', member_id: null })
    .where((eb) => eb.or([eb('member_id', '=', member.id), eb('email_key', '=', member.email_key)]))
    .execute();
}
