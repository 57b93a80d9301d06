/**
 * UTS #46 mapping (non-transitional) with the Unicode data that the tr46 package ships.
 *
 * tr46 only exports whole-domain toASCII/toUnicode that answer "error: true" without a reason,
 * and its validity set is UTS #46's, which lets symbols and emoji through. We need the mapping
 * step alone (so that "Ė", full-width letters and 。 are folded as browsers fold them) and then
 * our own strict IDNA2008 checks with a reason for each refusal. So we read its data files.
 * Those paths are not a public API of tr46: the tests pin the behaviour if a new version moves them.
 */
import { createRequire } from 'node:module';

// createRequire, not import: tr46 is CommonJS without type declarations.
const require = createRequire(import.meta.url);

type CodePointRange = number | [number, number];
type MappingRow = [CodePointRange, number, string?];

const mappingTable = require('tr46/lib/mappingTable.json') as MappingRow[];
const { STATUS_MAPPING } = require('tr46/lib/statusMapping.js') as {
  STATUS_MAPPING: { mapped: number; valid: number; disallowed: number; deviation: number; ignored: number };
};

/** What UTS #46 says about one code point. */
export type Uts46Status = 'valid' | 'mapped' | 'deviation' | 'ignored' | 'disallowed';

const statusNames = new Map<number, Uts46Status>([
  [STATUS_MAPPING.valid, 'valid'],
  [STATUS_MAPPING.mapped, 'mapped'],
  [STATUS_MAPPING.deviation, 'deviation'],
  [STATUS_MAPPING.ignored, 'ignored'],
  [STATUS_MAPPING.disallowed, 'disallowed'],
]);

function rowRange(row: MappingRow): [number, number] {
  return Array.isArray(row[0]) ? row[0] : [row[0], row[0]];
}

/** Binary search in the sorted table; a code point missing from it is treated as disallowed. */
function findRow(codePoint: number): MappingRow | undefined {
  let low = 0;
  let high = mappingTable.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const row = mappingTable[middle];
    const [first, last] = rowRange(row);
    if (codePoint < first) high = middle - 1;
    else if (codePoint > last) low = middle + 1;
    else return row;
  }
  return undefined;
}

function lookup(character: string): { status: Uts46Status; mapping: string } {
  const row = findRow(character.codePointAt(0) ?? 0);
  const status = (row && statusNames.get(row[1])) || 'disallowed';
  return { status, mapping: row?.[2] ?? '' };
}

/** The UTS #46 status of one character (a single code point). */
export function uts46Status(character: string): Uts46Status {
  return lookup(character).status;
}

/**
 * Maps one label the UTS #46 way, non-transitional: case-folds and width-folds, drops ignored
 * characters, keeps deviations (ß, ς, ZWJ, ZWNJ) and keeps disallowed characters so the
 * validator can name them. Returns NFC.
 */
export function mapLabel(label: string): string {
  let mapped = '';
  for (const character of label) {
    const { status, mapping } = lookup(character);
    if (status === 'mapped') mapped += mapping;
    else if (status !== 'ignored') mapped += character;
  }
  return mapped.normalize('NFC');
}
