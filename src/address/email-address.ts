/**
 * The one Universal-Acceptance-ready email address module: forms, the importer, the API and
 * delivery all parse, normalise, display and convert addresses here (DESIGN.md rule 7).
 *
 * Why it exists: no single npm package does all of it. Address validators are ASCII-only or
 * lenient about IDNs; tr46 implements UTS #46, whose validity set lets emoji and symbols through
 * and which reports only "error"; Node's url.domainToASCII and punycode are more lenient still.
 * So we take the Unicode data from tr46 (mapping table, Bidi and joining classes), punycode for
 * RFC 3492, Node's ICU for general categories, and apply RFC 5321/5322/6531/6532 and IDNA2008
 * ourselves, with a specific error code for each refusal.
 *
 * Policies chosen (each backed by a test):
 * - Domains are mapped with UTS #46 non-transitional processing (so "Ė", full-width letters,
 *   capitals and the ideographic full stop 。 are accepted and folded, as browsers do; ß and ς
 *   are kept), then checked strictly under IDNA2008: derived property (no emoji, symbols or
 *   punctuation), hyphen rules, leading combining mark, CONTEXTJ and CONTEXTO, the RFC 5893 Bidi
 *   rule. The ICANN suite marks `Ė.ua-test.top` as a reject because it tests IDNA2008 without
 *   mapping; we map, so we accept it as ė.ua-test.top.
 * - An A-label given as input must be valid punycode that decodes to a valid U-label and encodes
 *   back to itself. Labels ≤ 63 octets and the domain ≤ 253 octets, measured in A-label form.
 * - A domain needs at least two labels (the ICANN suite rejects "fußball"): no single-label or
 *   dotless domains. A trailing root dot is accepted and removed. A top-level label of digits
 *   only is refused (RFC 3696), and so are IP addresses, bracketed ([192.0.2.1]) or not: a
 *   mailing list has no use for mail to a bare host.
 * - The local part is a Dot-string of RFC 6531 atext (ASCII atext plus UTF-8) or a Quoted-string.
 *   It is stored in NFC and in its shortest form ("john"@x becomes john@x). Its limit of 64 is
 *   counted in characters, not octets, so the UASG Khmer address (22 characters, 66 octets) fits.
 *   Non-ASCII spaces and invisible characters other than ZWJ/ZWNJ/variation selectors are refused.
 * - The whole address is at most 254 octets: local part in UTF-8, @, A-label domain.
 * - Control characters and line breaks are refused anywhere, quoted or not (header injection).
 *   Surrounding whitespace is trimmed; nothing inside is silently changed except by NFC and
 *   UTS #46 mapping.
 * - A full-width ＠ (or small ﹫) outside quotes gets its own code, fullwidth_at, so the message
 *   can say so: it is almost always an input-method slip, not a character of a mailbox name.
 * - dedupeKey lowercases the local part too (after NFC): RFC 5321 lets a server treat case as
 *   significant, but practically no mailbox provider does, and two members who differ only by
 *   case are one person. Dots and +tags are kept: those are provider-specific.
 */
import { type AddressErrorCode, type AddressFailure, codePointName, fail } from './address-errors.ts';
import { convertDomain, findControlCharacter } from './domain-name.ts';
import { endOfQuotedString, parseLocalPart } from './local-part.ts';

export { type AddressErrorCode, type AddressErrorDetails, addressErrorCodes, addressErrorMessagesEn } from './address-errors.ts';
export { type DomainName, type DomainResult, parseDomain } from './domain-name.ts';

/** A valid email address in every form the rest of Plenary needs. */
export interface EmailAddress {
  /** As typed, trimmed of surrounding whitespace only. */
  readonly input: string;
  /** The local part in NFC and canonical (shortest) form, quotes included when needed. */
  readonly local: string;
  /** Lowercase U-labels, no root dot. */
  readonly domainUnicode: string;
  /** A-labels (xn--…). */
  readonly domainAscii: string;
  /** local@U-label domain: what people read. */
  readonly display: string;
  /** local@A-label domain, or null when the local part is non-ASCII and needs SMTPUTF8. */
  readonly ascii: string | null;
  /** Stable key to find duplicates: NFC, lowercased local part @ U-label domain. */
  readonly dedupeKey: string;
  /** True when the local part is non-ASCII, so delivery needs SMTPUTF8 (RFC 6531). */
  readonly isInternationalised: boolean;
}

export type EmailAddressResult = { ok: true; address: EmailAddress } | { ok: false; code: AddressErrorCode; details?: Record<string, string | number> };

/** RFC 5321 §4.5.3.1.3: a path of 256 octets, less the two angle brackets. */
const MAX_ADDRESS_OCTETS = 254;
// Far past anything that can fit; refuses pasted novels before any Unicode work.
const MAX_INPUT_LENGTH = 1024;
const FULLWIDTH_AT = /[\uFF20\uFE6B]/u;
const NON_ASCII = /[^\p{ASCII}]/u;

/** Parses, validates and normalises one email address as a person or a file typed it. */
export function parseEmailAddress(input: string): EmailAddressResult {
  const text = input.trim();
  if (text === '') return fail('empty');
  const control = findControlCharacter(text);
  if (control) return fail('control_character', { codePoint: codePointName(control) });
  if (text.length > MAX_INPUT_LENGTH) return fail('address_too_long', { length: utf8Length(text), max: MAX_ADDRESS_OCTETS });
  const parts = splitAtSign(text);
  if (!parts.ok) return parts;
  const local = parseLocalPart(parts.local);
  if (!local.ok) return local;
  const domain = convertDomain(parts.domain);
  if (!domain.ok) return domain;
  const length = utf8Length(local.local) + 1 + domain.ascii.length;
  if (length > MAX_ADDRESS_OCTETS) return fail('address_too_long', { length, max: MAX_ADDRESS_OCTETS });
  return { ok: true, address: buildAddress(text, local.local, domain.unicode, domain.ascii) };
}

/** The display form wrapped in FSI…PDI, so an Arabic or Hebrew address cannot reorder the text around it. */
export function displayEmailAddress(address: EmailAddress): string {
  return `\u2068${address.display}\u2069`;
}

/**
 * Finds the one @ that separates local part and domain. Only a leading quoted string may contain
 * an @ (or a ＠), so the search skips it.
 */
function splitAtSign(text: string): { ok: true; local: string; domain: string } | AddressFailure {
  const quotedEnd = text.startsWith('"') ? endOfQuotedString(text) : 0;
  if (quotedEnd < 0) return fail('local_unclosed_quote');
  const outside = text.slice(quotedEnd);
  const atCount = outside.split('@').length - 1;
  const fullwidth = FULLWIDTH_AT.exec(outside)?.[0];
  if (atCount > 1) return fail('multiple_at');
  if (fullwidth) return fail('fullwidth_at', { codePoint: codePointName(fullwidth) });
  if (atCount === 0) return fail('missing_at');
  const at = quotedEnd + outside.indexOf('@');
  return { ok: true, local: text.slice(0, at), domain: text.slice(at + 1) };
}

function buildAddress(input: string, local: string, domainUnicode: string, domainAscii: string): EmailAddress {
  const isInternationalised = NON_ASCII.test(local);
  return {
    input,
    local,
    domainUnicode,
    domainAscii,
    display: `${local}@${domainUnicode}`,
    ascii: isInternationalised ? null : `${local}@${domainAscii}`,
    dedupeKey: `${local.toLowerCase().normalize('NFC')}@${domainUnicode}`,
    isInternationalised,
  };
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
