import type { Clock } from '../../clock.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { MemberRow } from '../members/member.table.ts';
import type { PostDelivery } from './discussion.table.ts';
import { readDiscussionSettings } from './discussion-settings.ts';

/** The member's own choice of how posts reach them (null: none made), and the network's default they get meanwhile. */
export async function memberDelivery(
  deps: { db: Db; config: Config },
  member: Pick<MemberRow, 'id' | 'network_id'>,
): Promise<{ chosen: PostDelivery | null; networkDefault: PostDelivery }> {
  const [row, settings] = await Promise.all([
    deps.db.selectFrom('discussion_members').select('delivery').where('member_id', '=', member.id).executeTakeFirst(),
    readDiscussionSettings(deps, member.network_id),
  ]);
  return { chosen: row?.delivery ?? null, networkDefault: settings.defaultDelivery };
}

/** Records the member's choice; it is theirs, so it goes in their history (a preferences change) rather than the staff audit log. */
export async function setMemberDelivery(deps: { db: Db; clock: Clock }, member: Pick<MemberRow, 'id'>, delivery: PostDelivery): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('discussion_members')
      .values({ member_id: member.id, posts_freely: 0, delivery, updated_at: now })
      .onConflict((oc) => oc.column('member_id').doUpdateSet({ delivery, updated_at: now }))
      .execute();
    await trx
      .insertInto('member_events')
      .values({
        member_id: member.id,
        at: now,
        kind: 'preferences_updated',
        from_status: null,
        to_status: null,
        actor_label: 'member',
        details: JSON.stringify({ discussionDelivery: delivery }),
      })
      .execute();
  });
}
