import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { eventKinds, eventStatuses, eventVisibilities } from './event.table.ts';

/** The longest description kept per language (Markdown); longer is refused, not cut. */
export const maxDescriptionLength = 20_000;
/** More places than any room or webinar licence holds: a larger number is a typing error. */
export const maxCapacity = 1_000_000;

/** An instant with its offset ("2027-01-14T14:00:00Z", "…+01:00"), stored as UTC ISO text. */
const instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/)
  .refine((s) => !Number.isNaN(Date.parse(s)))
  .transform((s) => new Date(s).toISOString());

/** A join link for an online event: http or https only (a javascript: address would run on the page). */
const webAddress = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    if (s === '') return true;
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  });

const localized = (max: number, clean: (s: string) => string) => z.partialRecord(z.enum(locales), z.string().transform(clean).pipe(z.string().max(max)));

const fieldShape = {
  kind: z.enum(eventKinds),
  title: localized(300, cleanLine),
  description: localized(maxDescriptionLength, cleanMultiline),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string().max(64),
  venue: z.string().transform(cleanMultiline).pipe(z.string().max(500)),
  onlineUrl: webAddress,
  // The sign is checked apart, for a message that says a capacity cannot be negative.
  capacity: z.number().int().max(maxCapacity).nullable(),
  registrationOpensAt: instant.nullable(),
  registrationClosesAt: instant.nullable(),
  interpretation: z.array(z.enum(locales)).max(locales.length),
  status: z.enum(eventStatuses),
  visibility: z.enum(eventVisibilities),
  /** Moderated registration: each registration waits for staff to approve or decline it. */
  approval: z.boolean(),
};

const patchSchema = z.strictObject(fieldShape).partial();
export type EventPatch = z.output<typeof patchSchema>;
export type EventInput = z.input<typeof patchSchema>;
/** A whole event, once a patch is laid over what is stored (or over the defaults of a new one). */
export type EventFields = Required<EventPatch>;
export const eventFieldNames = Object.keys(fieldShape) as (keyof typeof fieldShape)[];

/** What a new event has for every field it is not given. */
export function defaultFields(): Omit<EventFields, 'kind' | 'title' | 'startsAt' | 'endsAt' | 'timeZone'> {
  return {
    description: {},
    venue: '',
    onlineUrl: '',
    capacity: null,
    registrationOpensAt: null,
    registrationClosesAt: null,
    interpretation: [],
    status: 'draft',
    visibility: 'public',
    approval: false,
  };
}

/** Checks a patch's shape: an unknown key or a bad value is `invalid_input` naming the field (`title.fr`). */
export function parsePatch(input: unknown): EventPatch {
  const result = patchSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : (issue?.path ?? []);
  throw new AppError('invalid_input', { field: path.join('.') || 'body' });
}

// Building an Intl.DateTimeFormat costs ~0.1 ms: every page and registration asks, of a few hundred zone names.
const canonicalZones = new Map<string, string | null>();

/** The IANA name of a time zone this Node.js knows, in its canonical spelling; null for anything else. */
export function canonicalTimeZone(zone: string): string | null {
  // Area/Location names and UTC only: offsets ("+01:00") are not zones, they do not follow daylight saving.
  if (!/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/.test(zone)) return null;
  const known = canonicalZones.get(zone);
  if (known !== undefined) return known;
  let canonical: string | null;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  // Names that pass the pattern are bounded in practice; the cap keeps a flood of made-up ones from growing it.
  if (canonicalZones.size < 2000) canonicalZones.set(zone, canonical);
  return canonical;
}

/** Texts by locale without the empty ones (an empty title in a language removes it). */
function nonEmpty(texts: Partial<Record<Locale, string>>): Partial<Record<Locale, string>> {
  return Object.fromEntries(Object.entries(texts).filter(([, v]) => v && v.trim() !== ''));
}

/**
 * The rules a whole event follows whoever writes it: a title in at least one language, a known time zone, the end
 * after the start, no negative capacity, registration closing after it opens. Returns the fields cleaned (zone
 * canonical, empty languages dropped, interpretation without duplicates).
 */
export function checkFields(fields: EventFields): EventFields {
  const title = nonEmpty(fields.title);
  if (Object.keys(title).length === 0) throw new AppError('event_title_required');
  const zone = canonicalTimeZone(fields.timeZone);
  if (!zone) throw new AppError('event_unknown_time_zone', { zone: cleanLine(fields.timeZone).slice(0, 64) });
  if (fields.endsAt <= fields.startsAt) throw new AppError('event_time_range');
  if (fields.capacity !== null && fields.capacity < 0) throw new AppError('event_capacity_negative');
  const { registrationOpensAt: opens, registrationClosesAt: closes } = fields;
  if (opens && closes && closes <= opens) throw new AppError('event_registration_window');
  if (opens && opens >= fields.endsAt) throw new AppError('event_registration_window');
  return {
    ...fields,
    title,
    description: nonEmpty(fields.description),
    timeZone: zone,
    interpretation: locales.filter((l) => fields.interpretation.includes(l)),
  };
}
