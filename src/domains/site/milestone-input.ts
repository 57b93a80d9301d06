import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // Zod runs every check even after the pattern failed: an unparsable text must not reach toISOString.
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  });
const id = z.number().int().positive().max(2_147_483_647);

const inputShape = z.strictObject({
  date: isoDate,
  endDate: isoDate.or(z.literal('')).nullable().optional(),
  precision: z.enum(['day', 'month', 'year']),
  title: z.record(z.string(), z.string().transform(cleanLine).pipe(z.string().max(300))),
  body: z.record(z.string(), z.string().transform(cleanMultiline).pipe(z.string().max(4000))).optional(),
  resourceIds: z.array(id).max(50).optional(),
});

/** A milestone as it is stored: texts only for the locales that have a title. */
export interface MilestoneFields {
  date: string;
  endDate: string | null;
  precision: 'day' | 'month' | 'year';
  title: Partial<Record<Locale, string>>;
  body: Partial<Record<Locale, string>>;
  resourceIds: number[];
}

/** The first day of the period a date names at its precision ("2025-12-16" as a month is "2025-12-01"). */
function startOf(date: string, precision: MilestoneFields['precision']): string {
  if (precision === 'year') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  return date;
}

/**
 * Checks a milestone: a real date (kept from the first day of its month or year at those precisions), an end on or
 * after it, a title in at least one known locale, and a text only where there is a title. Throws `invalid_input`
 * naming the field (`title.fr`, `endDate`).
 */
export function checkMilestoneInput(input: unknown): MilestoneFields {
  const parsed = inputShape.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
    throw new AppError('invalid_input', { field: path.map(String).join('.') || 'body' });
  }
  const data = parsed.data;
  const title: Partial<Record<Locale, string>> = {};
  const body: Partial<Record<Locale, string>> = {};
  const unknown = [...Object.keys(data.title), ...Object.keys(data.body ?? {})].find((l) => !isLocale(l));
  if (unknown !== undefined) throw new AppError('invalid_input', { field: `title.${unknown}` });
  for (const locale of locales) {
    const t = data.title[locale] ?? '';
    const b = (data.body?.[locale] ?? '').trim();
    if (!t && b) throw new AppError('invalid_input', { field: `title.${locale}` });
    if (t) {
      title[locale] = t;
      if (b) body[locale] = b;
    }
  }
  if (Object.keys(title).length === 0) throw new AppError('invalid_input', { field: 'title' });
  const date = startOf(data.date, data.precision);
  const endDate = data.endDate ? startOf(data.endDate, data.precision) : null;
  if (endDate !== null && endDate < date) throw new AppError('invalid_input', { field: 'endDate' });
  return { date, endDate: endDate === date ? null : endDate, precision: data.precision, title, body, resourceIds: [...new Set(data.resourceIds ?? [])] };
}
