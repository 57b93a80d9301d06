import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import type { EventRow } from './event.table.ts';
import { canonicalTimeZone, type EventInput } from './event-input.ts';
import { instantOf, wallClockIn } from './event-time.ts';

/** The event form's values, as the page shows them and the browser sends them back (all text). */
export interface EventFormValues {
  kind: string;
  status: string;
  visibility: string;
  title: Partial<Record<Locale, string>>;
  description: Partial<Record<Locale, string>>;
  /** Wall-clock times in `timeZone` ("2027-01-14T15:00"). */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string;
  onlineUrl: string;
  capacity: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  interpretation: Locale[];
  /** Registrations wait for staff approval. */
  approval: boolean;
}

export type FormBody = Record<string, string | string[] | undefined>;

const text = (body: FormBody, key: string): string => {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** The values a submitted form carries. */
export function valuesFromBody(body: FormBody): EventFormValues {
  return {
    kind: text(body, 'kind'),
    status: text(body, 'status'),
    visibility: text(body, 'visibility'),
    title: Object.fromEntries(locales.map((l) => [l, text(body, `title.${l}`)])),
    description: Object.fromEntries(locales.map((l) => [l, text(body, `description.${l}`)])),
    startsAt: text(body, 'startsAt'),
    endsAt: text(body, 'endsAt'),
    timeZone: text(body, 'timeZone'),
    venue: text(body, 'venue'),
    onlineUrl: text(body, 'onlineUrl'),
    capacity: text(body, 'capacity'),
    registrationOpensAt: text(body, 'registrationOpensAt'),
    registrationClosesAt: text(body, 'registrationClosesAt'),
    interpretation: locales.filter((l) => text(body, `interpretation.${l}`) === 'yes'),
    approval: text(body, 'approval') === 'yes',
  };
}

/** A new event's form: a draft public webinar in the zone staff plan in. */
export function blankValues(timeZone: string): EventFormValues {
  return { ...valuesFromBody({}), kind: 'webinar', status: 'draft', visibility: 'public', timeZone };
}

/** A stored event in the form: times as wall-clock times in the event's zone. */
export function valuesFromRow(row: EventRow): EventFormValues {
  const zone = row.time_zone;
  const local = (iso: string | null) => (iso ? wallClockIn(iso, zone) : '');
  return {
    kind: row.kind,
    status: row.status,
    visibility: row.visibility,
    title: JSON.parse(row.title),
    description: JSON.parse(row.description),
    startsAt: local(row.starts_at),
    endsAt: local(row.ends_at),
    timeZone: zone,
    venue: row.venue,
    onlineUrl: row.online_url,
    capacity: row.capacity === null ? '' : String(row.capacity),
    registrationOpensAt: local(row.registration_opens_at),
    registrationClosesAt: local(row.registration_closes_at),
    interpretation: JSON.parse(row.interpretation),
    approval: row.approval === 1,
  };
}

/**
 * The service's input from the form's values: wall-clock times become instants in the chosen zone (an unknown
 * zone is `event_unknown_time_zone` before any time is read), an empty capacity is unlimited.
 */
export function inputFromValues(values: EventFormValues): EventInput {
  const zone = canonicalTimeZone(values.timeZone.trim());
  if (!zone) throw new AppError('event_unknown_time_zone', { zone: values.timeZone.slice(0, 64) });
  const required = (field: 'startsAt' | 'endsAt') => {
    const instant = instantOf(values[field].trim(), zone);
    if (!instant) throw new AppError('invalid_input', { field });
    return instant;
  };
  const optional = (field: 'registrationOpensAt' | 'registrationClosesAt') => {
    if (values[field].trim() === '') return null;
    const instant = instantOf(values[field].trim(), zone);
    if (!instant) throw new AppError('invalid_input', { field });
    return instant;
  };
  const capacityText = values.capacity.trim();
  if (capacityText !== '' && !/^-?\d{1,9}$/.test(capacityText)) throw new AppError('invalid_input', { field: 'capacity' });
  return {
    kind: values.kind as EventInput['kind'],
    status: values.status as EventInput['status'],
    visibility: values.visibility as EventInput['visibility'],
    title: values.title,
    description: values.description,
    startsAt: required('startsAt'),
    endsAt: required('endsAt'),
    timeZone: zone,
    venue: values.venue,
    onlineUrl: values.onlineUrl,
    capacity: capacityText === '' ? null : Number(capacityText),
    registrationOpensAt: optional('registrationOpensAt'),
    registrationClosesAt: optional('registrationClosesAt'),
    interpretation: values.interpretation,
    approval: values.approval,
  };
}
