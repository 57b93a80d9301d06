import { autonym, isLocale, type Locale, type Translator } from '../../i18n/i18n.ts';
import type { FieldChange } from './member.service.ts';
import type { MemberEventRow } from './member.table.ts';
import { memberStateName } from './member-geography.ts';

/** The kinds of history entry Plenary writes; each has a sentence `memberEvent.<kind>` in every catalog. */
export const memberEventKinds = [
  'joined',
  'rejoined',
  'rejoin_requested',
  'confirmed',
  'email_confirmation',
  'email_welcome',
  'email_already_member',
  'unsubscribed_one_click',
  'unsubscribed_page',
  'unsubscribed_preferences',
  'unsubscribed_email',
  'unsubscribed_complaint',
  'bounced_hard',
  'bounced_soft',
  'preferences_updated',
  'erased',
  'added_by_staff',
  'edited_by_staff',
  'staff_unsubscribe',
  'staff_remove',
  'staff_resubscribe',
  'staff_resubscribe_requested',
  'staff_bulk_unsubscribe',
  'staff_bulk_remove',
  'staff_bulk_resubscribe',
  'staff_bulk_resubscribe_requested',
  'imported',
  'import_updated',
  'demo_seeded',
] as const;

const fieldKeys: Record<FieldChange['field'], string> = {
  email: 'member.field.email',
  name: 'member.field.name',
  member_state: 'member.field.memberState',
  stakeholder_group: 'member.field.stakeholderGroup',
  organisation: 'member.field.organisation',
  job_title: 'member.field.jobTitle',
  language: 'member.field.language',
};

/** The translated name of a member field, for histories and previews. */
export function fieldLabel(t: Translator, field: string): string {
  const key = fieldKeys[field as FieldChange['field']];
  return key ? t(key) : field;
}

/** A field's value as people read it: the member state's name, the group's and the language's names, or "(empty)". */
export function fieldValue(t: Translator, locale: Locale, field: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('memberHistory.empty');
  if (field === 'member_state') return memberStateName(locale, value);
  if (field === 'stakeholder_group') return t(`stakeholderGroup.${value}`);
  if (field === 'language') return isLocale(value) ? autonym(value) : value;
  return value;
}

/** One line per changed field: "Organisation: Old → New", translated. */
export function ChangeList({ t, locale, changes }: { t: Translator; locale: Locale; changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="changes">
      {changes.map((c) => (
        <li key={c.field} dir="auto">
          {t('memberHistory.change', { field: fieldLabel(t, c.field), from: fieldValue(t, locale, c.field, c.from), to: fieldValue(t, locale, c.field, c.to) })}
        </li>
      ))}
    </ul>
  );
}

function parseDetails(event: MemberEventRow): Record<string, unknown> {
  if (!event.details) return {};
  try {
    const parsed = JSON.parse(event.details) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What a history entry says, in words: the kind as a sentence, then what changed (old → new) or the stated basis. */
export function MemberEventDescription({ t, locale, event }: { t: Translator; locale: Locale; event: MemberEventRow }) {
  const details = parseDetails(event);
  const known = (memberEventKinds as readonly string[]).includes(event.kind);
  const changes = Array.isArray(details.changes) ? (details.changes as FieldChange[]) : [];
  // Entries written before changes were recorded with their values name the fields only.
  const changedNames = Array.isArray(details.changed) ? (details.changed as string[]) : [];
  return (
    <>
      {known ? t(`memberEvent.${event.kind}`) : t('memberEvent.other', { kind: event.kind })}
      <ChangeList t={t} locale={locale} changes={changes} />
      {changedNames.length > 0 && <p class="muted">{t('memberHistory.changedFields', { fields: changedNames.map((f) => fieldLabel(t, f)).join(', ') })}</p>}
      {typeof details.basis === 'string' && details.basis && <p class="muted">{t('memberHistory.basis', { basis: details.basis })}</p>}
    </>
  );
}
