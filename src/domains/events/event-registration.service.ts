import { z } from 'zod';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { verifyLink } from '../../security/signed-links.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { applyMemberFilters, findMember, findMemberByKey } from '../members/member.repository.ts';
import * as members from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { geographyOf } from '../members/member-geography.ts';
import { memberAddressBoundary } from '../members/member-record.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './event.repository.ts';
import { createEvent, eventOf, fieldsOf, updateEvent } from './event.service.ts';
import type { EventRegistrationRow, EventRow, RegistrationStatus } from './event.table.ts';
import { invitationEmailJobName, registrationEmailJobName } from './event-email.job.ts';
import type { RegistrationEmailKind } from './event-email.tsx';
import { canonicalTimeZone } from './event-input.ts';
import { oneAtATime } from './event-registration-queue.ts';
import { scheduleReminders } from './event-reminders.ts';

export type RegistrationDeps = Pick<AppDeps, 'db' | 'clock' | 'queue' | 'secretKey' | 'config'> & Partial<Pick<AppDeps, 'dialect'>>;

/** Who takes a place: the fields a registration keeps of them. */
interface Person {
  memberId: number | null;
  emailDisplay: string;
  emailKey: string;
  name: string;
  memberState: string | null;
  regionalGroup: string | null;
  organisation: string;
  locale: Locale;
  timeZone: string | null;
}

/** A registration, whether this call made it (false: the person was registered already, nothing changed), its event. */
export interface Placement {
  registration: EventRegistrationRow;
  created: boolean;
  event: EventRow;
}

async function tell(deps: RegistrationDeps, registrationId: number, kind: RegistrationEmailKind): Promise<void> {
  await deps.queue.enqueue(registrationEmailJobName, { registrationId, kind });
}

/**
 * Refuses a registration the event does not take now: it must be published, and now must be inside its
 * registration window (from when it opens, or now, until it closes, or the event's end).
 */
export function checkOpen(event: EventRow, now: Date): void {
  if (event.status !== 'published') throw new AppError('event_not_open', { status: event.status });
  const at = now.toISOString();
  if (event.registration_opens_at && at < event.registration_opens_at) throw new AppError('event_registration_closed', { when: 'before' });
  if (at >= (event.registration_closes_at ?? event.ends_at)) throw new AppError('event_registration_closed', { when: 'after' });
}

/** Confirmed while a place is free and nobody waits, else waitlisted. Runs under the registration lock. */
async function placeStatus(trx: Parameters<typeof repo.lockRegistrations>[0], event: Pick<EventRow, 'id' | 'capacity'>): Promise<'confirmed' | 'waitlisted'> {
  if (event.capacity === null) return 'confirmed';
  const confirmed = await repo.countConfirmed(trx, event.id);
  const waiting = (await repo.firstWaitlisted(trx, event.id, 1)).length > 0;
  return confirmed < event.capacity && !waiting ? 'confirmed' : 'waitlisted';
}

/** What a registrant is told when placed: their place, the waitlist, or that staff will decide. */
function placedKind(status: RegistrationStatus): RegistrationEmailKind {
  return status === 'confirmed' ? 'confirmed' : status === 'pending_approval' ? 'pending' : 'waitlisted';
}

/**
 * Gives the person a place, or a place on the waitlist when the event is full (or others wait already), under the
 * event's registration lock so that parallel registrations never share a place. On an event with approval the
 * registration waits for staff instead (`pending_approval`), unless staff make it (`byStaff`). The same person again
 * (any spelling of their address) gets their registration back unchanged; one who had cancelled is placed anew,
 * one whom staff declined stays declined (only staff can place them).
 */
async function place(deps: RegistrationDeps, event: EventRow, person: Person, createdBy: string, byStaff = false): Promise<Placement> {
  const now = deps.clock.now().toISOString();
  const result = await oneAtATime(deps.db, event.id, () =>
    deps.db.transaction().execute(async (trx) => {
      // The row lock is held until COMMIT returns; on PostgreSQL a synchronous commit waits for the WAL to reach the
      // disk (~10 ms on this project's machine), so places would be given at most ~100 a second. This commit does
      // not wait: the place is made durable by the confirmation job's insert just after (`tell`, a synchronous
      // commit, which flushes the WAL up to and including this one) before anyone is told they have it.
      if (deps.dialect === 'postgres') await repo.commitWithoutWaitingForDisk(trx);
      const locked = await repo.lockRegistrations(trx, event.id, now);
      const moderated = locked.approval === 1 && !byStaff;
      const fields = {
        member_id: person.memberId,
        email_display: person.emailDisplay,
        name: person.name,
        member_state: person.memberState,
        regional_group: person.regionalGroup,
        organisation: person.organisation,
        locale: person.locale,
        time_zone: person.timeZone,
        placed_at: now,
        decided_by: byStaff && locked.approval === 1 ? createdBy : null,
        updated_at: now,
      };
      // The common case, a new registration, in one statement; someone registered already finds no new row.
      const inserted = await repo.insertRegistrationIfNew(
        trx,
        { event_id: event.id, email_key: person.emailKey, ...fields, status: moderated ? 'pending_approval' : null, created_by: createdBy, created_at: now },
        locked.capacity,
      );
      if (inserted) return { registration: inserted, created: true };
      const existing = await repo.findRegistrationByKey(trx, event.id, person.emailKey);
      if (!existing) throw new Error(`registration of ${event.id} neither inserted nor found`);
      if (existing.status !== 'cancelled' || (existing.declined_at && !byStaff)) return { registration: existing, created: false };
      const status: RegistrationStatus = moderated ? 'pending_approval' : await placeStatus(trx, { id: event.id, capacity: locked.capacity });
      // One who had cancelled is placed anew, at the end of the line.
      const columns = { ...fields, status, cancelled_at: null, declined_at: null };
      await repo.updateRegistration(trx, existing.id, columns);
      return { registration: { ...existing, ...columns }, created: true };
    }),
  );
  if (result.created) await tell(deps, result.registration.id, placedKind(result.registration.status));
  return { ...result, event };
}

/** The time zone a registrant's browser reported (or they chose); anything unknown is none. */
function zoneOrNull(zone: string | undefined): string | null {
  return zone ? canonicalTimeZone(zone.trim()) : null;
}

const formSchema = z.object({
  email: z.string().max(1000),
  name: z.string().max(200).transform(cleanLine).pipe(z.string().min(1)),
  memberState: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  organisation: z.string().max(200).optional(),
  locale: z.enum(locales),
  timeZone: z.string().max(64).optional(),
  join: z.boolean().optional(),
});
export type RegistrationFormInput = z.input<typeof formSchema>;

function personFromMember(member: MemberRow, timeZone: string | null): Person {
  return {
    memberId: member.id,
    emailDisplay: member.email_display,
    emailKey: member.email_key,
    name: member.name,
    memberState: member.member_state,
    regionalGroup: member.regional_group,
    organisation: member.organisation,
    locale: (locales as readonly string[]).includes(member.language) ? (member.language as Locale) : 'en',
    timeZone,
  };
}

/**
 * A registration from the public event page, by anyone, for a public event only (a members' event needs a
 * member's signed link, an invite-only one an invitation). The address goes through the address module; a
 * member with that address is linked. With `join`, the usual double opt-in to the network starts as well.
 */
export async function registerFromForm(deps: RegistrationDeps, eventId: number, input: unknown, ip: string | null): Promise<Placement> {
  const event = await eventOf(deps, eventId);
  if (event.visibility === 'members') throw new AppError('event_member_link_required');
  if (event.visibility === 'invite_only') throw new AppError('event_invitation_required');
  checkOpen(event, deps.clock.now());
  const parsed = formSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'body') });
  const fields = parsed.data;
  const address = parseEmailAddress(fields.email, memberAddressBoundary(deps.config, 'form'));
  if (!address.ok) throw new AppError('invalid_email', { ...address.details, addressError: address.code });
  const geography = fields.memberState ? geographyOf(fields.memberState) : null;
  // As on the join form: a member state (or "Other / not listed") that the network's geography knows.
  if (fields.memberState && !geography) throw new AppError('invalid_input', { field: 'memberState' });
  // eventOf checked that the event is the current network's: its network_id is that network.
  const member = await findMemberByKey(deps.db, event.network_id, address.address.dedupeKey);
  const placement = await place(
    deps,
    event,
    {
      memberId: member && !member.erased_at ? member.id : null,
      emailDisplay: address.address.display,
      emailKey: address.address.dedupeKey,
      name: fields.name,
      memberState: geography?.code ?? null,
      regionalGroup: geography?.regionalGroup ?? null,
      organisation: cleanLine(fields.organisation ?? ''),
      locale: fields.locale,
      timeZone: zoneOrNull(fields.timeZone),
    },
    'form',
  );
  if (fields.join) await joinNetwork(deps, eventId, fields, ip);
  return placement;
}

/** Starts the network's double opt-in for a registrant who asked to join; its limits never undo the registration. */
async function joinNetwork(deps: RegistrationDeps, eventId: number, fields: z.output<typeof formSchema>, ip: string | null): Promise<void> {
  try {
    await members.join(
      deps,
      {
        email: fields.email,
        name: fields.name,
        memberState: fields.memberState ?? '',
        organisation: fields.organisation ?? '',
        language: fields.locale,
        source: `event-${eventId}`,
      },
      ip,
    );
  } catch (error) {
    if (!isAppError(error, 'join_throttled') && !isAppError(error, 'join_address_throttled')) throw error;
  }
}

/** The subscribed member a one-click registration link stands for (`link_invalid`, `link_expired` otherwise). */
export async function memberOfLink(deps: RegistrationDeps, token: string): Promise<MemberRow> {
  const memberId = verifyLink(deps.secretKey, 'event', token, deps.clock.now());
  const member = await findMember(deps.db, memberId);
  if (!member || member.erased_at || member.status !== 'subscribed') throw new AppError('link_invalid');
  return member;
}

/** Whether a member may register for an event: any member for public and members' events, invited ones for invite-only. */
export async function checkMayRegister(deps: RegistrationDeps, event: EventRow, member: MemberRow): Promise<void> {
  if (event.visibility === 'invite_only' && !(await repo.isInvited(deps.db, event.id, member.id))) throw new AppError('event_invitation_required');
}

/** A member registers from their signed link (invitation or announcement): nothing to type, their record is used. */
export async function registerMember(deps: RegistrationDeps, eventId: number, token: string, timeZone?: string): Promise<Placement> {
  const event = await eventOf(deps, eventId);
  const member = await memberOfLink(deps, token);
  await checkMayRegister(deps, event, member);
  checkOpen(event, deps.clock.now());
  return place(deps, event, personFromMember(member, zoneOrNull(timeZone)), 'member_link');
}

/** Promotes the first on the waitlist into the places free now; returns those promoted. Runs under the lock. */
async function fillPlaces(trx: Parameters<typeof repo.lockRegistrations>[0], event: EventRow, now: string): Promise<number[]> {
  const confirmed = await repo.countConfirmed(trx, event.id);
  const free = event.capacity === null ? Number.MAX_SAFE_INTEGER : event.capacity - confirmed;
  if (free <= 0) return [];
  const promoted = await repo.firstWaitlisted(trx, event.id, Math.min(free, 10_000));
  for (const r of promoted) await repo.updateRegistration(trx, r.id, { status: 'confirmed', updated_at: now });
  return promoted.map((r) => r.id);
}

/**
 * Cancels a registration (by the registrant's signed link, or by staff) and gives its place to the first on the
 * waitlist, who is told. Cancelling a cancelled registration changes nothing.
 */
export async function cancelRegistration(deps: RegistrationDeps, registrationId: number, actor: Actor | null): Promise<EventRegistrationRow> {
  const found = await repo.findRegistration(deps.db, registrationId);
  if (!found) throw new AppError('not_found');
  const event = await eventOf(deps, found.event_id);
  const now = deps.clock.now().toISOString();
  const { cancelled, promoted } = await deps.db.transaction().execute(async (trx) => {
    await repo.lockRegistrations(trx, event.id, now);
    const current = await repo.findRegistration(trx, registrationId);
    if (!current || current.status === 'cancelled') return { cancelled: false, promoted: [] as number[] };
    await repo.updateRegistration(trx, registrationId, { status: 'cancelled', cancelled_at: now, updated_at: now });
    return { cancelled: true, promoted: await fillPlaces(trx, event, now) };
  });
  if (cancelled) {
    await tell(deps, registrationId, 'cancelled');
    for (const id of promoted) await tell(deps, id, 'promoted');
    if (actor) await recordAudit(deps, actor, 'event.registration_cancel', `event:${event.id}`, { registrationId, promoted });
  }
  return (await repo.findRegistration(deps.db, registrationId)) ?? found;
}

/**
 * Staff approve or decline a registration waiting for approval. Approving places it as any registration is placed
 * (a free place, else the waitlist, in the order of approval); declining cancels it for good (`declined_at`). The
 * registrant is told in their language. A registration no longer waiting is `event_registration_decided`.
 */
export async function decideRegistration(
  deps: RegistrationDeps,
  actor: Actor,
  eventId: number,
  registrationId: number,
  decision: 'approve' | 'decline',
): Promise<EventRegistrationRow> {
  const event = await eventOf(deps, eventId);
  const now = deps.clock.now().toISOString();
  const status = await deps.db.transaction().execute(async (trx) => {
    await repo.lockRegistrations(trx, event.id, now);
    const current = await repo.findRegistration(trx, registrationId);
    if (!current || current.event_id !== eventId) throw new AppError('not_found');
    if (current.status !== 'pending_approval') throw new AppError('event_registration_decided', { status: current.status });
    if (decision === 'decline') {
      await repo.updateRegistration(trx, registrationId, {
        status: 'cancelled',
        cancelled_at: now,
        declined_at: now,
        decided_by: actor.label,
        updated_at: now,
      });
      return 'cancelled' as const;
    }
    // Not placed before the event's approval: its turn on the waitlist starts when staff approve it.
    const placed = await placeStatus(trx, event);
    await repo.updateRegistration(trx, registrationId, { status: placed, placed_at: now, decided_by: actor.label, updated_at: now });
    return placed;
  });
  await tell(deps, registrationId, status === 'cancelled' ? 'declined' : placedKind(status));
  await recordAudit(deps, actor, decision === 'approve' ? 'event.registration_approve' : 'event.registration_decline', `event:${eventId}`, {
    registrationId,
    status,
  });
  return (await repo.findRegistration(deps.db, registrationId)) as EventRegistrationRow;
}

/** The registration a cancel link stands for (`link_invalid`, `link_expired` otherwise). */
export async function registrationOfLink(deps: RegistrationDeps, token: string): Promise<{ registration: EventRegistrationRow; event: EventRow }> {
  const id = verifyLink(deps.secretKey, 'registration', token, deps.clock.now());
  const registration = await repo.findRegistration(deps.db, id);
  if (!registration) throw new AppError('link_invalid');
  return { registration, event: await eventOf(deps, registration.event_id) };
}

/** A moved or cancelled event: every registrant still in line is told, with the updated (or cancelling) calendar file. */
async function tellEveryone(deps: RegistrationDeps, event: EventRow): Promise<void> {
  const kind = event.status === 'cancelled' ? 'event_cancelled' : 'updated';
  for (const status of ['confirmed', 'waitlisted', 'pending_approval'] as const)
    for (const r of await repo.listRegistrations(deps.db, event.id, status)) await tell(deps, r.id, kind);
}

/** Changes an event (event.service's rules) and, when it now has more places, promotes the first on the waitlist into them. */
export async function changeEvent(deps: RegistrationDeps, actor: Actor, id: number, input: unknown): Promise<EventRow> {
  const { before, after } = await updateEvent(deps, actor, id, input);
  if (after.sequence > before.sequence) await tellEveryone(deps, after);
  if (after.starts_at !== before.starts_at || after.status !== before.status) await scheduleReminders(deps, after);
  const more = after.capacity === null ? before.capacity !== null : before.capacity !== null && after.capacity > before.capacity;
  if (!more) return after;
  const now = deps.clock.now().toISOString();
  const promoted = await deps.db.transaction().execute(async (trx) => {
    await repo.lockRegistrations(trx, id, now);
    return fillPlaces(trx, after, now);
  });
  for (const registrationId of promoted) await tell(deps, registrationId, 'promoted');
  return after;
}

/**
 * Invites members to an invite-only event: chosen members by address (in any spelling; one that is no member's is
 * `event_unknown_member`, and nobody is invited) and/or every subscribed member of a regional group. Each newly
 * invited member gets the invitation with their one-click link. Returns how many were newly invited.
 */
export async function inviteMembers(
  deps: RegistrationDeps,
  actor: Actor,
  eventId: number,
  input: { addresses: string[]; regionalGroup?: string },
): Promise<number> {
  const event = await eventOf(deps, eventId);
  if (event.visibility !== 'invite_only') throw new AppError('invalid_input', { field: 'visibility' });
  const network = await requireNetwork(deps);
  const ids = new Set<number>();
  for (const text of input.addresses) {
    const parsed = parseEmailAddress(text, { specialUseDomains: 'allow' });
    const member = parsed.ok ? await findMemberByKey(deps.db, network.id, parsed.address.dedupeKey) : undefined;
    if (!member || member.erased_at || member.status !== 'subscribed') throw new AppError('event_unknown_member', { address: cleanLine(text).slice(0, 200) });
    ids.add(member.id);
  }
  if (input.regionalGroup) {
    if (!(regionalGroups as readonly string[]).includes(input.regionalGroup)) throw new AppError('invalid_input', { field: 'regionalGroup' });
    const rows = await applyMemberFilters(deps.db.selectFrom('members').select('members.id'), network.id, {
      status: 'subscribed',
      regionalGroup: input.regionalGroup,
    }).execute();
    for (const r of rows) ids.add(r.id);
  }
  if (ids.size === 0) throw new AppError('invalid_input', { field: 'addresses' });
  const invitedAt = deps.clock.now().toISOString();
  const before = new Set((await deps.db.selectFrom('event_invitations').select('member_id').where('event_id', '=', eventId).execute()).map((r) => r.member_id));
  const fresh = [...ids].filter((id) => !before.has(id));
  const added = await deps.db.transaction().execute((trx) => repo.insertInvitations(trx, eventId, fresh, actor.label, invitedAt));
  for (const memberId of fresh) await deps.queue.enqueue(invitationEmailJobName, { eventId, memberId });
  await recordAudit(deps, actor, 'event.invite', `event:${eventId}`, {
    invited: added,
    regionalGroup: input.regionalGroup ?? null,
    addresses: input.addresses.length,
  });
  return added;
}

/**
 * A new draft with everything of an existing event but its registrations, invitations and materials (the next
 * webinar of a series): staff then move its time and publish it.
 */
export async function duplicateEvent(deps: RegistrationDeps, actor: Actor, id: number): Promise<EventRow> {
  const source = await eventOf(deps, id);
  const copy = await createEvent(deps, actor, { ...fieldsOf(source), status: 'draft' });
  await recordAudit(deps, actor, 'event.duplicate', `event:${copy.id}`, { from: id });
  return copy;
}

/** Creates an event (event.service's rules) and queues its reminders when it is published. */
export async function planEvent(deps: RegistrationDeps, actor: Actor, input: unknown): Promise<EventRow> {
  const row = await createEvent(deps, actor, input);
  await scheduleReminders(deps, row);
  return row;
}

/** Staff mark whether a registrant came (a check-in, or after the event); the change is audited. */
export async function markAttendance(deps: RegistrationDeps, actor: Actor, eventId: number, registrationId: number, attended: boolean): Promise<void> {
  const registration = await repo.findRegistration(deps.db, registrationId);
  if (!registration || registration.event_id !== eventId) throw new AppError('not_found');
  await eventOf(deps, eventId);
  if (registration.status !== 'confirmed') throw new AppError('invalid_input', { field: 'attended' });
  const now = deps.clock.now().toISOString();
  await repo.updateRegistration(deps.db, registrationId, { attended: attended ? 1 : 0, checked_in_at: attended ? now : null, updated_at: now });
  await recordAudit(deps, actor, 'event.attendance', `event:${eventId}`, { registrationId, attended });
}

/** One line of the attendance summary: a member state (null: not given) in its regional group. */
export interface AttendanceLine {
  regionalGroup: string | null;
  memberState: string | null;
  confirmed: number;
  attended: number;
}

/** Confirmed registrants and those who came, by regional group and member state (the network's picture, for one event). */
export async function attendanceSummary(deps: RegistrationDeps, eventId: number): Promise<AttendanceLine[]> {
  const rows = await deps.db
    .selectFrom('event_registrations')
    .select((eb) => ['regional_group', 'member_state', eb.fn.countAll().as('confirmed'), eb.fn.sum<number>('attended').as('attended')])
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .groupBy(['regional_group', 'member_state'])
    .execute();
  return rows
    .map((r) => ({ regionalGroup: r.regional_group, memberState: r.member_state, confirmed: Number(r.confirmed), attended: Number(r.attended ?? 0) }))
    .sort((a, b) => (a.regionalGroup ?? '~').localeCompare(b.regionalGroup ?? '~') || (a.memberState ?? '~').localeCompare(b.memberState ?? '~'));
}

const staffSchema = z.strictObject({
  email: z.string().max(1000),
  name: z.string().max(200).transform(cleanLine).pipe(z.string().min(1)),
  memberState: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  organisation: z.string().max(200).optional(),
  locale: z.enum(locales).optional(),
  timeZone: z.string().max(64).optional(),
});

/**
 * A registration made by staff (the API): it takes a place, or a place on the waitlist, at once — whatever the
 * event's visibility or registration window, but only while the event is published. The address is read strictly
 * (as a file or API call carries it); a member with that address is linked and lends their language.
 */
export async function registerByStaff(deps: RegistrationDeps, actor: Actor, eventId: number, input: unknown): Promise<Placement> {
  const event = await eventOf(deps, eventId);
  if (event.status !== 'published') throw new AppError('event_not_open', { status: event.status });
  const parsed = staffSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? [issue.keys[0]] : (issue?.path ?? []);
    throw new AppError('invalid_input', { field: String(path[0] ?? 'body') });
  }
  const fields = parsed.data;
  const address = parseEmailAddress(fields.email, memberAddressBoundary(deps.config, 'strict'));
  if (!address.ok) throw new AppError('invalid_email', { ...address.details, addressError: address.code });
  const geography = fields.memberState ? geographyOf(fields.memberState) : null;
  if (fields.memberState && !geography) throw new AppError('invalid_input', { field: 'memberState' });
  // eventOf checked that the event is the current network's: its network_id is that network.
  const member = await findMemberByKey(deps.db, event.network_id, address.address.dedupeKey);
  const live = member && !member.erased_at ? member : null;
  const placement = await place(
    deps,
    event,
    {
      memberId: live?.id ?? null,
      emailDisplay: address.address.display,
      emailKey: address.address.dedupeKey,
      name: fields.name,
      memberState: geography?.code ?? live?.member_state ?? null,
      regionalGroup: geography ? geography.regionalGroup : (live?.regional_group ?? null),
      organisation: cleanLine(fields.organisation ?? live?.organisation ?? ''),
      locale: fields.locale ?? ((locales as readonly string[]).includes(live?.language ?? '') ? (live?.language as Locale) : 'en'),
      timeZone: zoneOrNull(fields.timeZone),
    },
    actor.label,
    true,
  );
  if (placement.created) await recordAudit(deps, actor, 'event.registration_create', `event:${eventId}`, { registrationId: placement.registration.id });
  return placement;
}

/** One page of an event's registrations in id order, optionally of one status; `next` is the last id, for `after`. */
export async function registrationPage(
  deps: RegistrationDeps,
  eventId: number,
  options: { status?: RegistrationStatus; limit: number; after?: number },
): Promise<{ data: EventRegistrationRow[]; next: number | null }> {
  await eventOf(deps, eventId);
  let q = deps.db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId);
  if (options.status) q = q.where('status', '=', options.status);
  if (options.after) q = q.where('id', '>', options.after);
  const rows = await q
    .orderBy('id')
    .limit(options.limit + 1)
    .execute();
  const data = rows.slice(0, options.limit);
  return { data, next: rows.length > options.limit ? (data[data.length - 1]?.id ?? null) : null };
}
