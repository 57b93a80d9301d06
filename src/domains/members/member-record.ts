import { z } from 'zod';
import { type AddressBoundary, parseEmailAddress } from '../../address/email-address.ts';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../errors/app-error.ts';
import { locales } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type ConsentMethod, type MemberStatus, type MemberTable, stakeholderGroups } from './member.table.ts';
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

// Diacritics a search ignores: the combining marks of Latin, Greek and Cyrillic letters (é, ü, ñ, ё, й) and
// Arabic vowel signs (tashkeel) and tatweel. Marks that make other letters (Devanagari vowel signs, the kana
// voicing marks) stay: without them the word changes.
const foldedMarks = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670\u0640]/g;
const ASCII_ONLY = /^\p{ASCII}*$/u;
// Latin letters that carry their diacritic inside (no decomposition), as a keyboard without them would type them.
const foldedLetters: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', ł: 'l', ı: 'i', þ: 'th', ħ: 'h', ŀ: 'l' };

/**
 * Text a search can match in any script, accent- and case-insensitively: NFKC, lower case, diacritics folded
 * ("González" → "gonzalez", "Müller" → "muller"). Used for the stored `search_text` and for every query, so
 * both sides fold the same way on either database.
 */
export function searchable(...parts: string[]): string {
  // Folded part by part, so a plain address or organisation takes the ASCII way even when the name does not:
  // nothing folds across the space between parts (a space composes with nothing, and ends Final_Sigma's context).
  return parts.map(fold).join(' ');
}

function fold(text: string): string {
  // ASCII is its own NFKC, NFD and NFC and holds no folded mark or letter: only its case changes.
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .normalize('NFD')
    .replace(foldedMarks, '')
    .replace(/[ßøæœđðłıþħŀ]/g, (c) => foldedLetters[c] ?? c)
    .normalize('NFC');
}

/**
 * The address boundary of a new or changed member address: `trim` says whether a person typed it ('form')
 * or a file or API call carried it ('strict'); special-use domains only where the deployment allows them.
 */
export function memberAddressBoundary(config: Pick<Config, 'allowSpecialUseDomains'> | undefined, trim: 'form' | 'strict'): AddressBoundary {
  return { trim, specialUseDomains: config?.allowSpecialUseDomains ? 'allow' : 'refuse' };
}

/**
 * Validates a member's fields and derives the stored columns, reading the address at `boundary` (a form,
 * refusing special-use domains, by default). Throws `invalid_email` with the address module's reason, or
 * `invalid_input` naming the field.
 */
export function memberColumns(input: unknown, boundary: AddressBoundary = {}): MemberColumns {
  const parsed = memberFieldsSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'body') });
  const fields = parsed.data;
  const address = parseEmailAddress(fields.email, boundary);
  if (!address.ok) throw new AppError('invalid_email', { ...address.details, addressError: address.code });
  const geography = fields.memberState ? geographyOf(fields.memberState) : null;
  if (fields.memberState && !geography) throw new AppError('invalid_input', { field: 'memberState' });
  // Names and organisations are shown in many places; control characters and bidi overrides in them could
  // spoof what staff read, so the shared sanitiser takes them out on the way in (escaping handles markup).
  const name = cleanLine(fields.name);
  if (!name) throw new AppError('invalid_input', { field: 'name' });
  const organisation = cleanLine(fields.organisation);
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
    job_title: cleanLine(fields.jobTitle),
    language: fields.language,
    source: fields.source ?? null,
    search_text: searchable(name, email.display, email.ascii ?? '', organisation),
  };
}

/** A fresh member row in `status`. */
export function newMemberRow(
  networkIdValue: number,
  columns: MemberColumns,
  status: MemberStatus,
  now: Date,
  consent?: { method: ConsentMethod; basis: string | null; version: string },
) {
  const at = now.toISOString();
  return {
    network_id: networkIdValue,
    ...columns,
    consent_version: consent?.version ?? null,
    consent_at: consent ? at : null,
    consent_method: consent?.method ?? null,
    consent_basis: consent?.basis ?? null,
    status,
    status_at: at,
    created_at: at,
    updated_at: at,
    erased_at: null,
  };
}
