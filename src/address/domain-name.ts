/**
 * Domain names: UTS #46 mapping, then strict IDNA2008 label by label, then the DNS length limits.
 * The order of checks follows what a person can fix first: structure, then each label from the
 * left, then the whole name.
 */
import { createRequire } from 'node:module';
import { type AddressFailure, codePointName, fail } from './address-errors.ts';
import { checkULabel, isBidiDomain, satisfiesBidiRule } from './idna2008-rules.ts';
import { mapLabel } from './uts46-mapping.ts';

const require = createRequire(import.meta.url);
// 'punycode/' with the slash: a bare 'punycode' resolves to Node's deprecated built-in.
const punycode = require('punycode/') as { decode(input: string): string; encode(input: string): string };

/** A valid domain name in both of its forms. */
export interface DomainName {
  /** As typed, trimmed of surrounding whitespace. */
  input: string;
  /** Lowercase U-labels joined by '.', without a root dot: what people read. */
  unicode: string;
  /** A-labels (xn--…): what DNS and SMTP see. */
  ascii: string;
}

export type DomainResult = { ok: true; domain: DomainName } | AddressFailure;

/** A domain that passed every check, before it is wrapped into a DomainName or an EmailAddress. */
export interface ConvertedDomain {
  ok: true;
  unicode: string;
  ascii: string;
}

interface ConvertedLabel {
  ok: true;
  raw: string;
  unicode: string;
  ascii: string;
}

const MAX_LABEL_OCTETS = 63;
const MAX_DOMAIN_OCTETS = 253;
// Far past anything that fits in 253 octets; refuses pasted novels before any Unicode work.
const MAX_INPUT_LENGTH = 1024;
// UTS #46 maps the ideographic and full-width full stops to '.', so they separate labels too.
const LABEL_SEPARATORS = /[.\u3002\uFF0E\uFF61]/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const NON_ASCII = /[^\p{ASCII}]/u;
const DIGITS_ONLY = /^[0-9]+$/;
const ACE_PREFIX = 'xn--';

/** The first control character or line break (what header injection is made of), if any. */
export function findControlCharacter(text: string): string | undefined {
  return CONTROL.exec(text)?.[0];
}

/** Parses a bare domain name (no @), such as 例子.广告, EXAMPLE.org. or xn--fsqu00a.xn--4rr70v. */
export function parseDomain(input: string): DomainResult {
  const text = input.trim();
  const control = findControlCharacter(text);
  if (control) return fail('control_character', { codePoint: codePointName(control) });
  // A bare DNS name may be written absolute, with the root dot (zone files, configuration).
  const result = convertDomain(text, { rootDot: 'drop' });
  if (!result.ok) return result;
  return { ok: true, domain: { input: text, unicode: result.unicode, ascii: result.ascii } };
}

/**
 * Validates and converts domain text that is already trimmed and free of control characters.
 * `rootDot: 'refuse'` is the RFC 5321 Domain of an address (sub-domain *("." sub-domain)), where a
 * final dot is an error; `'drop'` reads a DNS name, where it names the root.
 */
export function convertDomain(text: string, options: { rootDot: 'refuse' | 'drop' }): ConvertedDomain | AddressFailure {
  if (text === '') return fail('domain_empty');
  if (text.startsWith('[')) return fail('ip_literal');
  if (text.length > MAX_INPUT_LENGTH) return fail('domain_too_long', { length: text.length, max: MAX_DOMAIN_OCTETS });
  const { labels: rawLabels, rootDot } = splitLabels(text);
  if (rawLabels.includes('')) return fail('label_empty');
  if (rootDot && options.rootDot === 'refuse') return fail('domain_trailing_dot');
  if (rawLabels.length < 2) return fail('single_label', { domain: text });
  const labels: ConvertedLabel[] = [];
  for (const raw of rawLabels) {
    const label = convertLabel(raw);
    if (!label.ok) return label;
    labels.push(label);
  }
  return checkWholeDomain(labels);
}

/** The labels, without the empty one a final dot leaves ("example.org." names the root too). */
function splitLabels(text: string): { labels: string[]; rootDot: boolean } {
  const labels = text.split(LABEL_SEPARATORS);
  const rootDot = labels.length > 1 && labels.at(-1) === '';
  if (rootDot) labels.pop();
  return { labels, rootDot };
}

function convertLabel(raw: string): ConvertedLabel | AddressFailure {
  const mapped = mapLabel(raw);
  // A label made only of ignored characters (soft hyphens…) is empty once mapped.
  if (mapped === '') return fail('label_empty');
  const converted = mapped.startsWith(ACE_PREFIX) ? fromALabel(mapped, raw) : fromULabel(mapped, raw);
  if (!converted.ok) return converted;
  if (converted.ascii.length > MAX_LABEL_OCTETS) {
    return fail('label_too_long', { label: raw, length: converted.ascii.length, max: MAX_LABEL_OCTETS });
  }
  return converted;
}

function fromULabel(label: string, raw: string): ConvertedLabel | AddressFailure {
  const problem = checkULabel(label, raw);
  if (problem) return problem;
  const ascii = NON_ASCII.test(label) ? ACE_PREFIX + punycode.encode(label) : label;
  return { ok: true, raw, unicode: label, ascii };
}

/**
 * An A-label typed as such must be ASCII punycode that decodes to a valid U-label and encodes
 * back to exactly itself (RFC 5891 §5.4); otherwise two spellings could hide one domain.
 */
function fromALabel(label: string, raw: string): ConvertedLabel | AddressFailure {
  if (label.length > ACE_PREFIX.length && label.endsWith('-')) return fail('hyphen_position', { label: raw });
  const decoded = NON_ASCII.test(label) ? undefined : decodePunycode(label.slice(ACE_PREFIX.length));
  const roundTrips = decoded !== undefined && NON_ASCII.test(decoded) && ACE_PREFIX + punycode.encode(decoded) === label;
  // A U-label must already be in mapped, NFC form: no capitals, no ignorable characters.
  if (!roundTrips || mapLabel(decoded) !== decoded) return fail('invalid_a_label', { label: raw });
  const problem = checkULabel(decoded, raw);
  if (problem) return problem;
  return { ok: true, raw, unicode: decoded, ascii: label };
}

function decodePunycode(encoded: string): string | undefined {
  if (encoded === '') return undefined;
  try {
    return punycode.decode(encoded);
  } catch {
    return undefined;
  }
}

/** Rules about the name as a whole: a numeric top-level label, RFC 5893 across labels, total length. */
function checkWholeDomain(labels: ConvertedLabel[]): ConvertedDomain | AddressFailure {
  const last = labels[labels.length - 1];
  if (DIGITS_ONLY.test(last.ascii)) {
    // 192.0.2.1 without brackets is an IP address, not a domain (RFC 3696 §2: no all-numeric TLD).
    const dottedQuad = labels.length === 4 && labels.every((label) => DIGITS_ONLY.test(label.ascii));
    return dottedQuad ? fail('ip_literal') : fail('numeric_tld', { label: last.raw });
  }
  const unicodeLabels = labels.map((label) => label.unicode);
  if (isBidiDomain(unicodeLabels)) {
    const broken = labels.find((label) => !satisfiesBidiRule(label.unicode));
    if (broken) return fail('bidi_rule', { label: broken.raw });
  }
  const ascii = labels.map((label) => label.ascii).join('.');
  if (ascii.length > MAX_DOMAIN_OCTETS) return fail('domain_too_long', { length: ascii.length, max: MAX_DOMAIN_OCTETS });
  return { ok: true, unicode: unicodeLabels.join('.'), ascii };
}
