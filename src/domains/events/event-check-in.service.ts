import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import QRCode from 'qrcode';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './event.repository.ts';
import { eventOf } from './event.service.ts';
import type { EventRegistrationRow, EventRow } from './event.table.ts';

type CheckInDeps = Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config'>;

// The code on a registrant's QR: their registration id and a tag signed with the deployment's secret, apart from
// the cancel link's (whoever photographs the code at the door can check the person in, not cancel their place).
const codePattern = /^([1-9][0-9]{0,9})-([A-Za-z0-9_-]{16})$/;

function tagOf(secret: string, registrationId: number): string {
  return createHmac('sha256', secret).update(`plenary-check-in:${registrationId}`).digest().subarray(0, 12).toString('base64url');
}

/** The check-in code of a registration, as its QR code carries it. */
export function checkInCode(deps: Pick<AppDeps, 'secretKey'>, registrationId: number): string {
  return `${registrationId}-${tagOf(deps.secretKey, registrationId)}`;
}

/** The registration id a code stands for; `event_check_in_code` for anything not signed by this deployment. */
export function registrationIdOfCode(deps: Pick<AppDeps, 'secretKey'>, code: string): number {
  const match = codePattern.exec(code.trim());
  if (!match) throw new AppError('event_check_in_code');
  const id = Number(match[1]);
  const expected = Buffer.from(tagOf(deps.secretKey, id));
  const given = Buffer.from(match[2] as string);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('event_check_in_code');
  return id;
}

/** The address the QR code holds: the event's check-in page with the code, which staff's phones open (or the page's scanner reads). */
export function checkInUrl(deps: Pick<AppDeps, 'secretKey' | 'config'>, event: Pick<EventRow, 'id'>, registrationId: number, locale: string): string {
  return `${deps.config.publicUrl}/${locale}/admin/events/${event.id}/check-in?code=${checkInCode(deps, registrationId)}`;
}

/** The QR code of a registration as SVG markup, for the registrant's page. */
export function checkInQrSvg(deps: Pick<AppDeps, 'secretKey' | 'config'>, event: EventRow, registrationId: number, locale: string): Promise<string> {
  return QRCode.toString(checkInUrl(deps, event, registrationId, locale), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

/** The QR code of a registration as PNG, for mail (mail clients show images, not SVG). */
export function checkInQrPng(deps: Pick<AppDeps, 'secretKey' | 'config'>, event: EventRow, registrationId: number, locale: string): Promise<Buffer> {
  return QRCode.toBuffer(checkInUrl(deps, event, registrationId, locale), { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 480 });
}

/** Whether an event is held somewhere people arrive (a venue): only those confirmations carry a QR code. */
export function hasVenue(event: Pick<EventRow, 'venue'>): boolean {
  return event.venue.trim() !== '';
}

/** The confirmed registrant a code or an id names, for this event (`not_found`, `event_check_in_code` otherwise). */
export async function registrantToCheckIn(
  deps: CheckInDeps,
  eventId: number,
  by: { code: string } | { registrationId: number },
): Promise<EventRegistrationRow> {
  await eventOf(deps, eventId);
  const id = 'code' in by ? registrationIdOfCode(deps, by.code) : by.registrationId;
  const registration = await repo.findRegistration(deps.db, id);
  // A code of another event's registration is no code for this one.
  if (!registration || registration.event_id !== eventId) throw new AppError('code' in by ? 'event_check_in_code' : 'not_found');
  return registration;
}

/**
 * Marks a registrant's arrival (a scanned code, or staff found their name): attended, with the time they came. Only a
 * confirmed registration is checked in (`event_check_in_refused` with its status otherwise: the waitlist, a cancelled
 * place); checking in twice keeps the first arrival and says so (`already`).
 */
export async function checkIn(
  deps: CheckInDeps,
  actor: Actor,
  eventId: number,
  by: { code: string } | { registrationId: number },
): Promise<{ registration: EventRegistrationRow; already: boolean }> {
  const registration = await registrantToCheckIn(deps, eventId, by);
  if (registration.status !== 'confirmed') throw new AppError('event_check_in_refused', { status: registration.status, name: registration.name });
  if (registration.checked_in_at) return { registration, already: true };
  const now = deps.clock.now().toISOString();
  await repo.updateRegistration(deps.db, registration.id, { attended: 1, checked_in_at: now, updated_at: now });
  await recordAudit(deps, actor, 'event.check_in', `event:${eventId}`, { registrationId: registration.id, by: 'code' in by ? 'code' : 'name' });
  return { registration: { ...registration, attended: 1, checked_in_at: now }, already: false };
}

/** Confirmed registrants whose name or address contains the text (any case), for staff typing a name at the door. */
export async function findRegistrants(deps: CheckInDeps, eventId: number, text: string): Promise<EventRegistrationRow[]> {
  await eventOf(deps, eventId);
  const needle = text.trim().toLowerCase().slice(0, 100);
  if (needle === '') return [];
  // LIKE with its wildcards escaped, so "50%" or "a_b" are searched as typed.
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return deps.db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .where(sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(email_display) like ${pattern} escape '\\')`)
    .orderBy('name')
    .limit(20)
    .execute();
}

/** How many confirmed registrants there are and how many have arrived (checked in), for the door's count. */
export async function arrivals(deps: CheckInDeps, eventId: number): Promise<{ confirmed: number; arrived: number; latest: EventRegistrationRow[] }> {
  const [confirmed, arrived, latest] = await Promise.all([
    repo.countConfirmed(deps.db, eventId),
    deps.db
      .selectFrom('event_registrations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .where('checked_in_at', 'is not', null)
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('checked_in_at', 'is not', null)
      .orderBy('checked_in_at', 'desc')
      .limit(10)
      .execute(),
  ]);
  return { confirmed, arrived: Number(arrived.n), latest };
}
