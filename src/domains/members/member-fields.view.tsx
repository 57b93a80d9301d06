import type { PageContext } from '../../http/request-context.ts';
import { autonym, locales } from '../../i18n/i18n.ts';
import type { JoinFieldRules } from '../site/network-settings.service.ts';
import { type MemberRow, stakeholderGroups } from './member.table.ts';
import { MemberStateOptions } from './member-state-options.view.tsx';

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
  rules,
}: {
  ctx: PageContext;
  values: MemberFieldValues;
  errors: Record<string, string>;
  withEmail: boolean;
  /** The join form's settings: optional fields staff hid or require (every field shows, optional, without). */
  rules?: JoinFieldRules;
}) {
  const { t } = ctx;
  const described = (field: string) => (errors[field] ? `${field}-error` : undefined);
  const shown = (field: keyof JoinFieldRules) => rules?.[field] !== 'hidden';
  const required = (field: keyof JoinFieldRules) => rules?.[field] === 'required';
  const invalid = (field: string) => (errors[field] ? ('true' as const) : undefined);
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
      {shown('memberState') && (
        <>
          <label for="memberState">{t('member.field.memberState')}</label>
          <select
            id="memberState"
            name="memberState"
            required={required('memberState')}
            aria-invalid={invalid('memberState')}
            aria-describedby={described('memberState')}
          >
            <option value="">{t('member.field.choose')}</option>
            <MemberStateOptions locale={ctx.locale} t={t} selected={values.memberState} />
          </select>
          <FieldError id="memberState-error" message={errors.memberState} />
        </>
      )}
      {shown('stakeholderGroup') && (
        <>
          <label for="stakeholderGroup">{t('member.field.stakeholderGroup')}</label>
          <select
            id="stakeholderGroup"
            name="stakeholderGroup"
            required={required('stakeholderGroup')}
            aria-invalid={invalid('stakeholderGroup')}
            aria-describedby={described('stakeholderGroup')}
          >
            <option value="">{t('member.field.choose')}</option>
            {stakeholderGroups.map((g) => (
              <option key={g} value={g} selected={g === values.stakeholderGroup}>
                {t(`stakeholderGroup.${g}`)}
              </option>
            ))}
          </select>
          <FieldError id="stakeholderGroup-error" message={errors.stakeholderGroup} />
        </>
      )}
      {shown('organisation') && (
        <>
          <label for="organisation">{t('member.field.organisation')}</label>
          <input
            id="organisation"
            name="organisation"
            type="text"
            autoComplete="organization"
            maxLength={200}
            dir="auto"
            required={required('organisation')}
            aria-invalid={invalid('organisation')}
            aria-describedby={described('organisation')}
            value={values.organisation ?? ''}
          />
          <FieldError id="organisation-error" message={errors.organisation} />
        </>
      )}
      {shown('jobTitle') && (
        <>
          <label for="jobTitle">{t('member.field.jobTitle')}</label>
          <input
            id="jobTitle"
            name="jobTitle"
            type="text"
            autoComplete="organization-title"
            maxLength={200}
            dir="auto"
            required={required('jobTitle')}
            aria-invalid={invalid('jobTitle')}
            aria-describedby={described('jobTitle')}
            value={values.jobTitle ?? ''}
          />
          <FieldError id="jobTitle-error" message={errors.jobTitle} />
        </>
      )}
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
