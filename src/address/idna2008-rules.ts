/**
 * Strict IDNA2008 checks on one U-label (RFC 5891 §4.2.3, RFC 5892, RFC 5893), each refusal
 * with its own code.
 *
 * Where the data comes from: the derived property of RFC 5892 §2–3 is computed from Node's own
 * Unicode data (regular-expression property escapes, ICU); Bidi classes and joining types, which
 * JavaScript cannot query, come from the tables tr46 generates from the Unicode Character
 * Database. The only lists written here are the ones the RFC itself spells out (its exceptions,
 * three blocks and the old Hangul jamo ranges), because they are part of the standard, not of Unicode.
 */
import { createRequire } from 'node:module';
import { type AddressFailure, codePointName, fail } from './address-errors.ts';
import { uts46Status } from './uts46-mapping.ts';

const require = createRequire(import.meta.url);

interface UnicodeClassRegexes {
  combiningClassVirama: RegExp;
  validZWNJ: RegExp;
  bidiDomain: RegExp;
  bidiS1LTR: RegExp;
  bidiS1RTL: RegExp;
  bidiS2: RegExp;
  bidiS3: RegExp;
  bidiS4EN: RegExp;
  bidiS4AN: RegExp;
  bidiS5: RegExp;
  bidiS6: RegExp;
}

const unicodeClasses = require('tr46/lib/regexes.js') as UnicodeClassRegexes;

type DerivedProperty = 'PVALID' | 'CONTEXTJ' | 'CONTEXTO' | 'DISALLOWED' | 'UNASSIGNED';

const ZWNJ = '\u200C';
const ZWJ = '\u200D';

/** RFC 5892 §2.6: code points whose property is fixed by hand, overriding the derivation. */
const exceptions = new Map<number, DerivedProperty>([
  ...[0x00df, 0x03c2, 0x06fd, 0x06fe, 0x0f0b, 0x3007].map((cp) => [cp, 'PVALID'] as const),
  ...[0x00b7, 0x0375, 0x05f3, 0x05f4, 0x30fb].map((cp) => [cp, 'CONTEXTO'] as const),
  ...range(0x0660, 0x0669).map((cp) => [cp, 'CONTEXTO'] as const),
  ...range(0x06f0, 0x06f9).map((cp) => [cp, 'CONTEXTO'] as const),
  ...[0x0640, 0x07fa, 0x302e, 0x302f, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303b].map((cp) => [cp, 'DISALLOWED'] as const),
]);

/** RFC 5892 §2.5 IgnorableBlocks and §2.9 OldHangulJamo (Hangul_Syllable_Type L, V, T). */
const disallowedRanges: ReadonlyArray<readonly [number, number]> = [
  [0x20d0, 0x20ff], // Combining Diacritical Marks for Symbols
  [0x1d100, 0x1d1ff], // Musical Symbols
  [0x1d200, 0x1d24f], // Ancient Greek Musical Notation
  [0x1100, 0x11ff], // Hangul Jamo (L, V and T)
  [0xa960, 0xa97c], // Hangul Jamo Extended-A (L)
  [0xd7b0, 0xd7c6], // Hangul Jamo Extended-B (V)
  [0xd7cb, 0xd7fb], // Hangul Jamo Extended-B (T)
];

const UNASSIGNED = /^\p{Cn}$/u;
const NONCHARACTER = /^\p{Noncharacter_Code_Point}$/u;
const LDH = /^[a-z0-9-]$/;
const IGNORABLE_PROPERTIES = /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}]$/u;
const LETTER_DIGITS = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;
const COMBINING_MARK = /^\p{M}$/u;

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * RFC 5892 §2.2 Unstable: changed by NFKC(casefold(NFKC(cp))). JavaScript has no full case
 * folding (toLowerCase is wrong for Cherokee, for one), but UTS #46 "mapped" and "ignored" are
 * that fold; NFKC is checked directly.
 */
function isUnstable(character: string): boolean {
  const status = uts46Status(character);
  return status === 'mapped' || status === 'ignored' || character.normalize('NFKC') !== character;
}

/** The IDNA2008 derived property of one code point, in the order of RFC 5892 §3. */
export function derivedProperty(character: string): DerivedProperty {
  const codePoint = character.codePointAt(0) ?? 0;
  const exception = exceptions.get(codePoint);
  if (exception) return exception;
  if (UNASSIGNED.test(character) && !NONCHARACTER.test(character)) return 'UNASSIGNED';
  if (LDH.test(character)) return 'PVALID';
  if (character === ZWNJ || character === ZWJ) return 'CONTEXTJ';
  if (isUnstable(character)) return 'DISALLOWED';
  if (IGNORABLE_PROPERTIES.test(character)) return 'DISALLOWED';
  if (disallowedRanges.some(([first, last]) => codePoint >= first && codePoint <= last)) return 'DISALLOWED';
  return LETTER_DIGITS.test(character) ? 'PVALID' : 'DISALLOWED';
}

// tr46 ships the ZWNJ rule as one regex: (Joining_Type L|D)(T)* ZWNJ (T)*(R|D). We need it anchored
// on each side of one particular ZWNJ, so we split it there.
const [joinsBefore, joinsAfter, ...rest] = unicodeClasses.validZWNJ.source.split('\\u200C');
if (joinsAfter === undefined || rest.length > 0) throw new Error('tr46 changed the shape of its validZWNJ table');
const JOINS_BEFORE = new RegExp(`(?:${joinsBefore})$`, 'u');
const JOINS_AFTER = new RegExp(`^(?:${joinsAfter})`, 'u');

/** RFC 5892 Appendix A.1 and A.2: ZWNJ and ZWJ only after a virama; ZWNJ also between joining letters. */
function contextJAllows(characters: string[], index: number): boolean {
  const before = characters[index - 1];
  if (before !== undefined && unicodeClasses.combiningClassVirama.test(before)) return true;
  if (characters[index] === ZWJ) return false;
  const textBefore = characters.slice(0, index).join('');
  const textAfter = characters.slice(index + 1).join('');
  return JOINS_BEFORE.test(textBefore) && JOINS_AFTER.test(textAfter);
}

const GREEK = /^\p{Script=Greek}$/u;
const HEBREW = /^\p{Script=Hebrew}$/u;
const JAPANESE_OR_HAN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const ARABIC_INDIC_DIGIT = /[\u0660-\u0669]/u;
const EXTENDED_ARABIC_INDIC_DIGIT = /[\u06F0-\u06F9]/u;

/** RFC 5892 Appendix A.3–A.9: the CONTEXTO rules. */
function contextOAllows(characters: string[], index: number): boolean {
  const character = characters[index];
  const before = characters[index - 1] ?? '';
  const after = characters[index + 1] ?? '';
  const label = characters.join('');
  switch (character) {
    case '\u00B7': // MIDDLE DOT, only in Catalan l·l
      return before === 'l' && after === 'l';
    case '\u0375': // GREEK LOWER NUMERAL SIGN, before a Greek letter
      return GREEK.test(after);
    case '\u05F3': // HEBREW GERESH and GERSHAYIM, after a Hebrew letter
    case '\u05F4':
      return HEBREW.test(before);
    case '\u30FB': // KATAKANA MIDDLE DOT, in a Japanese or Han label
      return JAPANESE_OR_HAN.test(label.replaceAll('\u30FB', ''));
    default:
      // The two sets of Arabic-Indic digits must not be mixed in one label.
      if (ARABIC_INDIC_DIGIT.test(character)) return !EXTENDED_ARABIC_INDIC_DIGIT.test(label);
      return !ARABIC_INDIC_DIGIT.test(label);
  }
}

/** RFC 5891 §4.2.3.1: no hyphen at either end, nor in both the 3rd and 4th places (reserved for xn--). */
export function hasHyphenProblem(label: string): boolean {
  const characters = Array.from(label);
  return label.startsWith('-') || label.endsWith('-') || (characters[2] === '-' && characters[3] === '-');
}

/**
 * Checks one U-label (already mapped and NFC) under IDNA2008. `shown` is the label as the person
 * typed it, for the message. Returns undefined when the label is valid.
 */
export function checkULabel(label: string, shown: string): AddressFailure | undefined {
  if (hasHyphenProblem(label)) return fail('hyphen_position', { label: shown });
  const characters = Array.from(label);
  if (COMBINING_MARK.test(characters[0])) return fail('leading_combining_mark', { label: shown, codePoint: codePointName(characters[0]) });
  for (const [index, character] of characters.entries()) {
    const problem = checkCodePoint(characters, index);
    if (problem) return fail(problem, { label: shown, codePoint: codePointName(character) });
  }
  return undefined;
}

function checkCodePoint(characters: string[], index: number): 'disallowed_code_point' | 'contextj' | 'contexto' | undefined {
  switch (derivedProperty(characters[index])) {
    case 'PVALID':
      return undefined;
    case 'CONTEXTJ':
      return contextJAllows(characters, index) ? undefined : 'contextj';
    case 'CONTEXTO':
      return contextOAllows(characters, index) ? undefined : 'contexto';
    default:
      return 'disallowed_code_point';
  }
}

/** RFC 5893 §1.4: a domain is a Bidi domain when any label holds an R, AL or AN character. */
export function isBidiDomain(labels: string[]): boolean {
  return unicodeClasses.bidiDomain.test(labels.join('.'));
}

/** RFC 5893 §2, rules 1–6, for one label of a Bidi domain. */
export function satisfiesBidiRule(label: string): boolean {
  const first = String.fromCodePoint(label.codePointAt(0) ?? 0);
  const c = unicodeClasses;
  if (c.bidiS1RTL.test(first)) return c.bidiS2.test(label) && c.bidiS3.test(label) && !(c.bidiS4EN.test(label) && c.bidiS4AN.test(label));
  if (c.bidiS1LTR.test(first)) return c.bidiS5.test(label) && c.bidiS6.test(label);
  return false;
}
