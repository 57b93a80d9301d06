import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { ConfirmationReason, MemberConfirmationRow, MemberEventRow, MemberRow, MemberStatus, MemberTable, SourceRow } from './member.table.ts';
import { searchable } from './member-record.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

/** The filters of the admin member list, the export and bulk actions. */
export interface MemberFilters {
  status?: MemberStatus;
  memberState?: string;
  regionalGroup?: string;
  stakeholderGroup?: string;
  language?: string;
  source?: string;
  /** Free text matched against name, email and organisation, in any script. */
  q?: string;
}

/** Applies filters to any query over `members` (erased tombstones never match a search or filter by text). */
export function applyMemberFilters<O>(query: SelectQueryBuilder<Database, 'members', O>, networkId: number, filters: MemberFilters) {
  let q = query.where('members.network_id', '=', networkId);
  if (filters.status) q = q.where('members.status', '=', filters.status);
  if (filters.memberState) q = q.where('members.member_state', '=', filters.memberState);
  if (filters.regionalGroup) q = q.where('members.regional_group', '=', filters.regionalGroup as MemberTable['regional_group']);
  if (filters.stakeholderGroup) q = q.where('members.stakeholder_group', '=', filters.stakeholderGroup as MemberTable['stakeholder_group']);
  if (filters.language) q = q.where('members.language', '=', filters.language);
  if (filters.source) q = q.where('members.source', '=', filters.source);
  if (filters.q) {
    // Folded exactly as the stored search_text is, so "Gonzalez" finds "González" on both databases.
    const pattern = `%${searchable(filters.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // ESCAPE makes the backslash escape % and _ on SQLite too (PostgreSQL defaults to it).
    q = q.where(sql<boolean>`members.search_text like ${pattern} escape '\\'`);
  }
  return q;
}

export function findMember(db: Executor, id: number): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMemberByKey(db: Executor, networkId: number, emailKey: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('network_id', '=', networkId).where('email_key', '=', emailKey).executeTakeFirst();
}

export function insertMember(db: Executor, values: Omit<MemberTable, 'id'>): Promise<MemberRow> {
  return db.insertInto('members').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateMember(db: Executor, id: number, changes: Partial<Omit<MemberTable, 'id'>>): Promise<void> {
  await db.updateTable('members').set(changes).where('id', '=', id).execute();
}

export async function insertMemberEvent(
  db: Executor,
  event: {
    memberId: number;
    at: Date;
    kind: string;
    fromStatus?: MemberStatus | null;
    toStatus?: MemberStatus | null;
    actorLabel: string;
    details?: Record<string, unknown> | null;
  },
): Promise<void> {
  await db
    .insertInto('member_events')
    .values({
      member_id: event.memberId,
      at: event.at.toISOString(),
      kind: event.kind,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      actor_label: event.actorLabel,
      details: event.details ? JSON.stringify(event.details) : null,
    })
    .execute();
}

export function listMemberEvents(db: Executor, memberId: number): Promise<MemberEventRow[]> {
  return db.selectFrom('member_events').selectAll().where('member_id', '=', memberId).orderBy('id').execute();
}

/** The change waiting for this member's confirmation, if any. */
export function findConfirmation(db: Executor, memberId: number): Promise<MemberConfirmationRow | undefined> {
  return db.selectFrom('member_confirmations').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

/** Records a change that waits for the member's confirmation, replacing any earlier one (its links stop working). */
export async function saveConfirmation(
  db: Executor,
  request: { memberId: number; reason: ConfirmationReason; changes: Partial<MemberTable> | null; requestedBy: string; at: Date },
): Promise<void> {
  const values = {
    reason: request.reason,
    changes: request.changes ? JSON.stringify(request.changes) : null,
    requested_by: request.requestedBy,
    created_at: request.at.toISOString(),
  };
  await db
    .insertInto('member_confirmations')
    .values({ member_id: request.memberId, ...values })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(values))
    .execute();
}

export async function deleteConfirmation(db: Executor, memberId: number): Promise<void> {
  await db.deleteFrom('member_confirmations').where('member_id', '=', memberId).execute();
}

/**
 * Claims the right to send a join email to an address: true when none was sent since `since`, and the
 * send is recorded in the same statement, so concurrent requests on any instance cannot both win.
 */
export async function claimJoinMail(db: Executor, addressKey: string, now: Date, since: Date): Promise<boolean> {
  await db.deleteFrom('join_mail_sends').where('sent_at', '<', since.toISOString()).execute();
  const result = await db
    .insertInto('join_mail_sends')
    .values({ address_key: addressKey, sent_at: now.toISOString() })
    .onConflict((oc) => oc.column('address_key').doUpdateSet({ sent_at: now.toISOString() }).where('join_mail_sends.sent_at', '<', since.toISOString()))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** One page of members, newest first, after the keyset cursor `beforeId` (no OFFSET, so deep pages stay fast). */
export function listMembers(db: Executor, networkId: number, filters: MemberFilters, page: { limit: number; beforeId?: number }): Promise<MemberRow[]> {
  let query = applyMemberFilters(db.selectFrom('members').selectAll(), networkId, filters).orderBy('id', 'desc').limit(page.limit);
  if (page.beforeId) query = query.where('id', '<', page.beforeId);
  return query.execute();
}

export async function countMembers(db: Executor, networkId: number, filters: MemberFilters): Promise<number> {
  const row = await applyMemberFilters(
    db.selectFrom('members').select((eb) => eb.fn.countAll<number | string>().as('n')),
    networkId,
    filters,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every member matching the filters, read in keyset chunks so memory stays flat at any size. */
export async function* streamMembers(db: Executor, networkId: number, filters: MemberFilters, chunkSize = 1000): AsyncGenerator<MemberRow> {
  let afterId = 0;
  for (;;) {
    const rows = await applyMemberFilters(db.selectFrom('members').selectAll(), networkId, filters)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(chunkSize)
      .execute();
    yield* rows;
    if (rows.length < chunkSize) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

export function listSources(db: Executor, networkId: number): Promise<SourceRow[]> {
  return db.selectFrom('sources').selectAll().where('network_id', '=', networkId).orderBy('id', 'desc').execute();
}

export async function insertSource(db: Executor, values: { networkId: number; tag: string; label: string; createdBy: string }, now: Date): Promise<void> {
  await db
    .insertInto('sources')
    .values({ network_id: values.networkId, tag: values.tag, label: values.label, created_by: values.createdBy, created_at: now.toISOString() })
    .execute();
}

/** The source tags in use, for the filter list: created links and tags members carry (read from the tallies). */
export async function listSourceTags(db: Executor, networkId: number): Promise<string[]> {
  const [created, carried] = await Promise.all([
    db.selectFrom('sources').select('tag').where('network_id', '=', networkId).execute(),
    db
      .selectFrom('member_tallies')
      .select('value')
      .distinct()
      .where('network_id', '=', networkId)
      .where('dimension', '=', 'source')
      .where('value', '!=', '')
      .where('n', '>', 0)
      .execute(),
  ]);
  return [...new Set([...created.map((r) => r.tag), ...carried.map((r) => r.value)])].sort();
}

/** Members per source tag (null: no source), all statuses, for the sources page (read from the tallies). */
export async function countBySource(db: Executor, networkId: number): Promise<Map<string | null, { total: number; subscribed: number }>> {
  const rows = await db
    .selectFrom('member_tallies')
    .select(['value', 'status', 'n'])
    .where('network_id', '=', networkId)
    .where('dimension', '=', 'source')
    .where('n', '>', 0)
    .execute();
  const counts = new Map<string | null, { total: number; subscribed: number }>();
  for (const row of rows) {
    const source = row.value === '' ? null : row.value;
    const entry = counts.get(source) ?? { total: 0, subscribed: 0 };
    entry.total += Number(row.n);
    if (row.status === 'subscribed') entry.subscribed += Number(row.n);
    counts.set(source, entry);
  }
  return counts;
}
