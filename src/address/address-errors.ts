/**
 * The reasons an email address or a domain name can be refused. Parsers return a code and
 * details; only the UI turns them into a sentence, so tests assert codes and translators get
 * whole sentences with named variables.
 */

/** Every code the address module can return, in the order a person meets them while typing. */
export const addressErrorCodes = [
  'empty',
  'control_character',
  'surrounding_whitespace',
  'missing_at',
  'multiple_at',
  'fullwidth_at',
  'local_empty',
  'local_unclosed_quote',
  'local_invalid_char',
  'local_leading_combining_mark',
  'local_private_use',
  'local_dots',
  'local_too_long',
  'domain_empty',
  'ip_literal',
  'label_empty',
  'domain_trailing_dot',
  'single_label',
  'numeric_tld',
  'invalid_a_label',
  'hyphen_position',
  'leading_combining_mark',
  'disallowed_code_point',
  'contextj',
  'contexto',
  'bidi_rule',
  'label_too_long',
  'domain_too_long',
  'special_use_domain',
  'address_too_long',
] as const;

export type AddressErrorCode = (typeof addressErrorCodes)[number];

/** Values a translated message can name: a code point as U+XXXX, a label, a length, a limit. */
export type AddressErrorDetails = Record<string, string | number>;

/** The refusal half of every result in this module. */
export interface AddressFailure {
  ok: false;
  code: AddressErrorCode;
  details?: AddressErrorDetails;
}

/** Builds a refusal; details are left out when there are none, so results compare cleanly. */
export function fail(code: AddressErrorCode, details?: AddressErrorDetails): AddressFailure {
  return details === undefined ? { ok: false, code } : { ok: false, code, details };
}

/** Names a character the way Unicode charts do (U+00E9), so a message can point at invisible ones. */
export function codePointName(character: string): string {
  const value = character.codePointAt(0) ?? 0;
  return `U+${value.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * English messages, ICU MessageFormat (intl-messageformat). The variables each message uses are
 * exactly the details its parser returns; the other five catalogs are translated from these.
 */
export const addressErrorMessagesEn: Record<AddressErrorCode, string> = {
  empty: 'Enter an email address.',
  control_character: 'The text contains an invisible control character or line break ({codePoint}), which is not allowed.',
  missing_at: 'The email address needs an @ sign between the mailbox name and the domain, as in name@example.org.',
  surrounding_whitespace:
    'The email address begins or ends with a space or another blank character ({codePoint}). Remove it: here the address must be given exactly, with nothing around it.',
  multiple_at: 'The email address has more than one @ sign. Only one is allowed, unless the part before it is in quotation marks.',
  fullwidth_at: 'The email address uses a full-width at sign ({codePoint}) instead of the ordinary @ sign. Replace it with @.',
  local_empty: 'The part before the @ sign is empty.',
  local_unclosed_quote: 'The part before the @ sign opens a quotation mark that is never closed.',
  local_invalid_char: 'The part before the @ sign contains a character that is not allowed there: {codePoint}.',
  local_leading_combining_mark:
    'The part before the @ sign has a combining mark ({codePoint}) at its start or just after a dot, where there is no letter for it to join. Put the letter it belongs to before it.',
  local_private_use:
    'The part before the @ sign contains a private-use character ({codePoint}). Such characters have no agreed meaning and look different on every device, so they cannot be part of an address.',
  local_dots: 'The part before the @ sign cannot start or end with a dot, or have two dots in a row.',
  local_too_long: 'The part before the @ sign is {length, plural, one {# character} other {# characters}} long; the limit is {max}.',
  domain_empty: 'The domain name is missing. Enter one such as example.org.',
  ip_literal: 'Addresses at an IP address, such as name@[192.0.2.1], are not accepted. Use an address at a domain name.',
  label_empty: 'The domain name has an empty part: two dots in a row, or a dot at the start.',
  domain_trailing_dot:
    'The domain name ends with a dot. In an email address it must end with a letter or a digit, as in name@example.org: remove the last dot.',
  single_label: 'The domain name {domain} has only one part. It needs at least one dot, as in example.org.',
  numeric_tld: 'The domain name ends in {label}, which is only digits. The last part of a domain name cannot be a number.',
  invalid_a_label: 'The part {label} of the domain name starts with xn-- but is not a correctly encoded internationalised name.',
  hyphen_position: 'The part {label} of the domain name has a hyphen where none is allowed: at the start, at the end, or in both the third and fourth places.',
  leading_combining_mark: 'The part {label} of the domain name starts with a combining mark ({codePoint}). It must start with a letter or a digit.',
  disallowed_code_point: 'The part {label} of the domain name contains a character that domain names do not allow: {codePoint}.',
  contextj: 'The part {label} of the domain name contains an invisible joining character ({codePoint}) where it cannot join two letters.',
  contexto: 'The part {label} of the domain name contains the character {codePoint} next to characters it cannot be used with.',
  bidi_rule: 'The part {label} of the domain name mixes right-to-left letters with left-to-right letters or digits in a way that domain names do not allow.',
  label_too_long: 'The part {label} of the domain name is too long: {length} characters once encoded for the DNS, and the limit is {max}.',
  domain_too_long: 'The domain name is too long: {length} characters once encoded for the DNS, and the limit is {max}.',
  special_use_domain:
    'The domain {domain} ends in .{suffix}, a name reserved for testing, local networks or other special uses: no email can be delivered there. Use an address at a public domain.',
  address_too_long: 'The email address is too long: {length} bytes once encoded for sending, and the limit is {max}.',
};
