import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { resourceKinds, resourceStatuses } from './resource.table.ts';

/** The longest body kept (about 50 pages of text): longer is refused, not cut. */
export const maxBodyLength = 100_000;
export const maxSlugLength = 100;

const line = (max: number) => z.string().transform(cleanLine).pipe(z.string().max(max));
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  // Zod runs every check even after the pattern failed: an unparsable text must not reach toISOString.
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  });

/** A link a resource may point to: http or https only (a javascript: address would run on the page). */
export const webAddress = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  });

// Letters and digits of any script, joined by single hyphens: "信息社会世界峰会", "القمة-العالمية", "wsis-20-review".
const slugPattern = /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*$/u;

/** A slug made from a title: NFKC, lower case, every run of other characters one hyphen, at most 100 characters. */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKC')
    .toLocaleLowerCase('und')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...words].slice(0, maxSlugLength).join('').replace(/-+$/, '');
}

const versionShape = z.strictObject({
  title: line(300),
  slug: z.string().max(400).optional(),
  summary: z.string().transform(cleanMultiline).pipe(z.string().max(2000)).optional(),
  body: z.string().transform(cleanMultiline).optional(),
});

const inputShape = z.strictObject({
  kind: z.enum(resourceKinds),
  status: z.enum(resourceStatuses).default('draft'),
  sourceLocale: z.enum(locales).optional(),
  externalUrl: webAddress.or(z.literal('')).nullable().optional(),
  submittedTo: line(200).nullable().optional(),
  submittedOn: isoDate.or(z.literal('')).nullable().optional(),
  topics: z.array(line(200)).max(30).optional(),
  versions: z.record(z.string(), versionShape).optional(),
});

/** One locale's text of a resource, checked: a slug that is the title's unless staff chose one. */
export interface VersionFields {
  slug: string;
  title: string;
  summary: string;
  body: string;
}

/** A resource as the service stores it, once checked. */
export interface ResourceFields {
  kind: (typeof resourceKinds)[number];
  status: (typeof resourceStatuses)[number];
  sourceLocale: Locale;
  externalUrl: string | null;
  submittedTo: string | null;
  submittedOn: string | null;
  topics: string[];
  versions: Partial<Record<Locale, VersionFields>>;
}

export type ResourceInput = z.input<typeof inputShape>;

function refuse(path: (string | number | symbol)[]): never {
  throw new AppError('invalid_input', { field: path.map(String).join('.') || 'body' });
}

/**
 * Checks a resource as staff or the API write it: known kind and status, http(s) links, a real date, each locale's
 * version with a title and a valid slug (the title's when none is given), and a version in the source locale.
 * A locale whose fields are all empty has no version. Throws `invalid_input` naming the field
 * (`versions.fr.title`), or `resource_title_required` when no locale has a title.
 */
export function checkResourceInput(input: unknown): ResourceFields {
  const parsed = inputShape.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []));
  }
  const data = parsed.data;
  const { versions, sourceLocale } = checkVersions(data.versions ?? {}, data.sourceLocale);
  const isSubmission = data.kind === 'submission';
  return {
    kind: data.kind,
    status: data.status,
    sourceLocale,
    externalUrl: data.externalUrl || null,
    submittedTo: isSubmission ? data.submittedTo || null : null,
    submittedOn: isSubmission ? data.submittedOn || null : null,
    topics: [...new Set((data.topics ?? []).filter(Boolean))],
    versions,
  };
}

/** The shape of one locale's version, for other texts written per locale (updates). */
export const versionsShape = z.record(z.string(), versionShape);

/**
 * The per-locale versions of a text: each with a title and a valid slug (the title's when none is given), a
 * locale with no text has none, and the source locale (the first written when not given) must have one.
 */
export function checkVersions(
  raw: z.output<typeof versionsShape>,
  givenSource: Locale | undefined,
): { versions: Partial<Record<Locale, VersionFields>>; sourceLocale: Locale } {
  const versions: Partial<Record<Locale, VersionFields>> = {};
  for (const [locale, v] of Object.entries(raw)) {
    if (!(locales as readonly string[]).includes(locale)) refuse(['versions', locale]);
    const summary = (v.summary ?? '').trim();
    const body = v.body ?? '';
    const givenSlug = cleanLine(v.slug ?? '');
    if (!v.title && !summary && !body.trim() && !givenSlug) continue;
    if (!v.title) refuse(['versions', locale, 'title']);
    if (body.length > maxBodyLength) refuse(['versions', locale, 'body']);
    const slug = givenSlug ? givenSlug.normalize('NFKC').toLocaleLowerCase('und') : slugify(v.title);
    if (!slugPattern.test(slug) || [...slug].length > maxSlugLength) refuse(['versions', locale, 'slug']);
    versions[locale as Locale] = { slug, title: v.title, summary, body };
  }
  const written = Object.keys(versions) as Locale[];
  if (written.length === 0) throw new AppError('resource_title_required');
  const sourceLocale = givenSource ?? (written[0] as Locale);
  if (!versions[sourceLocale]) refuse(['versions', sourceLocale, 'title']);
  return { versions, sourceLocale };
}
