import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, type Locale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { CsrfField } from '../../views/layout.tsx';
import { roleAllows } from '../auth/auth.service.ts';
import { FieldError } from '../members/member-fields.view.tsx';
import { joinFieldModes, joinFieldNames, logoMaxBytes, type NetworkSettings, settingLimits } from './network-settings.service.ts';
import { logoUrl } from './site.views.tsx';

/** The values of the settings forms as strings: from the stored settings, or as submitted after a mistake. */
export type SettingsFormValues = Record<string, string>;

/** The stored settings as form values (`name_en`, `joinField_organisation`…). */
export function settingsFormValues(settings: NetworkSettings): SettingsFormValues {
  const values: SettingsFormValues = {
    defaultLocale: settings.defaultLocale,
    homeShowsPicture: settings.homeShowsPicture ? 'yes' : '',
    senderName: settings.senderName,
    contactEmail: settings.contactEmail,
  };
  for (const l of locales) {
    values[`name_${l}`] = settings.name[l] ?? '';
    values[`description_${l}`] = settings.description[l] ?? '';
    values[`consentText_${l}`] = settings.consentText[l] ?? '';
    values[`privacyNotice_${l}`] = settings.privacyNotice[l] ?? '';
  }
  for (const f of joinFieldNames) values[`joinField_${f}`] = settings.joinFields[f];
  return values;
}

export interface SettingsPageState {
  settings: NetworkSettings;
  /** The network form's values and errors (field → translated message). */
  network: { values: SettingsFormValues; errors: Record<string, string> };
  members: { values: SettingsFormValues; errors: Record<string, string> };
  logoError?: string;
  notice?: string;
  /** The address of system mail, to show the From line members will see. */
  mailAddress: string;
}

const fieldLabelKey: Record<(typeof joinFieldNames)[number], string> = {
  memberState: 'member.field.memberState',
  stakeholderGroup: 'member.field.stakeholderGroup',
  organisation: 'member.field.organisation',
  jobTitle: 'member.field.jobTitle',
};

/** A text input or textarea with its label, hint and error, tied together for screen readers. */
function TextField({
  id,
  label,
  hint,
  value,
  error,
  max,
  rows,
  lang,
  type,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  max: number;
  rows?: number;
  lang?: Locale;
  type?: 'email';
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: id,
    maxLength: max,
    lang,
    dir: (lang ? directionOf(lang) : 'auto') as 'ltr' | 'rtl' | 'auto',
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': described,
  };
  return (
    <>
      <label for={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {rows ? (
        <textarea {...common} rows={rows}>
          {value}
        </textarea>
      ) : (
        <input {...common} type="text" inputMode={type} value={value} spellcheck={type === 'email' ? false : undefined} />
      )}
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

/** One per-language field of a form: `<prefix>_<locale>`. */
interface LocaleFieldSpec {
  prefix: string;
  label: string;
  max: number;
  rows?: number;
  hint?: string;
  value?: string;
}

/** One language's texts, folded away unless it is the default language, the page's language, or has a mistake. */
function LocaleTexts({
  ctx,
  locale,
  defaultLocale,
  fields,
  errors,
}: {
  ctx: PageContext;
  locale: Locale;
  defaultLocale: string;
  fields: LocaleFieldSpec[];
  errors: Record<string, string>;
}) {
  const { t } = ctx;
  const hasError = fields.some((f) => errors[`${f.prefix}_${locale}`]);
  return (
    <details class="settings-locale" open={locale === defaultLocale || locale === ctx.locale || hasError}>
      <summary>
        <span lang={locale}>{autonym(locale)}</span>
        {locale === defaultLocale && <span class="badge">{t('settings.defaultLanguageBadge')}</span>}
      </summary>
      <div class="settings-locale__fields">
        {fields.map((f) => (
          <LocaleField key={f.prefix} locale={locale} field={f} errors={errors} />
        ))}
      </div>
    </details>
  );
}

function LocaleField({ locale, field, errors }: { locale: Locale; field: LocaleFieldSpec; errors: Record<string, string> }) {
  const id = `${field.prefix}_${locale}`;
  return (
    <TextField id={id} label={field.label} hint={field.hint} value={field.value ?? ''} error={errors[id]} max={field.max} rows={field.rows} lang={locale} />
  );
}

/** The errors of a form as a list of links to the fields, announced when the page opens. */
function ErrorSummary({ ctx, errors }: { ctx: PageContext; errors: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="notice notice--error" role="alert">
      <p>{ctx.t('settings.fixErrors', { count: entries.length })}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NetworkForm({ ctx, state }: { ctx: PageContext; state: SettingsPageState }) {
  const { t } = ctx;
  const { values, errors } = state.network;
  const defaultLocale = values.defaultLocale ?? state.settings.defaultLocale;
  return (
    <section class="panel" aria-labelledby="settings-network-heading">
      <h2 id="settings-network-heading">{t('settings.network.heading')}</h2>
      <p class="hint">{t('settings.network.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={ctx.href('/admin/settings/network#settings-network-heading')} class="form form--wide settings-form" noValidate>
        <CsrfField ctx={ctx} />
        <label for="defaultLocale">{t('settings.defaultLocale')}</label>
        <p id="defaultLocale-hint" class="hint">
          {t('settings.defaultLocaleHint')}
        </p>
        <select id="defaultLocale" name="defaultLocale" aria-describedby="defaultLocale-hint">
          {locales.map((l) => (
            <option key={l} value={l} lang={l} selected={l === defaultLocale}>
              {autonym(l)}
            </option>
          ))}
        </select>
        <FieldError id="defaultLocale-error" message={errors.defaultLocale} />
        {locales.map((l) => (
          <LocaleTexts
            key={l}
            ctx={ctx}
            locale={l}
            defaultLocale={defaultLocale}
            errors={errors}
            fields={[
              { prefix: 'name', label: t('settings.name'), max: settingLimits.name, value: values[`name_${l}`] },
              {
                prefix: 'description',
                label: t('settings.description'),
                max: settingLimits.description,
                rows: 4,
                hint: t('settings.descriptionHint'),
                value: values[`description_${l}`],
              },
            ]}
          />
        ))}
        <div class="consent">
          <input
            id="homeShowsPicture"
            name="homeShowsPicture"
            type="checkbox"
            value="yes"
            checked={values.homeShowsPicture === 'yes'}
            aria-describedby="homeShowsPicture-hint"
          />
          <label for="homeShowsPicture">{t('settings.homeShowsPicture')}</label>
        </div>
        <p id="homeShowsPicture-hint" class="hint">
          {t('settings.homeShowsPictureHint')}
        </p>
        <button type="submit" class="button">
          {t('settings.network.save')}
        </button>
      </form>
    </section>
  );
}

function MembersForm({ ctx, state }: { ctx: PageContext; state: SettingsPageState }) {
  const { t } = ctx;
  const { values, errors } = state.members;
  const sender = values.senderName || state.settings.name[state.settings.defaultLocale] || '';
  return (
    <section class="panel" aria-labelledby="settings-members-heading">
      <h2 id="settings-members-heading">{t('settings.members.heading')}</h2>
      <p class="hint">{t('settings.members.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={ctx.href('/admin/settings/members#settings-members-heading')} class="form form--wide settings-form" noValidate>
        <CsrfField ctx={ctx} />
        <TextField
          id="senderName"
          label={t('settings.senderName')}
          // Isolated left to right (LRI…PDI), so the address keeps its order inside an Arabic sentence.
          hint={t('settings.senderNameHint', { from: `\u2066"${sender}" <${state.mailAddress}>\u2069` })}
          value={values.senderName ?? ''}
          error={errors.senderName}
          max={settingLimits.senderName}
        />
        <TextField
          id="contactEmail"
          label={t('settings.contactEmail')}
          hint={t('settings.contactEmailHint')}
          value={values.contactEmail ?? ''}
          error={errors.contactEmail}
          max={1000}
          type="email"
        />
        <fieldset class="settings-join-fields">
          <legend>{t('settings.joinFields')}</legend>
          <p class="hint">{t('settings.joinFieldsHint')}</p>
          {joinFieldNames.map((f) => (
            <div key={f} class="settings-join-field">
              <label for={`joinField_${f}`}>{t(fieldLabelKey[f])}</label>
              <select id={`joinField_${f}`} name={`joinField_${f}`} aria-invalid={errors[`joinField_${f}`] ? 'true' : undefined}>
                {joinFieldModes.map((m) => (
                  <option key={m} value={m} selected={values[`joinField_${f}`] === m}>
                    {t(`settings.joinField.${m}`)}
                  </option>
                ))}
              </select>
              <FieldError id={`joinField_${f}-error`} message={errors[`joinField_${f}`]} />
            </div>
          ))}
        </fieldset>
        <h3>{t('settings.memberTexts')}</h3>
        <p class="hint">{t('settings.memberTextsHint')}</p>
        {locales.map((l) => (
          <LocaleTexts
            key={l}
            ctx={ctx}
            locale={l}
            defaultLocale={state.settings.defaultLocale}
            errors={errors}
            fields={[
              {
                prefix: 'consentText',
                label: t('settings.consentText'),
                max: settingLimits.consentText,
                rows: 3,
                hint: t('settings.consentTextHint'),
                value: values[`consentText_${l}`],
              },
              {
                prefix: 'privacyNotice',
                label: t('settings.privacyNotice'),
                max: settingLimits.privacyNotice,
                rows: 8,
                hint: t('settings.privacyNoticeHint'),
                value: values[`privacyNotice_${l}`],
              },
            ]}
          />
        ))}
        <button type="submit" class="button">
          {t('settings.members.save')}
        </button>
      </form>
    </section>
  );
}

function LogoForm({ ctx, state }: { ctx: PageContext; state: SettingsPageState }) {
  const { t } = ctx;
  const logo = state.settings.logo;
  const described = ['logo-hint', state.logoError ? 'logo-error' : ''].filter(Boolean).join(' ');
  return (
    <section class="panel" aria-labelledby="settings-logo-heading">
      <h2 id="settings-logo-heading">{t('settings.logo.heading')}</h2>
      {logo ? (
        <p>
          <img class="settings-logo" src={logoUrl(logo)} alt={t('settings.logo.current')} />
        </p>
      ) : (
        <p class="muted">{t('settings.logo.none')}</p>
      )}
      <form
        method="post"
        action={ctx.href(`/admin/settings/logo?_csrf=${encodeURIComponent(ctx.csrfToken)}#settings-logo-heading`)}
        encType="multipart/form-data"
        class="form"
      >
        <label for="logo">{t('settings.logo.file')}</label>
        <p id="logo-hint" class="hint">
          {t('settings.logo.hint', { kilobytes: Math.floor(logoMaxBytes / 1024) })}
        </p>
        <input
          id="logo"
          name="logo"
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-describedby={described}
          aria-invalid={state.logoError ? 'true' : undefined}
        />
        <FieldError id="logo-error" message={state.logoError} />
        <button type="submit" class="button">
          {t('settings.logo.upload')}
        </button>
      </form>
      {logo && (
        <form method="post" action={ctx.href('/admin/settings/logo/remove')} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button--quiet">
            {t('settings.logo.remove')}
          </button>
        </form>
      )}
    </section>
  );
}

// Each form's action ends in its heading's fragment: a refused save opens the page where its messages are.

/** The settings page: the network's identity (editors and owners), and what members are told, mail and logo (owners). */
export function SettingsPage({ ctx, state, status }: { ctx: PageContext; state: SettingsPageState; status?: 'error' }) {
  const { t } = ctx;
  const owner = ctx.staff ? roleAllows(ctx.staff.role, 'owner') : false;
  return (
    <AdminLayout ctx={ctx} title={t('settings.title')}>
      {state.notice && status !== 'error' && (
        <p class="notice" role="status">
          {state.notice}
        </p>
      )}
      <p>
        {t('settings.intro')} <a href={ctx.href('/')}>{t('settings.viewHome')}</a>
      </p>
      <NetworkForm ctx={ctx} state={state} />
      {owner ? (
        <>
          <MembersForm ctx={ctx} state={state} />
          <LogoForm ctx={ctx} state={state} />
        </>
      ) : (
        <p class="notice">{t('settings.ownersOnly')}</p>
      )}
    </AdminLayout>
  );
}
