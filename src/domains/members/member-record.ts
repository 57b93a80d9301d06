import { z } from 'zod';
import { parseEmailAddress } from '../../address/email-address.ts';
import { AppError } from '../../errors/app-error.ts';
import { locales } from '../../i18n/i18n.ts';
import { type MemberTable, stakeholderGroups } from './member.table.ts';
import { geographyOf } from './member-geography.ts';

/** A source tag as carried by a QR code or link: short, URL-safe, case-insensitive. */
export const sourceTag = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v ?? '');

/** The fields a person or staff may give for a member, as validated at every boundary (form, CSV row, API). */
export const memberFieldsSchema = z.object({
  email: z.string().max(1000),
  name: z.string().trim().min(1).max(200),
  memberState: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  stakeholderGroup: z
    .enum(stakeholderGroups)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  organisation: optionalText(200),
  jobTitle: optionalText(200),
  language: z.enum(locales),
  source: sourceTag.optional().or(z.literal('').transform(() => undefined)),
});
export type MemberFields = z.input<typeof memberFieldsSchema>;

/** The columns a member row gets from its fields: email forms, geography, search text. */
export type MemberColumns = Pick<
  MemberTable,
  | 'email_input'
  | 'email_display'
  | 'email_ascii'
  | 'email_key'
  | 'name'
  | 'member_state'
  | 'un_status'
  | 'regional_group'
  | 'm49_region'
  | 'm49_subregion'
  | 'stakeholder_group'
  | 'organisation'
  | 'job_title'
  | 'language'
  | 'source'
  | 'search_text'
>;

// Names and organisations are shown in many places; control characters and bidi overrides in them could
// spoof what staff read, so they are removed on the way in (escaping on output handles markup).
const unsafeText = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
const clean = (text: string) => text.replace(unsafeText, ' ').replace(/\s+/g, ' ').trim();

/** Text a search can match in any script: NFKC, lower case. */
export function searchable(...parts: string[]): string {
  return parts.join(' ').normalize('NFKC').toLocaleLowerCase('und');
}

/**
 * Validates a member's fields and derives the stored columns. Throws `invalid_email` with the address
 * module's reason, or `invalid_input` naming the field.
 */
export function memberColumns(input: unknown): MemberColumns {
  const parsed = memberFieldsSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'body') });
  const fields = parsed.data;
  const address = parseEmailAddress(fields.email);
  if (!address.ok) throw new AppError('invalid_email', { ...address.details, addressError: address.code });
  const geography = fields.memberState ? geographyOf(fields.memberState) : null;
  if (fields.memberState && !geography) throw new AppError('invalid_input', { field: 'memberState' });
  const name = clean(fields.name);
  if (!name) throw new AppError('invalid_input', { field: 'name' });
  const organisation = clean(fields.organisation);
  const { address: email } = address;
  return {
    email_input: email.input,
    email_display: email.display,
    email_ascii: email.ascii,
    email_key: email.dedupeKey,
    name,
    member_state: geography?.code ?? null,
    un_status: geography?.unStatus ?? null,
    regional_group: geography?.regionalGroup ?? null,
    m49_region: geography?.m49Region ?? null,
    m49_subregion: geography?.m49Subregion ?? null,
    stakeholder_group: fields.stakeholderGroup ?? null,
    organisation,
    job_title: clean(fields.jobTitle),
    language: fields.language,
    source: fields.source ?? null,
    search_text: searchable(name, email.display, email.ascii ?? '', organisation),
  };
}
