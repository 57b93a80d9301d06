import type { Transaction } from 'kysely';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { listStaff } from '../auth/auth.repository.ts';
import type { StaffRole } from '../auth/auth.table.ts';
import { findMemberByKey } from '../members/member.repository.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import type { Confidentiality, EngagementRow, TopicRow } from './engagement.table.ts';
import { checkFields, defaultFields, type EngagementFields, type EngagementPatch, nameKey, parsePatch } from './engagement-input.ts';

export type EngagementDeps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Who reads or writes an engagement: the staff account behind the request (a signed-in session, or an API
 * token's creator; null for a token made on the command line), the role it acts with now, and the actor the
 * audit log names.
 */
export interface EngagementReader {
  actor: Actor;
  staffId: number | null;
  role: StaffRole;
}

export interface NamedRef {
  id: number;
  name: string;
}

/** An engagement with everything linked to it, as a reader may see it. */
export interface EngagementView {
  row: EngagementRow;
  memberStates: string[];
  organisations: NamedRef[];
  members: (NamedRef & { memberState: string | null; erased: boolean })[];
  owner: NamedRef | null;
  participants: NamedRef[];
  topics: NamedRef[];
  followUps: repo.FollowUpWithOwner[];
  links: { url: string; label: string }[];
  /** The outcome notes; null when they are restricted and this reader may not read them. */
  notes: string | null;
}

/** A row of the engagement list: the engagement and its counterparts, never its notes. */
export type EngagementSummary = Omit<EngagementView, 'notes' | 'followUps' | 'links' | 'members' | 'participants'>;

/**
 * Restricted notes are for the engagement's staff owner and participants acting as editors, and for staff
 * owners; never for a viewer (a viewer account, or a viewer token), nor a token that stands for no staff account.
 */
export function canReadRestricted(reader: EngagementReader, row: EngagementRow, participantIds: readonly number[]): boolean {
  if (reader.role === 'owner') return true;
  if (reader.role !== 'editor' || reader.staffId === null) return false;
  return reader.staffId === row.owner_staff_id || participantIds.includes(reader.staffId);
}

/**
 * Whether an engagement may be shown to an audience outside staff: the Board reads `board` and `public` ones,
 * the public site only `public` ones. Restricted notes never leave staff, whatever the confidentiality.
 */
export function sharedWith(confidentiality: Confidentiality, audience: 'board' | 'public'): boolean {
  return audience === 'board' ? confidentiality !== 'internal' : confidentiality === 'public';
}

function group<T extends { engagement_id: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) map.set(r.engagement_id, [...(map.get(r.engagement_id) ?? []), r]);
  return map;
}

async function staffNames(deps: EngagementDeps): Promise<Map<number, string>> {
  return new Map((await listStaff(deps.db)).map((s) => [s.id, s.name]));
}

async function views(deps: EngagementDeps, rows: EngagementRow[]): Promise<Omit<EngagementView, 'notes'>[]> {
  const [links, names] = await Promise.all([
    repo.loadLinks(
      deps.db,
      rows.map((r) => r.id),
    ),
    staffNames(deps),
  ]);
  const by = {
    memberStates: group(links.memberStates),
    organisations: group(links.organisations),
    members: group(links.members),
    participants: group(links.participants),
    topics: group(links.topics),
    followUps: group(links.followUps),
    links: group(links.links),
  };
  return rows.map((row) => ({
    row,
    memberStates: (by.memberStates.get(row.id) ?? []).map((s) => s.member_state),
    organisations: (by.organisations.get(row.id) ?? []).map(({ id, name }) => ({ id, name })),
    members: (by.members.get(row.id) ?? []).map((m) => ({ id: m.id, name: m.name, memberState: m.member_state, erased: m.erased_at !== null })),
    owner: row.owner_staff_id !== null ? { id: row.owner_staff_id, name: names.get(row.owner_staff_id) ?? '' } : null,
    participants: (by.participants.get(row.id) ?? []).map(({ id, name }) => ({ id, name })),
    topics: (by.topics.get(row.id) ?? []).map(({ id, name }) => ({ id, name })),
    followUps: by.followUps.get(row.id) ?? [],
    links: (by.links.get(row.id) ?? []).map(({ url, label }) => ({ url, label })),
  }));
}

/**
 * Adds the notes a reader may see to loaded engagements. Each restricted engagement whose notes are shown is
 * recorded in the audit log (`engagement.read_restricted`): the log says who read a restricted record.
 */
async function withNotes(deps: EngagementDeps, reader: EngagementReader, loaded: Omit<EngagementView, 'notes'>[]): Promise<EngagementView[]> {
  const result: EngagementView[] = [];
  for (const view of loaded) {
    const restricted = view.row.restricted === 1;
    const allowed =
      !restricted ||
      canReadRestricted(
        reader,
        view.row,
        view.participants.map((p) => p.id),
      );
    if (restricted && allowed) await recordAudit(deps, reader.actor, 'engagement.read_restricted', `engagement:${view.row.id}`);
    result.push({ ...view, notes: allowed ? view.row.notes : null });
  }
  return result;
}

/** The engagement of the current network with this id, or `not_found`. */
async function rowOf(deps: EngagementDeps, id: number): Promise<EngagementRow> {
  const [row, network] = await Promise.all([repo.findEngagement(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** One engagement as the reader may see it (restricted notes only with the right, and the read audited). */
export async function getEngagement(deps: EngagementDeps, reader: EngagementReader, id: number): Promise<EngagementView> {
  const [view] = await withNotes(deps, reader, await views(deps, [await rowOf(deps, id)]));
  return view as EngagementView;
}

/** Whether the reader is kept from an engagement's notes (restricted, without the right); reads nothing restricted. */
export async function notesWithheldFrom(deps: EngagementDeps, reader: EngagementReader, id: number): Promise<boolean> {
  const row = await rowOf(deps, id);
  if (row.restricted === 0) return false;
  const [view] = await views(deps, [row]);
  return !canReadRestricted(
    reader,
    row,
    (view?.participants ?? []).map((p) => p.id),
  );
}

/** Engagements as readers see them, for lists that show notes (a dossier's timeline). */
export async function engagementViews(deps: EngagementDeps, reader: EngagementReader, rows: EngagementRow[]): Promise<EngagementView[]> {
  return withNotes(deps, reader, await views(deps, rows));
}

/** Engagements with everything linked but no notes (nothing restricted is read, so nothing is audited). */
export async function engagementViewsWithoutNotes(deps: EngagementDeps, rows: EngagementRow[]): Promise<EngagementView[]> {
  return (await views(deps, rows)).map((view) => ({ ...view, notes: null }));
}

/** One page of the timeline (newest first) with its counterparts and topics; `next` is the cursor of the page after. */
export async function listEngagementPage(
  deps: EngagementDeps,
  filters: repo.EngagementFilters,
  page: { limit: number; after?: repo.TimelineCursor },
): Promise<{ data: EngagementSummary[]; next: repo.TimelineCursor | null }> {
  const network = await requireNetwork(deps);
  const rows = await repo.listEngagements(deps.db, network.id, filters, { limit: page.limit + 1, after: page.after });
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  const data = (await views(deps, shown)).map(({ followUps: _f, links: _l, members: _m, participants: _p, ...summary }) => summary);
  return { data, next: rows.length > page.limit && last ? { startDate: last.start_date, id: last.id } : null };
}

/** An engagement's stored fields in the input's shape, so a patch can be laid over them. */
function fieldsOf(view: Omit<EngagementView, 'notes'>): EngagementFields {
  const { row } = view;
  return {
    kind: row.kind,
    title: row.title,
    startDate: row.start_date,
    endDate: row.end_date,
    ongoing: row.ongoing === 1,
    place: row.place,
    online: row.online === 1,
    status: row.status,
    confidentiality: row.confidentiality,
    restricted: row.restricted === 1,
    notes: row.notes,
    memberStates: view.memberStates,
    organisations: view.organisations.map((o) => o.name),
    memberIds: view.members.map((m) => m.id),
    ownerStaffId: row.owner_staff_id,
    participantStaffIds: view.participants.map((p) => p.id),
    topics: view.topics.map((t) => t.name),
    followUps: view.followUps.map((f) => ({
      id: f.id,
      action: f.action,
      ownerStaffId: f.owner_staff_id,
      dueDate: f.due_date,
      done: f.done_at !== null,
    })),
    links: view.links,
    submission:
      row.kind === 'submission' && row.external_body !== null
        ? {
            externalBody: row.external_body,
            consultation: row.consultation ?? '',
            deadline: row.deadline,
            status: row.submission_status ?? 'drafting',
            resourceUrl: row.resource_url,
          }
        : null,
  };
}

interface Resolved {
  organisationIds: number[];
  topicNames: { name: string; key: string }[];
}

/** Checks what the fields point at (organisations in the list, staff accounts, members of the network) before anything is written. */
async function resolve(deps: EngagementDeps, networkId: number, fields: EngagementFields): Promise<Resolved> {
  const organisations = new Map((await repo.listOrganisations(deps.db, networkId)).map((o) => [o.name_key, o.id]));
  const organisationIds = fields.organisations.map((name) => {
    const found = organisations.get(nameKey(name));
    if (found === undefined) throw new AppError('engagement_unknown_organisation', { name: name.slice(0, 200) });
    return found;
  });
  const staff = await staffNames(deps);
  if (fields.ownerStaffId !== null && !staff.has(fields.ownerStaffId)) throw new AppError('invalid_input', { field: 'ownerStaffId' });
  if (fields.participantStaffIds.some((s) => !staff.has(s))) throw new AppError('invalid_input', { field: 'participantStaffIds' });
  if (fields.followUps.some((f) => !staff.has(f.ownerStaffId as number))) throw new AppError('invalid_input', { field: 'followUps' });
  if (fields.memberIds.length) {
    const found = await deps.db.selectFrom('members').select('id').where('network_id', '=', networkId).where('id', 'in', fields.memberIds).execute();
    if (found.length !== fields.memberIds.length) throw new AppError('invalid_input', { field: 'memberIds' });
  }
  // The first spelling of a name is the one a new topic is created with.
  const topicKeys = new Map<string, string>();
  for (const name of fields.topics) if (name && !topicKeys.has(nameKey(name))) topicKeys.set(nameKey(name), name);
  const topicNames = [...topicKeys].map(([key, name]) => ({ name, key }));
  return { organisationIds: [...new Set(organisationIds)], topicNames };
}

function columnsOf(fields: EngagementFields) {
  const s = fields.submission;
  return {
    kind: fields.kind,
    title: fields.title,
    start_date: fields.startDate,
    end_date: fields.endDate,
    ongoing: fields.ongoing ? 1 : 0,
    place: fields.place,
    online: fields.online ? 1 : 0,
    status: fields.status,
    confidentiality: fields.confidentiality,
    restricted: fields.restricted ? 1 : 0,
    notes: fields.notes,
    owner_staff_id: fields.ownerStaffId,
    external_body: s?.externalBody ?? null,
    consultation: s ? s.consultation || null : null,
    deadline: s?.deadline ?? null,
    submission_status: s ? (s.status ?? 'drafting') : null,
    resource_url: s?.resourceUrl || null,
  };
}

/** The end an ongoing engagement is given in `contact_to`: later than any day it can be asked about. */
export const ongoingEnd = '9999-12-31';

/**
 * The days an engagement puts the team in contact with its member states, as stored on their rows: none while
 * planned or once cancelled; from its start to its end (its start for a day; `ongoingEnd` while it runs on).
 */
export function contactSpan(fields: Pick<EngagementFields, 'status' | 'startDate' | 'endDate' | 'ongoing'>): { from: string | null; to: string | null } {
  if (fields.status !== 'done' && fields.status !== 'ongoing') return { from: null, to: null };
  return { from: fields.startDate, to: fields.ongoing ? ongoingEnd : (fields.endDate ?? fields.startDate) };
}

/** Writes the links of an engagement in the same transaction as its row; topics named for the first time are created. */
async function writeLinks(
  trx: Transaction<Database>,
  networkId: number,
  engagementId: number,
  fields: EngagementFields,
  resolved: Resolved,
  previous: Map<number, string | null>,
  now: string,
): Promise<void> {
  const topics: TopicRow[] = [];
  for (const t of resolved.topicNames) topics.push(await repo.ensureTopic(trx, { networkId, name: t.name, nameKey: t.key }, now));
  await repo.replaceLinks(
    trx,
    engagementId,
    {
      memberStates: fields.memberStates,
      contact: { networkId, ...contactSpan(fields) },
      organisationIds: resolved.organisationIds,
      memberIds: fields.memberIds,
      participantIds: fields.participantStaffIds,
      topicIds: topics.map((t) => t.id),
      followUps: fields.followUps.map((f) => ({
        id: f.id,
        action: f.action,
        ownerStaffId: f.ownerStaffId as number,
        dueDate: f.dueDate ?? null,
        // A follow-up done before keeps the time it was done; one ticked now is done now.
        doneAt: f.done ? ((f.id !== undefined ? previous.get(f.id) : null) ?? now) : null,
      })),
      links: fields.links.map((l) => ({ url: l.url, label: l.label || l.url })),
    },
    now,
  );
}

/** Records a new engagement after checking every rule; nothing is stored when one fails. */
export async function createEngagement(deps: EngagementDeps, reader: EngagementReader, input: unknown): Promise<EngagementRow> {
  const patch = parsePatch(input);
  if (patch.kind === undefined) throw new AppError('invalid_input', { field: 'kind' });
  if (patch.title === undefined) throw new AppError('invalid_input', { field: 'title' });
  if (patch.startDate === undefined) throw new AppError('invalid_input', { field: 'startDate' });
  const fields = checkFields({ ...defaultFields(), ...definedOf(patch) } as EngagementFields);
  const network = await requireNetwork(deps);
  const resolved = await resolve(deps, network.id, fields);
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertEngagement(trx, {
      network_id: network.id,
      ...columnsOf(fields),
      created_by: reader.actor.label,
      created_at: now,
      updated_at: now,
    });
    await writeLinks(trx, network.id, inserted.id, fields, resolved, new Map(), now);
    return inserted;
  });
  await recordAudit(deps, reader.actor, 'engagement.create', `engagement:${row.id}`, { kind: row.kind, title: row.title });
  return row;
}

/** The keys a patch gives a value for (undefined means "not given", as in a JSON body without the key). */
function definedOf(patch: EngagementPatch): EngagementPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as EngagementPatch;
}

/** What only a reader of a restricted engagement's notes may change: the notes, the restriction, and who may read them. */
const guardedFields = ['notes', 'restricted', 'ownerStaffId', 'participantStaffIds'] as const;

/**
 * Changes the fields a patch gives (the others stay), checking the whole engagement again. On a restricted
 * engagement, a reader without the right to its notes may change the rest, never the notes or who may read them
 * (`forbidden`). Changing the kind away from a submission drops its submission fields unless the patch gives them.
 */
export async function updateEngagement(deps: EngagementDeps, reader: EngagementReader, id: number, input: unknown): Promise<EngagementRow> {
  const patch = definedOf(parsePatch(input));
  if (Object.keys(patch).length === 0) throw new AppError('invalid_input', { field: 'body' });
  const row = await rowOf(deps, id);
  const [current] = await views(deps, [row]);
  if (!current) throw new AppError('not_found');
  const mayReadNotes =
    row.restricted === 0 ||
    canReadRestricted(
      reader,
      row,
      current.participants.map((p) => p.id),
    );
  if (!mayReadNotes && guardedFields.some((f) => f in patch)) throw new AppError('forbidden');
  const stored = fieldsOf(current);
  const merged = { ...stored, ...patch } as EngagementFields;
  if (patch.kind !== undefined && patch.kind !== 'submission' && !('submission' in patch)) merged.submission = null;
  const fields = checkFields(merged);
  const resolved = await resolve(deps, row.network_id, fields);
  const now = deps.clock.now().toISOString();
  const previous = new Map(current.followUps.map((f) => [f.id, f.done_at]));
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateEngagement(trx, id, { ...columnsOf(fields), updated_at: now });
    await writeLinks(trx, row.network_id, id, fields, resolved, previous, now);
  });
  await recordAudit(deps, reader.actor, 'engagement.update', `engagement:${id}`, { fields: Object.keys(patch) });
  return (await repo.findEngagement(deps.db, id)) ?? row;
}

/** The counterpart organisations and topics to choose from (a form's lists). */
export async function choices(deps: EngagementDeps) {
  const network = await requireNetwork(deps);
  const [organisations, topics, staff] = await Promise.all([
    repo.listOrganisations(deps.db, network.id),
    repo.listTopics(deps.db, network.id),
    listStaff(deps.db),
  ]);
  return { organisations, topics, staff: staff.filter((s) => s.deactivated_at === null) };
}

/**
 * The members of the network with these addresses (the admin form names members by address), in any spelling the
 * address module accepts; an address that is no member's is `engagement_unknown_member`.
 */
export async function memberIdsForAddresses(deps: EngagementDeps, addresses: string[]): Promise<number[]> {
  const network = await requireNetwork(deps);
  const ids: number[] = [];
  for (const address of addresses) {
    const parsed = parseEmailAddress(address, { specialUseDomains: 'allow' });
    const member = parsed.ok ? await findMemberByKey(deps.db, network.id, parsed.address.dedupeKey) : undefined;
    if (!member || member.erased_at) throw new AppError('engagement_unknown_member', { address: address.slice(0, 200) });
    ids.push(member.id);
  }
  return ids;
}

/** The email address of each linked member the reader may see (for the admin form, which names members by address). */
export async function memberAddresses(deps: EngagementDeps, memberIds: number[]): Promise<string[]> {
  if (memberIds.length === 0) return [];
  const rows = await deps.db.selectFrom('members').select(['email_display', 'erased_at']).where('id', 'in', memberIds).orderBy('id').execute();
  return rows.filter((r) => !r.erased_at).map((r) => r.email_display);
}
