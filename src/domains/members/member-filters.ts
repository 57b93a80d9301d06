import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { locales } from '../../i18n/i18n.ts';
import { hasControlCharacters } from '../../security/human-text.ts';
import { memberStatuses, stakeholderGroups } from './member.table.ts';
import { regionalGroups } from './member-geography.ts';
import { sourceTag } from './member-record.ts';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

// A control character in a search is refused, never repaired: NUL truncated the bound text on SQLite (`q=%00`
// matched everyone), and the same filter picks who a bulk action or an announcement reaches. Thrown as an
// AppError from inside the schema, so every parse of the filters (list, bulk, export, API, audience) refuses it
// with the same code rather than each caller remembering to check.
const searchText = z.string().transform((text) => {
  if (hasControlCharacters(text)) throw new AppError('filter_control_characters');
  return text.trim();
});

/** The member filters as they arrive in a query string; anything unknown is dropped; control characters in `q` throw `filter_control_characters`. */
export const memberFiltersQuery = z.object({
  q: z.preprocess(blankToUndefined, searchText.pipe(z.string().max(200)).optional()),
  status: z.preprocess(blankToUndefined, z.enum(memberStatuses).optional()),
  memberState: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  ),
  regionalGroup: z.preprocess(blankToUndefined, z.enum(regionalGroups).optional()),
  stakeholderGroup: z.preprocess(blankToUndefined, z.enum(stakeholderGroups).optional()),
  language: z.preprocess(blankToUndefined, z.enum(locales).optional()),
  source: z.preprocess(blankToUndefined, sourceTag.optional()),
});
