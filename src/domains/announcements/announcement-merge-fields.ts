import { AppError } from '../../errors/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import { nameInLinkAddress, type Variants } from './announcement-composer.tsx';

/** The one merge field: the recipient's name, filled in per message. Anything else in double braces is a mistake. */
export const nameField = '{{name}}';

/** What looks like a merge field: double braces around anything but braces ("{{name}}", "{{ name }}", "{{unknown}}"). */
const writtenField = /\{\{[^{}]*\}\}/g;

/** One language version of an announcement as staff wrote it. */
interface Version {
  locale: Locale | string;
  subject: string;
  markdown: string;
}

/**
 * Throws unless the version's merge fields are usable: every one is known (an unknown one would go out
 * verbatim to every recipient), none is in the subject, none is in a link address.
 */
export function checkMergeFields(version: Version): void {
  const language = version.locale;
  const inSubject = version.subject.match(writtenField)?.[0];
  if (inSubject) throw new AppError('announcement_merge_field_in_subject', { field: inSubject, language });
  const unknown = version.markdown.match(writtenField)?.find((field) => field !== nameField);
  if (unknown) throw new AppError('announcement_unknown_merge_field', { field: unknown, language });
  if (version.markdown.includes(nameField) && nameInLinkAddress(version.markdown)) {
    throw new AppError('announcement_merge_field_in_link', { field: nameField, language });
  }
}

/** Checks the default text and every variant (see checkMergeFields). */
export function checkAnnouncementMergeFields(announcement: { subject: string; markdown: string; defaultLocale: string; variants: Variants }): void {
  checkMergeFields({ locale: announcement.defaultLocale, subject: announcement.subject, markdown: announcement.markdown });
  for (const [locale, variant] of Object.entries(announcement.variants)) if (variant) checkMergeFields({ locale, ...variant });
}

/** The same checks on a stored announcement, before it is sent or tested (rows saved before the checks existed). */
export function checkStoredMergeFields(row: Pick<AnnouncementRow, 'subject' | 'markdown' | 'default_locale' | 'variants'>): void {
  checkAnnouncementMergeFields({
    subject: row.subject,
    markdown: row.markdown,
    defaultLocale: row.default_locale,
    variants: JSON.parse(row.variants) as Variants,
  });
}
