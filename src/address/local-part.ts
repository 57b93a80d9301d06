/**
 * The local part (before the @): RFC 5321 Dot-string or Quoted-string, with the UTF-8 characters
 * RFC 6531/6532 allow, in NFC, and a canonical spelling so that "john"@x and john@x are one mailbox.
 */
import { type AddressFailure, codePointName, fail } from './address-errors.ts';

export type LocalPartResult = { ok: true; local: string } | AddressFailure;

/** RFC 5321 §4.5.3.1.1 says 64 octets; we count characters (see the Khmer case in shared/ua/README.md). */
const MAX_LOCAL_CHARACTERS = 64;

const ASCII_ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
// qtextSMTP and the second half of quoted-pairSMTP: printable ASCII and space.
const ASCII_QUOTABLE = /^[\x20-\x7E]$/;
/**
 * Non-ASCII that RFC 6531 would let through but that only serves spoofing or breaks display:
 * C1 controls, lone surrogates, unassigned code points and noncharacters (Cn), non-ASCII spaces
 * and separators, format characters and invisible default-ignorable characters (bidi overrides,
 * zero-width space, soft hyphen, Arabic number signs…).
 */
const FORBIDDEN_NON_ASCII = /^[\p{Cc}\p{Cs}\p{Cn}\p{Z}]$/u;
const INVISIBLE = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
// Private use (U+E000–F8FF, planes 15–16): meaning agreed only inside one system, so not in a mailbox name.
const PRIVATE_USE = /^\p{Co}$/u;
// A combining mark with no base before it would join the quote, the dot or whatever text precedes the address.
const COMBINING_MARK = /^\p{M}/u;
// Invisible but needed: ZWNJ and ZWJ (Persian, Indic scripts), variation selectors (CJK, Mongolian, emoji).
const NEEDED_INVISIBLE = /^(?:\u200C|\u200D|\p{Variation_Selector})$/u;

/** Validates a raw local part and returns it in NFC, canonical form. */
export function parseLocalPart(raw: string): LocalPartResult {
  if (raw === '') return fail('local_empty');
  // Checked before NFC, which would fold "<" + U+0338 into "≮" and hide a character typed by mistake.
  const asciiProblem = raw.startsWith('"') ? undefined : firstInvalidAscii(raw);
  if (asciiProblem) return fail('local_invalid_char', { codePoint: codePointName(asciiProblem) });
  const text = raw.normalize('NFC');
  const result = text.startsWith('"') ? parseQuotedString(text) : parseDotString(text);
  if (!result.ok) return result;
  const length = Array.from(result.local).length;
  if (length > MAX_LOCAL_CHARACTERS) return fail('local_too_long', { length, max: MAX_LOCAL_CHARACTERS });
  return result;
}

/** Index just past the quote that closes the quoted string opening `text`, or -1 when it never closes. */
export function endOfQuotedString(text: string): number {
  for (let index = 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  return -1;
}

function isAllowedNonAscii(character: string): boolean {
  if (character <= '\x7F' || FORBIDDEN_NON_ASCII.test(character) || PRIVATE_USE.test(character)) return false;
  return !INVISIBLE.test(character) || NEEDED_INVISIBLE.test(character);
}

function firstInvalid(text: string, allowedAscii: RegExp): string | undefined {
  return Array.from(text).find((character) => !(allowedAscii.test(character) || isAllowedNonAscii(character)));
}

function firstInvalidAscii(text: string): string | undefined {
  return Array.from(text).find((character) => character <= '\x7F' && character !== '.' && !ASCII_ATEXT.test(character));
}

/** The refusal for a character outside the allowed set: private use has its own reason. */
function invalidCharacter(character: string): AddressFailure {
  const code = PRIVATE_USE.test(character) ? 'local_private_use' : 'local_invalid_char';
  return fail(code, { codePoint: codePointName(character) });
}

/** Why `text` (in NFC) is not a Dot-string, or undefined when it is one. */
function dotStringProblem(text: string): AddressFailure | undefined {
  const invalid = firstInvalid(text.replaceAll('.', ''), ASCII_ATEXT);
  if (invalid !== undefined) return invalidCharacter(invalid);
  if (text.startsWith('.') || text.endsWith('.') || text.includes('..')) return fail('local_dots');
  const mark = text.split('.').find((atom) => COMBINING_MARK.test(atom));
  if (mark) return fail('local_leading_combining_mark', { codePoint: codePointName(String.fromCodePoint(mark.codePointAt(0) ?? 0)) });
  return undefined;
}

function parseDotString(text: string): LocalPartResult {
  return dotStringProblem(text) ?? { ok: true, local: text };
}

/**
 * A quoted local part is unescaped, then written back in the shortest form: without quotes when
 * its content is a valid Dot-string, otherwise quoted with only " and \ escaped.
 */
function parseQuotedString(text: string): LocalPartResult {
  const end = endOfQuotedString(text);
  if (end < 0) return fail('local_unclosed_quote');
  // Text after the closing quote ("a"b@…) is not RFC 5321; RFC 5322's obsolete mixes are refused.
  if (end < text.length) return fail('local_invalid_char', { codePoint: codePointName(text.slice(end)) });
  const content = unescapeQuoted(text.slice(1, end - 1));
  if (typeof content !== 'string') return content;
  if (content === '') return fail('local_empty');
  if (dotStringProblem(content) === undefined) return { ok: true, local: content };
  if (COMBINING_MARK.test(content))
    return fail('local_leading_combining_mark', { codePoint: codePointName(String.fromCodePoint(content.codePointAt(0) ?? 0)) });
  return { ok: true, local: `"${content.replace(/["\\]/g, '\\$&')}"` };
}

function unescapeQuoted(quoted: string): string | AddressFailure {
  const characters = Array.from(quoted);
  let content = '';
  for (let index = 0; index < characters.length; index++) {
    const escaped = characters[index] === '\\';
    const character = escaped ? characters[++index] : characters[index];
    if (character === undefined) return fail('local_unclosed_quote');
    // quoted-pairSMTP escapes printable ASCII only; qtextSMTP adds UTF-8 (RFC 6531 §3.3).
    const allowed = ASCII_QUOTABLE.test(character) || (!escaped && isAllowedNonAscii(character));
    if (!allowed) return invalidCharacter(character);
    content += character;
  }
  return content;
}
