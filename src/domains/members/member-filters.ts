import { z } from 'zod';
import { locales } from '../../i18n/i18n.ts';
import { memberStatuses, stakeholderGroups } from './member.table.ts';
import { regionalGroups } from './member-geography.ts';
import { sourceTag } from './member-record.ts';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The member filters as they arrive in a query string; anything unknown is dropped. */
export const memberFiltersQuery = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
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
