import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { createEvent } from '../domains/events/event.service.ts';
import type { RegistrationStatus } from '../domains/events/event.table.ts';
import { zonedTimeToUtc } from '../views/time-zone.ts';

const demoActor = { staffId: null, label: 'demo' };
const day = 24 * 3600 * 1000;

/** A wall-clock time `days` from today in a zone, as an instant ("15:00 Geneva, next Thursday"). */
function at(now: Date, days: number, time: string, zone: string, weekday?: number): Date {
  const date = new Date(now.getTime() + days * day);
  // Forward to the weekday asked for (4: Thursday), so "next week" lands on the day a team would choose.
  if (weekday !== undefined) while (date.getUTCDay() !== weekday) date.setTime(date.getTime() + day);
  return zonedTimeToUtc(`${date.toISOString().slice(0, 10)}T${time}`, zone);
}

interface DemoEvent {
  input: Record<string, unknown>;
  /** Which members register: those of one regional group, or every n-th member. */
  registrants: { regionalGroup?: string; every: number; limit: number };
  /** Past events: one in `attendedEvery` registrants did not come. */
  noShowEvery?: number;
  invite?: string;
}

function demoEvents(now: Date): DemoEvent[] {
  const webinarStart = at(now, 7, '15:00', 'Europe/Zurich', 4);
  const briefingStart = at(now, 14, '10:00', 'America/New_York', 2);
  const pastWebinar = at(now, -60, '14:00', 'Europe/Zurich', 3);
  const pastBriefing = at(now, -30, '10:00', 'America/New_York', 2);
  const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000).toISOString();
  return [
    {
      input: {
        kind: 'webinar',
        title: {
          en: 'Webinar: the WSIS+20 review and the technical community',
          fr: 'Webinaire : l’examen SMSI+20 et la communauté technique',
          es: 'Seminario web: el examen de la CMSI+20 y la comunidad técnica',
        },
        description: { en: 'How the technical community contributes to the **WSIS+20 review**, with time for questions.' },
        startsAt: pastWebinar.toISOString(),
        endsAt: plus(pastWebinar, 75),
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/wsis20-technical-community',
        capacity: 150,
        interpretation: ['fr', 'es'],
        visibility: 'public',
        status: 'held',
      },
      registrants: { every: 6, limit: 70 },
      noShowEvery: 3,
    },
    {
      input: {
        kind: 'briefing',
        title: {
          en: 'Briefing for the African Group on the elements paper',
          fr: 'Séance d’information du Groupe des États d’Afrique sur le document d’éléments',
        },
        startsAt: pastBriefing.toISOString(),
        endsAt: plus(pastBriefing, 60),
        timeZone: 'America/New_York',
        venue: 'Conference Room 6, United Nations Headquarters, New York',
        capacity: 40,
        interpretation: ['fr', 'ar'],
        visibility: 'invite_only',
        status: 'held',
      },
      registrants: { regionalGroup: 'african', every: 3, limit: 18 },
      noShowEvery: 4,
      invite: 'african',
    },
    {
      input: {
        kind: 'webinar',
        title: {
          en: 'Webinar on the Zero Draft of the outcome document',
          fr: 'Webinaire sur l’avant-projet du document final',
          es: 'Seminario web sobre el borrador cero del documento final',
          ru: 'Вебинар о нулевом проекте итогового документа',
          ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى للوثيقة الختامية',
          zh: '关于成果文件零号草案的网络研讨会',
        },
        description: {
          en: 'A walk through the **Zero Draft** of the WSIS+20 outcome document: what changed, and how to comment before the deadline.',
          fr: 'Présentation de l’**avant-projet** du document final du SMSI+20 : ce qui change et comment le commenter avant la date limite.',
        },
        startsAt: webinarStart.toISOString(),
        endsAt: plus(webinarStart, 90),
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/wsis20-zero-draft',
        capacity: 100,
        interpretation: ['fr', 'es', 'ar'],
        visibility: 'public',
        status: 'published',
      },
      registrants: { every: 9, limit: 40 },
    },
    {
      input: {
        kind: 'briefing',
        title: {
          en: 'Briefing for GRULAC diplomats on the Zero Draft',
          es: 'Sesión informativa para los diplomáticos del GRULAC sobre el borrador cero',
        },
        startsAt: briefingStart.toISOString(),
        endsAt: plus(briefingStart, 60),
        timeZone: 'America/New_York',
        venue: 'Conference Room 11, United Nations Headquarters, New York',
        capacity: 30,
        interpretation: ['es', 'en'],
        visibility: 'invite_only',
        status: 'published',
      },
      registrants: { regionalGroup: 'latin_american_caribbean', every: 4, limit: 10 },
      invite: 'latin_american_caribbean',
    },
  ];
}

/**
 * Seeds the demo network's events: two past ones with attendance, an upcoming public webinar and an invite-only
 * briefing for one regional group's diplomats, with registrations from the demo members. Does nothing if the
 * network has events. Returns how many it created.
 */
export async function seedDemoEvents(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  const existing = await deps.db.selectFrom('events').select('id').where('network_id', '=', networkId).limit(1).executeTakeFirst();
  if (existing) return 0;
  const now = deps.clock.now();
  const events = demoEvents(now);
  for (const demo of events) {
    const event = await createEvent(deps, demoActor, demo.input);
    let members = deps.db
      .selectFrom('members')
      .select(['id', 'name', 'email_display', 'email_key', 'member_state', 'regional_group', 'organisation', 'language'])
      .where('network_id', '=', networkId)
      .where('status', '=', 'subscribed');
    if (demo.registrants.regionalGroup) members = members.where('regional_group', '=', demo.registrants.regionalGroup as 'african');
    const pool = await members.orderBy('id').execute();
    if (demo.invite) {
      await deps.db
        .insertInto('event_invitations')
        .values(pool.map((m) => ({ event_id: event.id, member_id: m.id, invited_by: 'demo', invited_at: now.toISOString() })))
        .execute();
    }
    const chosen = pool.filter((_, i) => i % demo.registrants.every === 0).slice(0, demo.registrants.limit);
    const held = event.status === 'held';
    const placedAt = new Date(Math.min(now.getTime(), new Date(event.starts_at).getTime() - 3 * day)).toISOString();
    if (chosen.length === 0) continue;
    await deps.db
      .insertInto('event_registrations')
      .values(
        chosen.map((m, i) => ({
          event_id: event.id,
          member_id: m.id,
          email_display: m.email_display,
          email_key: m.email_key,
          name: m.name,
          member_state: m.member_state,
          regional_group: m.regional_group,
          organisation: m.organisation,
          locale: m.language,
          time_zone: null,
          status: 'confirmed' as RegistrationStatus,
          placed_at: placedAt,
          cancelled_at: null,
          attended: held ? (demo.noShowEvery && i % demo.noShowEvery === 1 ? 0 : 1) : null,
          attended_minutes: null,
          checked_in_at: null,
          created_by: 'demo',
          created_at: placedAt,
          updated_at: placedAt,
        })),
      )
      .execute();
  }
  return events.length;
}
