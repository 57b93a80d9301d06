import type { PageContext } from '../../http/request-context.ts';
import { autonym, locales } from '../../i18n/i18n.ts';
import { type MemberRow, stakeholderGroups } from './member.table.ts';
import { memberStateOptions } from './member-geography.ts';

/** Current values of the member fields in a form (as strings, straight from a body or a row). */
export interface MemberFieldValues {
  email?: string;
  name?: string;
  memberState?: string;
  stakeholderGroup?: string;
  organisation?: string;
  jobTitle?: string;
  language?: string;
}

/** A member's stored fields as form values (the preferences page and the staff editor start from them). */
export function memberFieldValues(member: MemberRow): MemberFieldValues {
  return {
    email: member.email_input,
    name: member.name,
    memberState: member.member_state ?? '',
    stakeholderGroup: member.stakeholder_group ?? '',
    organisation: member.organisation,
    jobTitle: member.job_title,
    language: member.language,
  };
}

/** A field's error message, tied to its input with aria-describedby. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

/**
 * The member fields shared by the join form, the preferences page and the staff editor. The email is
 * type=text with inputmode=email: browsers refuse non-ASCII local parts in type=email.
 */
export function MemberFieldInputs({
  ctx,
  values,
  errors,
  withEmail,
}: {
  ctx: PageContext;
  values: MemberFieldValues;
  errors: Record<string, string>;
  withEmail: boolean;
}) {
  const { t } = ctx;
  const described = (field: string) => (errors[field] ? `${field}-error` : undefined);
  return (
    <>
      {withEmail && (
        <>
          <label for="email">{t('member.field.email')}</label>
          <input
            id="email"
            name="email"
            type="text"
            inputMode="email"
            autoComplete="email"
            required
            maxLength={1000}
            dir="auto"
            spellcheck={false}
            value={values.email ?? ''}
            aria-invalid={errors.email ? 'true' : undefined}
            aria-describedby={described('email')}
          />
          <FieldError id="email-error" message={errors.email} />
        </>
      )}
      <label for="name">{t('member.field.name')}</label>
      <input
        id="name"
        name="name"
        type="text"
        autoComplete="name"
        required
        maxLength={200}
        dir="auto"
        value={values.name ?? ''}
        aria-invalid={errors.name ? 'true' : undefined}
        aria-describedby={described('name')}
      />
      <FieldError id="name-error" message={errors.name} />
      <label for="memberState">{t('member.field.memberState')}</label>
      <select id="memberState" name="memberState" aria-describedby={described('memberState')}>
        <option value="">{t('member.field.choose')}</option>
        {memberStateOptions(ctx.locale).map((o) => (
          <option key={o.code} value={o.code} selected={o.code === values.memberState}>
            {o.name}
          </option>
        ))}
      </select>
      <FieldError id="memberState-error" message={errors.memberState} />
      <label for="stakeholderGroup">{t('member.field.stakeholderGroup')}</label>
      <select id="stakeholderGroup" name="stakeholderGroup">
        <option value="">{t('member.field.choose')}</option>
        {stakeholderGroups.map((g) => (
          <option key={g} value={g} selected={g === values.stakeholderGroup}>
            {t(`stakeholderGroup.${g}`)}
          </option>
        ))}
      </select>
      <label for="organisation">{t('member.field.organisation')}</label>
      <input id="organisation" name="organisation" type="text" autoComplete="organization" maxLength={200} dir="auto" value={values.organisation ?? ''} />
      <label for="jobTitle">{t('member.field.jobTitle')}</label>
      <input id="jobTitle" name="jobTitle" type="text" autoComplete="organization-title" maxLength={200} dir="auto" value={values.jobTitle ?? ''} />
      <label for="language">{t('member.field.language')}</label>
      <select id="language" name="language">
        {locales.map((l) => (
          <option key={l} value={l} lang={l} selected={l === (values.language ?? ctx.locale)}>
            {autonym(l)}
          </option>
        ))}
      </select>
    </>
  );
}
