import type { EventRow } from './event.table.ts';

/** JSON for a script element: `<` escaped so no text in it can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * An event as schema.org `Event` structured data (what search engines show as an event): its name and description in
 * the reader's language, start and end, status, attendance mode, the venue and/or the online place (the event's page:
 * the join link is for registrants only), the network as organiser.
 */
export function eventJsonLd(
  row: EventRow,
  texts: { title: string; description: string; locale: string },
  pageUrl: string,
  organiser: { name: string; url: string },
): Record<string, unknown> {
  const place = row.venue.trim() !== '' ? { '@type': 'Place', name: row.venue.split('\n')[0], address: row.venue.replace(/\n+/g, ', ') } : null;
  const online = row.online_url !== '' ? { '@type': 'VirtualLocation', url: pageUrl } : null;
  const mode = place && online ? 'MixedEventAttendanceMode' : online ? 'OnlineEventAttendanceMode' : 'OfflineEventAttendanceMode';
  const location = [place, online].filter(Boolean);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: texts.title,
    ...(texts.description ? { description: texts.description.slice(0, 500) } : {}),
    inLanguage: texts.locale,
    startDate: row.starts_at,
    endDate: row.ends_at,
    eventStatus: `https://schema.org/${row.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
    eventAttendanceMode: `https://schema.org/${mode}`,
    ...(location.length > 0 ? { location: location.length === 1 ? location[0] : location } : {}),
    organizer: { '@type': 'Organization', name: organiser.name, url: organiser.url },
    url: pageUrl,
    isAccessibleForFree: true,
  };
}
