import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { StakeholderGroup } from '../members/member.table.ts';
import type {
  Confidentiality,
  EngagementFileRow,
  EngagementFollowUpRow,
  EngagementKind,
  EngagementLinkRow,
  EngagementOrganisationRow,
  EngagementRow,
  EngagementStatus,
  EngagementTable,
  TopicRow,
} from './engagement.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

/** The filters of the engagement list (admin page and API). */
export interface EngagementFilters {
  kind?: EngagementKind;
  status?: EngagementStatus;
  confidentiality?: Confidentiality;
  memberState?: string;
  topicId?: number;
  organisationId?: number;
  /** Text found in the title or the place (case-insensitive). */
  q?: string;
}

/** A keyset position in the timeline (newest first): the start date and id of the last row shown. */
export interface TimelineCursor {
  startDate: string;
  id: number;
}

/** The links of an engagement besides its row, as stored. */
export interface EngagementLinks {
  memberStates: string[];
  /** The engagement's network and the days it put the team in contact (`contactSpan`), kept on each member state row. */
  contact: { networkId: number; from: string | null; to: string | null };
  organisationIds: number[];
  memberIds: number[];
  participantIds: number[];
  topicIds: number[];
  followUps: { id?: number; action: string; ownerStaffId: number; dueDate: string | null; doneAt: string | null }[];
  links: { url: string; label: string }[];
}

export type EngagementValues = Omit<EngagementTable, 'id'>;

export function findEngagement(db: Executor, id: number): Promise<EngagementRow | undefined> {
  return db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertEngagement(db: Executor, values: EngagementValues): Promise<EngagementRow> {
  return db.insertInto('engagements').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateEngagement(db: Executor, id: number, changes: Partial<EngagementValues>): Promise<void> {
  await db.updateTable('engagements').set(changes).where('id', '=', id).execute();
}

/** Replaces the counterparts, participants, topics and links given (an absent key keeps what is stored). */
export async function replaceLinks(db: Executor, engagementId: number, links: Partial<EngagementLinks>, now: string): Promise<void> {
  const id = engagementId;
  if (links.memberStates) {
    await db.deleteFrom('engagement_member_states').where('engagement_id', '=', id).execute();
    if (links.memberStates.length)
      await db
        .insertInto('engagement_member_states')
        .values(
          links.memberStates.map((member_state) => ({
            engagement_id: id,
            member_state,
            network_id: links.contact?.networkId ?? null,
            contact_from: links.contact?.from ?? null,
            contact_to: links.contact?.to ?? null,
          })),
        )
        .execute();
  }
  if (links.organisationIds) {
    await db.deleteFrom('engagement_counterpart_organisations').where('engagement_id', '=', id).execute();
    if (links.organisationIds.length)
      await db
        .insertInto('engagement_counterpart_organisations')
        .values(links.organisationIds.map((organisation_id) => ({ engagement_id: id, organisation_id })))
        .execute();
  }
  if (links.memberIds) {
    await db.deleteFrom('engagement_members').where('engagement_id', '=', id).execute();
    if (links.memberIds.length)
      await db
        .insertInto('engagement_members')
        .values(links.memberIds.map((member_id) => ({ engagement_id: id, member_id })))
        .execute();
  }
  if (links.participantIds) {
    await db.deleteFrom('engagement_participants').where('engagement_id', '=', id).execute();
    if (links.participantIds.length)
      await db
        .insertInto('engagement_participants')
        .values(links.participantIds.map((staff_id) => ({ engagement_id: id, staff_id })))
        .execute();
  }
  if (links.topicIds) {
    await db.deleteFrom('engagement_topics').where('engagement_id', '=', id).execute();
    if (links.topicIds.length)
      await db
        .insertInto('engagement_topics')
        .values(links.topicIds.map((topic_id) => ({ engagement_id: id, topic_id })))
        .execute();
  }
  if (links.followUps) await replaceFollowUps(db, id, links.followUps, now);
  if (links.links) {
    await db.deleteFrom('engagement_links').where('engagement_id', '=', id).execute();
    if (links.links.length)
      await db
        .insertInto('engagement_links')
        .values(links.links.map((l) => ({ engagement_id: id, url: l.url, label: l.label })))
        .execute();
  }
}

/** Follow-ups keep their id (and creation time) when given one of this engagement's; others are new; missing ones go. */
async function replaceFollowUps(db: Executor, engagementId: number, followUps: EngagementLinks['followUps'], now: string): Promise<void> {
  const existing = new Set((await db.selectFrom('engagement_follow_ups').select('id').where('engagement_id', '=', engagementId).execute()).map((r) => r.id));
  const kept = followUps.filter((f) => f.id !== undefined && existing.has(f.id)).map((f) => f.id as number);
  let remove = db.deleteFrom('engagement_follow_ups').where('engagement_id', '=', engagementId);
  if (kept.length) remove = remove.where('id', 'not in', kept);
  await remove.execute();
  for (const f of followUps) {
    const values = { action: f.action, owner_staff_id: f.ownerStaffId, due_date: f.dueDate, done_at: f.doneAt };
    if (f.id !== undefined && existing.has(f.id)) await db.updateTable('engagement_follow_ups').set(values).where('id', '=', f.id).execute();
    else
      await db
        .insertInto('engagement_follow_ups')
        .values({ engagement_id: engagementId, ...values, created_at: now })
        .execute();
  }
}

/** Everything linked to the engagements `ids`, read in one query per kind of link (for a page of rows or one). */
export async function loadLinks(db: Executor, ids: number[]) {
  if (ids.length === 0) return { memberStates: [], organisations: [], members: [], participants: [], topics: [], followUps: [], links: [] };
  const [memberStates, organisations, members, participants, topics, followUps, links] = await Promise.all([
    db.selectFrom('engagement_member_states').selectAll().where('engagement_id', 'in', ids).orderBy('member_state').execute(),
    db
      .selectFrom('engagement_counterpart_organisations as c')
      .innerJoin('engagement_organisations as o', 'o.id', 'c.organisation_id')
      .select(['c.engagement_id', 'o.id', 'o.name'])
      .where('c.engagement_id', 'in', ids)
      .orderBy('o.name')
      .execute(),
    db
      .selectFrom('engagement_members as l')
      .innerJoin('members as m', 'm.id', 'l.member_id')
      .select(['l.engagement_id', 'm.id', 'm.name', 'm.member_state', 'm.erased_at'])
      .where('l.engagement_id', 'in', ids)
      .orderBy('m.name')
      .execute(),
    db
      .selectFrom('engagement_participants as p')
      .innerJoin('staff_accounts as s', 's.id', 'p.staff_id')
      .select(['p.engagement_id', 's.id', 's.name'])
      .where('p.engagement_id', 'in', ids)
      .orderBy('s.name')
      .execute(),
    db
      .selectFrom('engagement_topics as et')
      .innerJoin('topics as t', 't.id', 'et.topic_id')
      .select(['et.engagement_id', 't.id', 't.name'])
      .where('et.engagement_id', 'in', ids)
      .orderBy('t.name')
      .execute(),
    db
      .selectFrom('engagement_follow_ups as f')
      .leftJoin('staff_accounts as s', 's.id', 'f.owner_staff_id')
      .selectAll('f')
      .select('s.name as owner_name')
      .where('f.engagement_id', 'in', ids)
      .orderBy('f.id')
      .execute(),
    db.selectFrom('engagement_links').selectAll().where('engagement_id', 'in', ids).orderBy('id').execute(),
  ]);
  return { memberStates, organisations, members, participants, topics, followUps, links };
}

export type LoadedLinks = Awaited<ReturnType<typeof loadLinks>>;
export type FollowUpWithOwner = EngagementFollowUpRow & { owner_name: string | null };
export type { EngagementLinkRow };

/** One page of a network's engagements, newest start date first, after the keyset `cursor`. */
export function listEngagements(
  db: Executor,
  networkId: number,
  filters: EngagementFilters,
  page: { limit: number; after?: TimelineCursor },
): Promise<EngagementRow[]> {
  let query = db.selectFrom('engagements').selectAll().where('network_id', '=', networkId);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.confidentiality) query = query.where('confidentiality', '=', filters.confidentiality);
  if (filters.memberState) {
    const state = filters.memberState;
    query = query.where('id', 'in', (eb) => eb.selectFrom('engagement_member_states').select('engagement_id').where('member_state', '=', state));
  }
  if (filters.topicId) {
    const topicId = filters.topicId;
    query = query.where('id', 'in', (eb) => eb.selectFrom('engagement_topics').select('engagement_id').where('topic_id', '=', topicId));
  }
  if (filters.organisationId) {
    const organisationId = filters.organisationId;
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('engagement_counterpart_organisations').select('engagement_id').where('organisation_id', '=', organisationId),
    );
  }
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(title) like ${pattern} escape '\\' or lower(place) like ${pattern} escape '\\')`);
  }
  const after = page.after;
  if (after)
    query = query.where((eb) => eb.or([eb('start_date', '<', after.startDate), eb.and([eb('start_date', '=', after.startDate), eb('id', '<', after.id)])]));
  return query.orderBy('start_date', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/** Every engagement with `memberState` as a counterpart, newest first (a dossier's timeline). */
export function listMemberStateEngagements(db: Executor, networkId: number, memberState: string, limit: number): Promise<EngagementRow[]> {
  return db
    .selectFrom('engagements as e')
    .innerJoin('engagement_member_states as s', 's.engagement_id', 'e.id')
    .selectAll('e')
    .where('e.network_id', '=', networkId)
    .where('s.member_state', '=', memberState)
    .orderBy('e.start_date', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
}

/** Members from a member state by stakeholder group and status (erased members left out). */
export async function memberCounts(
  db: Executor,
  networkId: number,
  memberState: string,
): Promise<{ stakeholderGroup: StakeholderGroup | null; status: string; n: number }[]> {
  // Grouped by an expression, not the column: SQLite's planner (no ANALYZE statistics) otherwise walks the whole
  // network through the stakeholder-group index to avoid a sort, 6x slower than the member-state index's range.
  const group = sql<string>`coalesce(stakeholder_group, '')`;
  const rows = await db
    .selectFrom('members')
    .select([group.as('stakeholder_group'), 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('network_id', '=', networkId)
    .where('member_state', '=', memberState)
    .where('erased_at', 'is', null)
    .groupBy([group, 'status'])
    .execute();
  return rows.map((r) => ({ stakeholderGroup: (r.stakeholder_group || null) as StakeholderGroup | null, status: r.status, n: Number(r.n) }));
}

/** Open follow-ups of the engagements with `memberState`, soonest due first (undated last). */
export function openFollowUpsOfMemberState(db: Executor, networkId: number, memberState: string) {
  return db
    .selectFrom('engagement_follow_ups as f')
    .innerJoin('engagements as e', 'e.id', 'f.engagement_id')
    .innerJoin('engagement_member_states as s', 's.engagement_id', 'e.id')
    .leftJoin('staff_accounts as o', 'o.id', 'f.owner_staff_id')
    .selectAll('f')
    .select(['o.name as owner_name', 'e.title as engagement_title'])
    .where('e.network_id', '=', networkId)
    .where('s.member_state', '=', memberState)
    .where('f.done_at', 'is', null)
    .orderBy(sql`case when f.due_date is null then 1 else 0 end`)
    .orderBy('f.due_date')
    .orderBy('f.id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Counterpart organisations and topics: small per-network lists, read whole.

export function listOrganisations(db: Executor, networkId: number): Promise<EngagementOrganisationRow[]> {
  return db.selectFrom('engagement_organisations').selectAll().where('network_id', '=', networkId).orderBy('name').orderBy('id').execute();
}

export function findOrganisation(db: Executor, id: number): Promise<EngagementOrganisationRow | undefined> {
  return db.selectFrom('engagement_organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts an organisation unless one with the same folded name exists; returns whether it did. */
export async function insertOrganisation(db: Executor, values: { networkId: number; name: string; nameKey: string }, now: string): Promise<boolean> {
  const result = await db
    .insertInto('engagement_organisations')
    .values({ network_id: values.networkId, name: values.name, name_key: values.nameKey, created_at: now })
    .onConflict((oc) => oc.columns(['network_id', 'name_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function renameOrganisation(db: Executor, id: number, name: string, nameKey: string): Promise<void> {
  await db.updateTable('engagement_organisations').set({ name, name_key: nameKey }).where('id', '=', id).execute();
}

export async function countOrganisationUses(db: Executor, id: number): Promise<number> {
  const row = await db
    .selectFrom('engagement_counterpart_organisations')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteOrganisation(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('engagement_organisations').where('id', '=', id).execute();
}

export function listTopics(db: Executor, networkId: number): Promise<TopicRow[]> {
  return db.selectFrom('topics').selectAll().where('network_id', '=', networkId).orderBy('name').orderBy('id').execute();
}

/** The topic with this folded name, created when there is none (two writers racing get the same row). */
export async function ensureTopic(db: Executor, values: { networkId: number; name: string; nameKey: string }, now: string): Promise<TopicRow> {
  await db
    .insertInto('topics')
    .values({ network_id: values.networkId, name: values.name, name_key: values.nameKey, created_at: now })
    .onConflict((oc) => oc.columns(['network_id', 'name_key']).doNothing())
    .execute();
  return db.selectFrom('topics').selectAll().where('network_id', '=', values.networkId).where('name_key', '=', values.nameKey).executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------------------------
// Coverage: the last contact with each member state, from the contact days kept on its rows.

const stateCode = /^[A-Z]{2}$/;

export interface StateContact {
  code: string;
  /** The latest contact day before `today`, if any. */
  past: string | null;
  /** Whether an engagement puts the team in contact today (ongoing, or a range around today). */
  current: boolean;
  /** Engagements in contact with the member state on or after `since`. */
  recent: number;
}

/**
 * The contacts of each member state given, as of `today`: per state two index seeks (the latest day before today, and
 * an engagement around today) and a count of its engagements since `since`, whatever the number of engagements.
 */
export async function stateContacts(db: Executor, networkId: number, codes: readonly string[], today: string, since: string): Promise<StateContact[]> {
  const valid = codes.filter((c) => stateCode.test(c));
  if (valid.length === 0) return [];
  // Codes are two capital letters (checked above), so they go in the text as literals: one statement for every state.
  const states = sql.join(
    valid.map((code) => sql`select ${sql.lit(code)} as code`),
    sql` union all `,
  );
  const result = await sql<{ code: string; past: string | null; current: number | null; recent: number | string }>`
    select s.code,
      (select c.contact_to from engagement_member_states c
        where c.network_id = ${networkId} and c.member_state = s.code and c.contact_to < ${today}
        order by c.contact_to desc limit 1) as past,
      (select 1 from engagement_member_states c
        where c.network_id = ${networkId} and c.member_state = s.code and c.contact_to >= ${today} and c.contact_from <= ${today}
        limit 1) as current,
      (select count(*) from engagement_member_states c
        where c.network_id = ${networkId} and c.member_state = s.code and c.contact_to >= ${since} and c.contact_from <= ${today}) as recent
    from (${states}) s`.execute(db);
  return result.rows.map((r) => ({ code: r.code, past: r.past, current: r.current !== null, recent: Number(r.recent) }));
}

/** The latest engagements with any of these member states as a counterpart, newest first (a regional group's timeline). */
export function listEngagementsOfStates(db: Executor, networkId: number, codes: readonly string[], limit: number): Promise<EngagementRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('engagements')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('engagement_member_states')
        .select('engagement_id')
        .where('member_state', 'in', [...codes]),
    )
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** How many of a member state's people registered for (confirmed) and attended each event, the latest events first. */
export async function eventsOfMemberState(db: Executor, networkId: number, memberState: string, limit: number) {
  // Through the registrations' member-state index (migration 0030): only this state's registrations are read.
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select([
      'e.id',
      'e.title',
      'e.starts_at',
      'e.status',
      sql<number | string>`sum(case when r.status = 'confirmed' then 1 else 0 end)`.as('registered'),
      sql<number | string>`sum(case when r.attended = 1 then 1 else 0 end)`.as('attended'),
    ])
    .where('r.member_state', '=', memberState)
    .where('e.network_id', '=', networkId)
    .where((eb) => eb.or([eb('r.status', '=', 'confirmed'), eb('r.attended', '=', 1)]))
    .groupBy(['e.id', 'e.title', 'e.starts_at', 'e.status'])
    .orderBy('e.starts_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    startsAt: r.starts_at,
    status: r.status,
    registered: Number(r.registered),
    attended: Number(r.attended),
  }));
}

/**
 * The latest sent announcements with how many of their deliveries reached a regional group, from the summed
 * `announcement_reach` (null while a send is not summed yet): never the deliveries themselves.
 */
export async function announcementsReachingGroup(db: Executor, networkId: number, regionalGroup: string, limit: number) {
  const rows = await db
    .selectFrom('announcements as a')
    .leftJoin('announcement_reach as r', (j) => j.onRef('r.announcement_id', '=', 'a.id').on('r.regional_group', '=', regionalGroup).on('r.state', '=', 'sent'))
    .select(['a.id', 'a.subject', 'a.finished_at', 'a.reach_at', 'r.n'])
    .where('a.network_id', '=', networkId)
    .where('a.status', '=', 'sent')
    .orderBy('a.finished_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, subject: r.subject, sentAt: r.finished_at, delivered: r.reach_at === null ? null : Number(r.n ?? 0) }));
}

/** An engagement's files, in the order they were added. */
export function listEngagementFiles(db: Executor, engagementId: number): Promise<EngagementFileRow[]> {
  return db.selectFrom('engagement_files').selectAll().where('engagement_id', '=', engagementId).orderBy('id').execute();
}

/** One file of an engagement, or undefined (another engagement's file is not this one's). */
export function findEngagementFile(db: Executor, engagementId: number, fileId: number): Promise<EngagementFileRow | undefined> {
  return db.selectFrom('engagement_files').selectAll().where('id', '=', fileId).where('engagement_id', '=', engagementId).executeTakeFirst();
}

export function insertEngagementFile(db: Executor, values: Omit<EngagementFileRow, 'id'>): Promise<EngagementFileRow> {
  return db.insertInto('engagement_files').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function deleteEngagementFile(db: Executor, fileId: number): Promise<void> {
  await db.deleteFrom('engagement_files').where('id', '=', fileId).execute();
}
