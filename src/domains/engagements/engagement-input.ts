import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { isUnMemberOrObserver, memberStateCodeOf } from '../members/member-geography.ts';
import { confidentialities, engagementKinds, engagementStatuses, submissionStatuses } from './engagement.table.ts';

/** The longest outcome notes kept (about 25 pages): longer is refused with its own message, not cut. */
export const maxNotesLength = 50_000;

// Postgres `integer` ids: a larger number is no id at all.
const id = z.number().int().positive().max(2_147_483_647);
const line = (max: number) => z.string().transform(cleanLine).pipe(z.string().max(max));
const requiredLine = (max: number) => z.string().transform(cleanLine).pipe(z.string().min(1).max(max));

/** An ISO calendar date (YYYY-MM-DD) that exists: 2026-02-30 is refused. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));

/** A link staff may put on an engagement: http or https only (a javascript: address would run on the page). */
const webAddress = z
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

const followUpShape = z.strictObject({
  id: id.optional(),
  action: line(500),
  ownerStaffId: id.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  done: z.boolean().optional(),
});

const submissionShape = z.strictObject({
  externalBody: requiredLine(200),
  consultation: line(300).optional(),
  deadline: isoDate.nullable().optional(),
  status: z.enum(submissionStatuses).optional(),
  resourceUrl: webAddress.or(z.literal('')).nullable().optional(),
});

/** Every field of an engagement as staff and the API write it (the API's JSON names). */
const fieldShape = {
  kind: z.enum(engagementKinds),
  title: requiredLine(300),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  ongoing: z.boolean(),
  place: line(200),
  online: z.boolean(),
  status: z.enum(engagementStatuses),
  confidentiality: z.enum(confidentialities),
  restricted: z.boolean(),
  // Its length is checked apart, for a message that says how long notes may be.
  notes: z.string().transform(cleanMultiline),
  memberStates: z.array(z.string().max(200)).max(195),
  organisations: z.array(z.string().max(200)).max(100),
  memberIds: z.array(id).max(500),
  ownerStaffId: id.nullable(),
  participantStaffIds: z.array(id).max(100),
  topics: z.array(line(200)).max(50),
  followUps: z.array(followUpShape).max(100),
  links: z.array(z.strictObject({ url: webAddress, label: line(200).optional() })).max(50),
  submission: submissionShape.nullable(),
};

export const engagementFieldNames = Object.keys(fieldShape) as (keyof typeof fieldShape)[];
const patchSchema = z.strictObject(fieldShape).partial();
export type EngagementPatch = z.output<typeof patchSchema>;
export type EngagementInput = z.input<typeof patchSchema>;
/** A whole engagement, once a patch is laid over what is stored (or over the defaults of a new one). */
export type EngagementFields = Required<EngagementPatch>;

/** What a new engagement has for every field it is not given. */
export function defaultFields(): Omit<EngagementFields, 'kind' | 'title' | 'startDate'> {
  return {
    endDate: null,
    ongoing: false,
    place: '',
    online: false,
    status: 'planned',
    confidentiality: 'internal',
    restricted: false,
    notes: '',
    memberStates: [],
    organisations: [],
    memberIds: [],
    ownerStaffId: null,
    participantStaffIds: [],
    topics: [],
    followUps: [],
    links: [],
    submission: null,
  };
}

/** Checks a patch's shape: an unknown key or a bad value is `invalid_input` naming it (`followUps.0.action`). */
export function parsePatch(input: unknown): EngagementPatch {
  const result = patchSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : (issue?.path ?? []);
  throw new AppError('invalid_input', { field: path.join('.') || 'body' });
}

/** The member state a counterpart names (code or name in any of the six languages), or `unknown_member_state`. */
export function counterpartMemberState(text: string): string {
  const code = memberStateCodeOf(text);
  if (!code || !isUnMemberOrObserver(code)) throw new AppError('unknown_member_state', { code: cleanLine(text).slice(0, 60) });
  return code;
}

/**
 * The rules a whole engagement follows whoever writes it: the end is on or after the start (and an ongoing one
 * has none), counterparts are UN Member or observer States, every follow-up has an owner, notes fit, and only a
 * submission carries submission fields. Returns the fields with member states as codes, without duplicates.
 */
export function checkFields(fields: EngagementFields): EngagementFields {
  if (fields.ongoing && fields.endDate !== null) throw new AppError('invalid_input', { field: 'endDate' });
  if (fields.endDate !== null && fields.endDate < fields.startDate) throw new AppError('engagement_date_range');
  const memberStates = [...new Set(fields.memberStates.map(counterpartMemberState))].sort();
  for (const f of fields.followUps) {
    if (!f.action) throw new AppError('invalid_input', { field: 'followUps' });
    if (!f.ownerStaffId) throw new AppError('engagement_follow_up_without_owner', { action: f.action.slice(0, 80) });
  }
  if (fields.notes.length > maxNotesLength) throw new AppError('engagement_notes_too_long', { max: maxNotesLength });
  if (fields.submission && fields.kind !== 'submission') throw new AppError('invalid_input', { field: 'submission' });
  if (!fields.submission && fields.kind === 'submission') throw new AppError('invalid_input', { field: 'submission.externalBody' });
  return {
    ...fields,
    memberStates,
    participantStaffIds: [...new Set(fields.participantStaffIds)],
    memberIds: [...new Set(fields.memberIds)],
  };
}

/** A name compared without case, width or spacing differences ("UN  DESA" is "un desa"): topics and organisations. */
export function nameKey(name: string): string {
  return cleanLine(name).normalize('NFKC').toLocaleLowerCase('und');
}
