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
 * - The domain follows RFC 5321 §4.1.2 Domain (sub-domain *("." sub-domain), RFC 6531 adding
 *   U-labels), rule by rule:
 *   - It needs at least two labels (the ICANN suite rejects "fußball"): no single-label or
 *     dotless domains.
 *   - No empty label and no dot at the end: "name@example.org." is refused (domain_trailing_dot),
 *     as isemail and python-email-validator do. The root dot belongs to DNS names, not to the
 *     Domain of an address; parseDomain, which reads DNS names, still accepts and drops it.
 *   - sub-domain = Let-dig [Ldh-str]: a letter or digit at both ends, hyphens inside. Stricter
 *     than the grammar, "--" in the 3rd and 4th places is refused unless the label is an xn--
 *     A-label (RFC 5890 §2.3.1 reserves those labels; UTS #46 CheckHyphens and
 *     python-email-validator agree), so "ab--cd.org" is refused, "c--n.com" accepted.
 *   - A top-level label of digits only is refused (RFC 3696 §2); digits and hyphens elsewhere
 *     in it are not (RFC 5321 allows "tld-2", python-email-validator refuses it; we follow the RFC).
 *   - No address literal of any kind: [IPv4], [IPv6:…], a General-address-literal with its
 *     Standardized-tag, or a bare dotted quad: a mailing list has no use for mail to a bare host.
 *   - Special-use names (RFC 6761 .invalid .test .localhost, RFC 6762 .local, RFC 7686 .onion,
 *     RFC 9476 .alt, RFC 3172 .arpa) are refused with special_use_domain: no mail to them can
 *     arrive. A test deployment sets ALLOW_SPECIAL_USE_DOMAINS=true; lookups of stored
 *     addresses pass specialUseDomains: 'allow'. The example names (.example, example.com/.net/
 *     .org, RFC 2606) stay valid: RFC 6761 §6.5 asks applications not to treat them as special,
 *     and the demo network and the documentation use them.
 * - The local part is a Dot-string of RFC 6531 atext (ASCII atext plus UTF-8) or a Quoted-string.
 *   It is stored in NFC and in its shortest form ("john"@x becomes john@x). Its limit of 64 is
 *   counted in characters, not octets, so the UASG Khmer address (22 characters, 66 octets) fits.
 *   Non-ASCII spaces and invisible characters other than ZWJ/ZWNJ/variation selectors are refused.
 * - The whole address is at most 254 octets: local part in UTF-8, @, A-label domain.
 * - The local part refuses private-use code points (local_private_use), unassigned ones and
 *   format characters other than ZWJ/ZWNJ, and a combining mark that starts it or follows a dot
 *   (local_leading_combining_mark): it would join whatever precedes the address. ASCII that is
 *   not atext is refused as typed, before NFC could fold it ("<" + U+0338 into "≮").
 * - Control characters and line breaks are refused anywhere, quoted or not (header injection).
 *   What surrounds the address depends on the boundary (AddressBoundary.trim): a form trims
 *   surrounding whitespace and line breaks (a paste often carries them); a CSV import refuses
 *   them (control_character, surrounding_whitespace), since there they are a sign of broken
 *   data. Nothing inside is silently changed except by NFC and UTS #46 mapping.
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

/** Where an address comes from, which decides what the parser forgives. Both fields are optional. */
export interface AddressBoundary {
  /** 'form' (the default): surrounding whitespace is trimmed. 'strict' (CSV import, API): it is refused. */
  readonly trim?: 'form' | 'strict';
  /** 'refuse' (the default) or 'allow' special-use domains (.test, .invalid…): tests, lookups of stored addresses. */
  readonly specialUseDomains?: 'refuse' | 'allow';
}

/**
 * Special-use top-level names where no mail can arrive: RFC 6761 §6.2–6.4, RFC 6762 (mDNS),
 * RFC 7686 (Tor), RFC 9476 (non-DNS names), RFC 3172 (infrastructure; home.arpa is RFC 8375).
 * Not "example": RFC 6761 §6.5 says applications SHOULD NOT treat it as special.
 */
const SPECIAL_USE_TLDS: ReadonlySet<string> = new Set(['test', 'invalid', 'localhost', 'local', 'onion', 'alt', 'arpa']);

/** RFC 5321 §4.5.3.1.3: a path of 256 octets, less the two angle brackets. */
const MAX_ADDRESS_OCTETS = 254;
// Far past anything that can fit; refuses pasted novels before any Unicode work.
const MAX_INPUT_LENGTH = 1024;
const FULLWIDTH_AT = /[\uFF20\uFE6B]/u;
const NON_ASCII = /[^\p{ASCII}]/u;
const DIGITS_ONLY = /^[0-9]+$/;
// A plain address: ASCII atext atoms joined by single dots, one @, and LDH labels. Nothing in it needs NFC,
// UTS #46 mapping beyond A-Z → a-z, IDNA2008 tables, punycode or the Bidi rule.
const PLAIN_LOCAL = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
const PLAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const MAX_LOCAL_CHARACTERS = 64;
const MAX_LABEL_OCTETS = 63;

/** Parses, validates and normalises one email address as a person or a file typed it, at the given boundary. */
export function parseEmailAddress(input: string, boundary: AddressBoundary = {}): EmailAddressResult {
  return parsePlainAddress(input, boundary) ?? parseAnyAddress(input, boundary);
}

/**
 * The result of `parseAnyAddress` for a plain ASCII address that it accepts, computed without the Unicode
 * work (about 8 times faster; most addresses of an import are plain), or undefined whenever the address
 * needs any rule beyond the plain ones, or would be refused: the full parse then decides and gives the reason.
 * Exported for the test that proves both give the same result.
 */
export function parsePlainAddress(input: string, boundary: AddressBoundary = {}): EmailAddressResult | undefined {
  // ASCII: characters are octets, and an address of 254 leaves the domain under its 253.
  if (input.length > MAX_ADDRESS_OCTETS) return undefined;
  const at = input.indexOf('@');
  if (at < 1 || at > MAX_LOCAL_CHARACTERS) return undefined;
  const local = input.slice(0, at);
  const domain = input.slice(at + 1);
  if (!PLAIN_LOCAL.test(local)) return undefined;
  const domainName = domain.toLowerCase();
  const labels = domainName.split('.');
  if (labels.length < 2) return undefined;
  for (const label of labels) {
    // Hyphens in the 3rd and 4th places are reserved (xn-- A-labels): the full parse reads those.
    if (label.length > MAX_LABEL_OCTETS || !PLAIN_LABEL.test(label) || (label[2] === '-' && label[3] === '-')) return undefined;
  }
  const tld = labels[labels.length - 1] as string;
  if (DIGITS_ONLY.test(tld)) return undefined;
  if (SPECIAL_USE_TLDS.has(tld) && boundary.specialUseDomains !== 'allow') return undefined;
  return { ok: true, address: buildAddress(input, local, domainName, domainName) };
}

/** The full parse of any address, Unicode and all; `parseEmailAddress` takes the plain shortcut first. */
export function parseAnyAddress(input: string, boundary: AddressBoundary = {}): EmailAddressResult {
  const text = input.trim();
  if (text === '') return fail('empty');
  const strict = boundary.trim === 'strict';
  const control = findControlCharacter(strict ? input : text);
  if (control) return fail('control_character', { codePoint: codePointName(control) });
  if (strict && text !== input) return fail('surrounding_whitespace', { codePoint: codePointName(surroundingBlank(input)) });
  if (text.length > MAX_INPUT_LENGTH) return fail('address_too_long', { length: utf8Length(text), max: MAX_ADDRESS_OCTETS });
  const parts = splitAtSign(text);
  if (!parts.ok) return parts;
  const local = parseLocalPart(parts.local);
  if (!local.ok) return local;
  const domain = convertDomain(parts.domain, { rootDot: 'refuse' });
  if (!domain.ok) return domain;
  const tld = domain.ascii.slice(domain.ascii.lastIndexOf('.') + 1);
  if (SPECIAL_USE_TLDS.has(tld) && boundary.specialUseDomains !== 'allow') {
    return fail('special_use_domain', { domain: domain.unicode, suffix: tld });
  }
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

/** The first blank that trimming would remove: at the start if there is one, else at the end. */
function surroundingBlank(input: string): string {
  const leading = /^\s/u.exec(input)?.[0];
  return leading ?? Array.from(input).at(-1) ?? ' ';
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
