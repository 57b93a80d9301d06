import type { AppDeps } from '../../app-deps.ts';
import { isLocale, type Locale, pickLocalized } from '../../i18n/i18n.ts';
import type { NetworkRow } from '../site/site.table.ts';
import { localizedText } from './event.service.ts';
import type { EventRegistrationRow, EventRow } from './event.table.ts';
import { calendarFile, type IcsEntry, type IcsMethod } from './event-ics.ts';

type CalendarDeps = Pick<AppDeps, 'config' | 'mailFrom'>;

/** An event's UID, the same in every file and feed for its whole life: its id at the deployment's host. */
export function eventUid(deps: Pick<AppDeps, 'config'>, event: Pick<EventRow, 'id'>): string {
  return `event-${event.id}@${new URL(deps.config.publicUrl).hostname}`;
}

function fallbackOf(network: NetworkRow): Locale {
  return isLocale(network.default_locale) ? network.default_locale : 'en';
}

/** Where, for a calendar: the venue, and the join link for those who may have it. */
function location(event: EventRow, withJoinLink: boolean): string | undefined {
  const parts = [event.venue, withJoinLink ? event.online_url : ''].filter(Boolean);
  return parts.length ? parts.join(' — ') : undefined;
}

function entryOf(deps: CalendarDeps, network: NetworkRow, event: EventRow, locale: Locale, withJoinLink: boolean): IcsEntry {
  const fallback = fallbackOf(network);
  return {
    uid: eventUid(deps, event),
    sequence: event.sequence,
    start: event.starts_at,
    end: event.ends_at,
    summary: localizedText(event.title, locale, fallback).text,
    // Markdown reads well enough as plain text; calendars show DESCRIPTION as text.
    description: localizedText(event.description, locale, fallback).text || undefined,
    location: location(event, withJoinLink),
    url: `${deps.config.publicUrl}/${locale}/events/${event.id}`,
    status: event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    lastModified: event.updated_at,
  };
}

/** The public file of events (one event's download, or the feed of public events), METHOD:PUBLISH. */
export function publicCalendar(deps: CalendarDeps, network: NetworkRow, events: EventRow[], locale: Locale, now: Date): string {
  const entries = events.map((event) => entryOf(deps, network, event, locale, false));
  return calendarFile({ method: 'PUBLISH', name: pickLocalized(network.name, locale, fallbackOf(network)), now, entries });
}

/**
 * A registrant's own entry: REQUEST while they have a place (with the join link), CANCEL once their registration or
 * the event is cancelled (the same UID, so the calendar removes it), PUBLISH while they wait on the waitlist.
 */
export function registrantCalendar(deps: CalendarDeps, network: NetworkRow, event: EventRow, registration: EventRegistrationRow, now: Date): string {
  const locale: Locale = isLocale(registration.locale) ? registration.locale : fallbackOf(network);
  const cancelled = registration.status === 'cancelled' || event.status === 'cancelled';
  const method: IcsMethod = cancelled ? 'CANCEL' : registration.status === 'confirmed' ? 'REQUEST' : 'PUBLISH';
  const entry = entryOf(deps, network, event, locale, method === 'REQUEST');
  const organizerAddress = /<([^>]+)>/.exec(deps.mailFrom)?.[1] ?? deps.mailFrom;
  const withPeople: IcsEntry =
    method === 'PUBLISH'
      ? entry
      : {
          ...entry,
          status: cancelled ? 'CANCELLED' : 'CONFIRMED',
          organizer: { name: pickLocalized(network.name, locale, fallbackOf(network)), address: organizerAddress },
          attendee: { name: registration.name, address: registration.email_display, accepted: !cancelled },
        };
  return calendarFile({ method, name: pickLocalized(network.name, locale, fallbackOf(network)), now, entries: [withPeople] });
}
