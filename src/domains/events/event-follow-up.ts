import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import * as repo from './event.repository.ts';
import { eventOf } from './event.service.ts';
import type { EventRow } from './event.table.ts';
import { followUpEmail } from './event-email.tsx';

export const followUpJobName = 'event.follow_up';

/** A link to what the event left behind: its recording, its slides (files once the resource library holds them). */
export interface Material {
  label: string;
  url: string;
}

/** What staff add to each follow-up, by audience and language (the catalog's own sentences come first). */
export interface FollowUpNotes {
  attended: Partial<Record<Locale, string>>;
  noShow: Partial<Record<Locale, string>>;
}

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  });
const materialSchema = z.object({ label: z.string().transform(cleanLine).pipe(z.string().min(1).max(200)), url: httpUrl });
const notesSchema = z.partialRecord(z.enum(locales), z.string().transform(cleanMultiline).pipe(z.string().max(5000)));
const afterSchema = z.strictObject({
  materials: z.array(materialSchema).max(10),
  notes: z.object({ attended: notesSchema, noShow: notesSchema }),
});

/** An event's materials, as stored. */
export function materialsOf(event: Pick<EventRow, 'materials'>): Material[] {
  const parsed = z.array(materialSchema).safeParse(JSON.parse(event.materials));
  return parsed.success ? parsed.data : [];
}

/** An event's follow-up notes, as stored. */
export function notesOf(event: Pick<EventRow, 'follow_up'>): FollowUpNotes {
  const parsed = z.object({ attended: notesSchema.default({}), noShow: notesSchema.default({}) }).safeParse(JSON.parse(event.follow_up));
  return parsed.success ? parsed.data : { attended: {}, noShow: {} };
}

const nonEmpty = (texts: Partial<Record<Locale, string>>) => Object.fromEntries(Object.entries(texts).filter(([, v]) => v && v.trim() !== ''));

/** Saves the materials (http(s) links with a label) and the follow-up notes; a bad link is `invalid_input` naming it, nothing saved. */
export async function saveAfterEvent(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, eventId: number, input: unknown): Promise<void> {
  await eventOf(deps, eventId);
  const parsed = afterSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: parsed.error.issues[0]?.path.join('.') || 'body' });
  const { materials, notes } = parsed.data;
  await repo.updateEvent(deps.db, eventId, {
    materials: JSON.stringify(materials),
    follow_up: JSON.stringify({ attended: nonEmpty(notes.attended), noShow: nonEmpty(notes.noShow) }),
    updated_at: deps.clock.now().toISOString(),
  });
  await recordAudit(deps, actor, 'event.materials', `event:${eventId}`, { materials: materials.length });
}

/** Confirmed registrants by what is known of their attendance: came, did not come, not known. */
export async function followUpAudience(deps: Pick<AppDeps, 'db'>, eventId: number): Promise<{ attended: number; noShow: number; unknown: number }> {
  const rows = await deps.db
    .selectFrom('event_registrations')
    .select((eb) => ['attended', eb.fn.countAll().as('n')])
    .where('event_id', '=', eventId)
    .where('status', '=', 'confirmed')
    .groupBy('attended')
    .execute();
  const count = (value: number | null) => Number(rows.find((r) => r.attended === value)?.n ?? 0);
  return { attended: count(1), noShow: count(0), unknown: count(null) };
}

/**
 * Starts the follow-ups of an event that has ended: one message to those who came, another to those who did not
 * (attendance from a report, a check-in or staff), in each registrant's language, with the materials. Once per
 * event (`event_follow_up_sent`); not before the end (`event_follow_up_too_early`), nor for a cancelled event.
 */
export async function startFollowUp(deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>, actor: Actor, eventId: number) {
  const event = await eventOf(deps, eventId);
  const now = deps.clock.now().toISOString();
  if (event.status === 'cancelled' || event.status === 'draft') throw new AppError('event_not_open', { status: event.status });
  if (now < event.ends_at) throw new AppError('event_follow_up_too_early');
  // Claimed by the UPDATE: two staff pressing at once start it once.
  const claimed = await deps.db
    .updateTable('events')
    .set({ follow_up_sent_at: now })
    .where('id', '=', eventId)
    .where('follow_up_sent_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw new AppError('event_follow_up_sent');
  await deps.queue.enqueue(followUpJobName, { eventId });
  const audience = await followUpAudience(deps, eventId);
  await recordAudit(deps, actor, 'event.follow_up', `event:${eventId}`, audience);
  return audience;
}

/**
 * Sends the follow-ups: each confirmed registrant whose attendance is known gets the one for them, claimed in
 * `event_follow_ups` before it goes out, so a job run again (a crash, a lost lease) never sends one twice.
 */
export function followUpJob(deps: Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config' | 'mail'>) {
  return defineJob({
    name: followUpJobName,
    lane: 'bulk',
    maxAttempts: 8,
    payload: z.object({ eventId: z.number().int().positive() }),
    async run({ eventId }, _job, context) {
      const [event, network] = await Promise.all([repo.findEvent(deps.db, eventId), findCurrentNetwork(deps.db)]);
      if (!event || !network || !event.follow_up_sent_at) return;
      const materials = materialsOf(event);
      const notes = notesOf(event);
      for await (const registration of repo.confirmedRegistrations(deps.db, eventId)) {
        if (context.signal.aborted) throw context.signal.reason;
        if (registration.attended === null) continue;
        const kind = registration.attended === 1 ? 'attended' : 'no_show';
        const claimed = await deps.db
          .insertInto('event_follow_ups')
          .values({ registration_id: registration.id, kind, sent_at: deps.clock.now().toISOString() })
          .onConflict((oc) => oc.column('registration_id').doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) continue;
        await deps.mail.send(followUpEmail(deps, network, event, registration, kind, materials, kind === 'attended' ? notes.attended : notes.noShow));
      }
    },
  });
}
