import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, type Locale } from '../../i18n/i18n.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './event.repository.ts';
import type { EventRow, EventTable } from './event.table.ts';
import { checkFields, defaultFields, type EventFields, type EventPatch, parsePatch } from './event-input.ts';

export type EventDeps = Pick<AppDeps, 'db' | 'clock'>;

/** An event with its registration counts. */
export interface EventSummary {
  row: EventRow;
  counts: repo.RegistrationCounts;
}

/** The texts of an event by locale, as stored. */
export function textsOf(json: string): Partial<Record<Locale, string>> {
  const parsed = JSON.parse(json) as Record<string, string>;
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => isLocale(k))) as Partial<Record<Locale, string>>;
}

/**
 * An event's text in `locale`, else in the network's default language, else in any language it has; with the
 * locale it is in (so a page can mark it `lang`).
 */
export function localizedText(json: string, locale: Locale, fallback: Locale): { text: string; locale: Locale } {
  const texts = textsOf(json);
  const chosen = texts[locale] !== undefined ? locale : texts[fallback] !== undefined ? fallback : (Object.keys(texts)[0] as Locale | undefined);
  return chosen ? { text: texts[chosen] ?? '', locale: chosen } : { text: '', locale };
}

/** The event of the current network with this id, or `not_found`. */
export async function eventOf(deps: EventDeps, id: number): Promise<EventRow> {
  const [row, network] = await Promise.all([repo.findEvent(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** One event with its counts. */
export async function getEvent(deps: EventDeps, id: number): Promise<EventSummary> {
  const row = await eventOf(deps, id);
  const counts = await repo.countRegistrations(deps.db, [id]);
  return { row, counts: counts.get(id) ?? repo.emptyCounts() };
}

/** Upcoming (not yet ended, soonest first) or past (latest first) events of the network, with their counts. */
export async function listEvents(deps: EventDeps, when: 'upcoming' | 'past', options: { limit?: number; publicOnly?: boolean } = {}): Promise<EventSummary[]> {
  const network = await requireNetwork(deps);
  const statuses = options.publicOnly ? ['published', 'held', 'cancelled'] : undefined;
  let rows = await repo.listEvents(deps.db, network.id, when, deps.clock.now().toISOString(), { limit: options.limit ?? 200, statuses });
  if (options.publicOnly) rows = rows.filter((r) => r.visibility === 'public');
  const counts = await repo.countRegistrations(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, counts: counts.get(row.id) ?? repo.emptyCounts() }));
}

/** A stored event in the input's shape, so a patch can be laid over it. */
export function fieldsOf(row: EventRow): EventFields {
  return {
    kind: row.kind,
    title: textsOf(row.title),
    description: textsOf(row.description),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    venue: row.venue,
    onlineUrl: row.online_url,
    capacity: row.capacity,
    registrationOpensAt: row.registration_opens_at,
    registrationClosesAt: row.registration_closes_at,
    interpretation: JSON.parse(row.interpretation) as Locale[],
    status: row.status,
    visibility: row.visibility,
    approval: row.approval === 1,
  };
}

function columnsOf(fields: EventFields) {
  return {
    kind: fields.kind,
    title: JSON.stringify(fields.title),
    description: JSON.stringify(fields.description),
    starts_at: fields.startsAt,
    ends_at: fields.endsAt,
    time_zone: fields.timeZone,
    venue: fields.venue,
    online_url: fields.onlineUrl,
    capacity: fields.capacity,
    registration_opens_at: fields.registrationOpensAt,
    registration_closes_at: fields.registrationClosesAt,
    interpretation: JSON.stringify(fields.interpretation),
    status: fields.status,
    visibility: fields.visibility,
    approval: fields.approval ? 1 : 0,
  } satisfies Partial<Record<keyof EventTable, unknown>>;
}

/** The keys a patch gives a value for (undefined means "not given", as in a JSON body without the key). */
function definedOf(patch: EventPatch): EventPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as EventPatch;
}

/** Creates an event after checking every rule; nothing is stored when one fails. */
export async function createEvent(deps: EventDeps, actor: Actor, input: unknown): Promise<EventRow> {
  const patch = definedOf(parsePatch(input));
  for (const field of ['kind', 'title', 'startsAt', 'endsAt', 'timeZone'] as const)
    if (patch[field] === undefined) throw new AppError('invalid_input', { field });
  const fields = checkFields({ ...defaultFields(), ...patch } as EventFields);
  const network = await requireNetwork(deps);
  const now = deps.clock.now().toISOString();
  const row = await repo.insertEvent(deps.db, {
    network_id: network.id,
    ...columnsOf(fields),
    registrations_at: null,
    created_by: actor.label,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(deps, actor, 'event.create', `event:${row.id}`, { kind: row.kind, status: row.status, visibility: row.visibility });
  return row;
}

/** Whether a change moves the event for calendars (time or place), or cancels it: a calendar update is then due. */
export function movesCalendar(before: EventRow, after: ReturnType<typeof columnsOf>): boolean {
  const moved = (['starts_at', 'ends_at', 'venue', 'online_url'] as const).some((k) => before[k] !== after[k]);
  return moved || (before.status !== 'cancelled' && after.status === 'cancelled');
}

/**
 * Changes the fields a patch gives (the others stay), checking the whole event again. A change of time or place,
 * or a cancellation, raises the calendar SEQUENCE. Returns the event before and after.
 */
export async function updateEvent(deps: EventDeps, actor: Actor, id: number, input: unknown): Promise<{ before: EventRow; after: EventRow }> {
  const patch = definedOf(parsePatch(input));
  if (Object.keys(patch).length === 0) throw new AppError('invalid_input', { field: 'body' });
  const before = await eventOf(deps, id);
  const fields = checkFields({ ...fieldsOf(before), ...patch });
  const columns = columnsOf(fields);
  const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => before[k] !== columns[k]);
  if (changed.length === 0) return { before, after: before };
  const sequence = movesCalendar(before, columns) ? before.sequence + 1 : before.sequence;
  await repo.updateEvent(deps.db, id, { ...columns, sequence, updated_at: deps.clock.now().toISOString() });
  await recordAudit(deps, actor, 'event.update', `event:${id}`, { fields: changed, sequence });
  return { before, after: await eventOf(deps, id) };
}
