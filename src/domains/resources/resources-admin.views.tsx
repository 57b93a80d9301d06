import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { autonym, isLocale, type Locale, locales, type Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { TopicRow } from '../engagements/engagement.table.ts';
import { type ResourceView, translatedLocales, versionFor } from './resource.service.ts';
import { resourceKinds, resourceStatuses } from './resource.table.ts';
import type { ResourceFormValues } from './resource-form.ts';
import { maxBodyLength } from './resource-input.ts';

/** A refusal shown above the form, and the field it is about (`versions.fr.slug`, `file`), if any. */
export interface FormError {
  message: string;
  field?: string;
}

const commonFields = ['kind', 'status', 'sourceLocale', 'externalUrl', 'submittedTo', 'submittedOn', 'topics', 'file'] as const;
const versionFields = ['title', 'slug', 'summary', 'body'] as const;
/** Every field the form labels (`resources.field.<name>`), also the names an `invalid_input` error may give. */
export const resourceFormFields = [...commonFields, ...versionFields, 'version'] as const;

/** A language's name in the reader's language, as a sentence writes it ("anglais" for a French reader). */
export function languageName(reader: Locale, locale: string): string {
  return new Intl.DisplayNames([reader], { type: 'language' }).of(locale) ?? locale;
}

/** The label of a field an `invalid_input` error names: `versions.fr.title` → "Title (French)". */
export function resourceFieldLabel(t: Translator, reader: Locale, field: string): string {
  const [first = '', locale, name] = field.split('.');
  if (first === 'versions' && isLocale(locale)) {
    const label = name && (versionFields as readonly string[]).includes(name) ? t(`resources.field.${name}`) : t('resources.field.version');
    return t('resources.fieldInLanguage', { field: label, language: languageName(reader, locale) });
  }
  return (commonFields as readonly string[]).includes(first) ? t(`resources.field.${first}`) : field;
}

/** A resource's title for staff reading in `locale` (their language's, else another's). */
function titleOf(view: ResourceView, locale: Locale): { text: string; lang: string } {
  const { shown } = versionFor(view, locale, view.row.source_locale as Locale);
  return { text: shown.title, lang: shown.locale };
}

function Notice({ message, error }: { message?: string; error?: boolean }) {
  if (!message) return null;
  return (
    <p class={error ? 'notice notice--error' : 'notice'} role={error ? 'alert' : 'status'}>
      {message}
    </p>
  );
}

function Select({
  id,
  name,
  label,
  value,
  options,
  empty,
}: {
  id: string;
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
  empty?: string;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
}

const kindOptions = (t: Translator): [string, string][] => resourceKinds.map((k) => [k, t(`resourceKind.${k}`)]);
const statusOptions = (t: Translator): [string, string][] => resourceStatuses.map((s) => [s, t(`resourceStatus.${s}`)]);

/** The languages a resource is in, each named in its own language. */
function Languages({ view }: { view: ResourceView }) {
  return (
    <>
      {translatedLocales(view).map((l, i) => (
        <>
          {i > 0 && ', '}
          <span lang={l}>{autonym(l)}</span>
        </>
      ))}
    </>
  );
}

export interface ResourceListFilters {
  q?: string;
  kind?: string;
  status?: string;
  topicId?: number;
}

function listQuery(filters: ResourceListFilters, page?: number): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.status) params.set('status', filters.status);
  if (filters.topicId) params.set('topic', String(filters.topicId));
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The library for staff: filters, every resource with its languages and status, paging. */
export function ResourceListPage({
  ctx,
  filters,
  views,
  page,
  more,
  topics,
}: {
  ctx: PageContext;
  filters: ResourceListFilters;
  views: ResourceView[];
  page: number;
  more: boolean;
  topics: TopicRow[];
}) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const any = t('members.filter.any');
  const deleted = ctx.unprefixedUrl.includes('deleted=1');
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.resources')}>
      {deleted && <Notice message={t('resources.deleted')} />}
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/resources/new')}>
            {t('resources.new')}
          </a>
        )}
        <a href={ctx.href('/resources')}>{t('resources.publicLibrary')}</a>
      </p>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same */}
      <form method="get" action={ctx.href('/admin/resources')} class="filters" role="search">
        <div class="filter filter--search">
          <label for="filter-q">{t('resources.filter.search')}</label>
          <input id="filter-q" name="q" type="search" value={filters.q ?? ''} dir="auto" />
        </div>
        <div class="filter">
          <Select id="filter-kind" name="kind" label={t('resources.field.kind')} value={filters.kind} empty={any} options={kindOptions(t)} />
        </div>
        <div class="filter">
          <Select id="filter-status" name="status" label={t('resources.field.status')} value={filters.status} empty={any} options={statusOptions(t)} />
        </div>
        <div class="filter">
          <Select
            id="filter-topic"
            name="topic"
            label={t('resources.field.topics')}
            value={filters.topicId ? String(filters.topicId) : undefined}
            empty={any}
            options={topics.map((x) => [String(x.id), x.name])}
          />
        </div>
        <button type="submit" class="button">
          {t('members.filter.apply')}
        </button>
      </form>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('resources.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('resources.field.title')}</th>
              <th scope="col">{t('resources.field.kind')}</th>
              <th scope="col">{t('resources.column.languages')}</th>
              <th scope="col">{t('resources.field.status')}</th>
              <th scope="col">{t('resources.column.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {views.map((view) => {
              const title = titleOf(view, locale);
              return (
                <tr key={view.row.id}>
                  <td>
                    <a href={ctx.href(`/admin/resources/${view.row.id}`)} lang={title.lang}>
                      <bdi>{title.text}</bdi>
                    </a>
                    {view.row.file_name && <span class="badge badge--muted">{t('resources.hasFile')}</span>}
                  </td>
                  <td>{t(`resourceKind.${view.row.kind}`)}</td>
                  <td>
                    <Languages view={view} />
                  </td>
                  <td>{t(`resourceStatus.${view.row.status}`)}</td>
                  <td>{formatTimestamp(locale, view.row.updated_at)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {views.length === 0 && <p>{t('resources.none')}</p>}
      <p class="pager">
        {page > 1 && <a href={ctx.href(`/admin/resources${listQuery(filters, page - 1)}`)}>{t('resources.newer')}</a>}
        {more && <a href={ctx.href(`/admin/resources${listQuery(filters, page + 1)}`)}>{t('common.older')}</a>}
      </p>
    </AdminLayout>
  );
}

function FieldError({ id, error, field }: { id: string; error?: FormError; field: string }) {
  if (error?.field !== field) return null;
  return (
    <p id={id} class="field-error">
      {error.message}
    </p>
  );
}

/** Attributes that tie an input to its error, when the error is about it. */
function invalid(error: FormError | undefined, field: string, errorId: string) {
  return error?.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorId } : {};
}

/** One locale's title, slug, summary and body; open when it has text, is the source, or holds the error. */
export function VersionFieldset({
  ctx,
  locale,
  values,
  error,
}: {
  ctx: PageContext;
  locale: Locale;
  values: Pick<ResourceFormValues, 'sourceLocale' | 'versions'>;
  error?: FormError;
}) {
  const { t } = ctx;
  const v = values.versions[locale];
  const hasText = Boolean(v.title || v.summary || v.body);
  const open = hasText || values.sourceLocale === locale || Boolean(error?.field?.startsWith(`versions.${locale}.`));
  const field = (name: string) => `versions.${locale}.${name}`;
  const id = (name: string) => `${name}-${locale}`;
  return (
    <details class="resource-version" open={open}>
      <summary>
        <span lang={locale}>{autonym(locale)}</span>
        {values.sourceLocale === locale && <span class="badge">{t('resources.sourceBadge')}</span>}
        {!hasText && <span class="badge badge--muted">{t('resources.noVersion')}</span>}
      </summary>
      <div lang={locale} dir={locale === 'ar' ? 'rtl' : 'ltr'} class="resource-version__fields">
        <label for={id('title')}>{t('resources.field.title')}</label>
        <input
          id={id('title')}
          name={`title.${locale}`}
          type="text"
          maxLength={300}
          value={v.title}
          {...invalid(error, field('title'), `${id('title')}-error`)}
        />
        <FieldError id={`${id('title')}-error`} error={error} field={field('title')} />
        <label for={id('slug')}>{t('resources.field.slug')}</label>
        <input
          id={id('slug')}
          name={`slug.${locale}`}
          type="text"
          maxLength={400}
          value={v.slug}
          aria-describedby={error?.field === field('slug') ? `${id('slug')}-error` : `${id('slug')}-hint`}
          aria-invalid={error?.field === field('slug') ? 'true' : undefined}
        />
        <p id={`${id('slug')}-hint`} class="hint">
          {t('resources.slugHint')}
        </p>
        <FieldError id={`${id('slug')}-error`} error={error} field={field('slug')} />
        <label for={id('summary')}>{t('resources.field.summary')}</label>
        <textarea id={id('summary')} name={`summary.${locale}`} rows={3} maxLength={2000}>
          {v.summary}
        </textarea>
        <label for={id('body')}>{t('resources.field.body')}</label>
        <textarea
          id={id('body')}
          name={`body.${locale}`}
          rows={10}
          maxLength={maxBodyLength}
          aria-describedby={`${id('body')}-hint`}
          {...invalid(error, field('body'), `${id('body')}-error`)}
        >
          {v.body}
        </textarea>
        <p id={`${id('body')}-hint`} class="hint">
          {t('resources.bodyHint')}
        </p>
        <FieldError id={`${id('body')}-error`} error={error} field={field('body')} />
      </div>
    </details>
  );
}

/** Add or edit a resource: its kind and status, one version per language, topics, and a file or a link. */
export function ResourceFormPage({
  ctx,
  values,
  view,
  limitBytes,
  error,
}: {
  ctx: PageContext;
  values: ResourceFormValues;
  view?: ResourceView;
  limitBytes: number;
  error?: FormError;
}) {
  const { t } = ctx;
  const path = view ? `/admin/resources/${view.row.id}/edit` : '/admin/resources/new';
  // A multipart body is read after the CSRF check, so the token travels in the query.
  const action = ctx.href(`${path}?_csrf=${encodeURIComponent(ctx.csrfToken)}`);
  const sourceFirst = [values.sourceLocale, ...locales.filter((l) => l !== values.sourceLocale)].filter(isLocale);
  const megabytes = Math.floor(limitBytes / 1_048_576) || 1;
  return (
    <AdminLayout ctx={ctx} title={view ? t('resources.editTitle') : t('resources.new')}>
      <Notice message={error?.message} error />
      <form method="post" action={action} encType="multipart/form-data" class="form form--wide resource-form">
        <CsrfField ctx={ctx} />
        <Select id="kind" name="kind" label={t('resources.field.kind')} value={values.kind} options={kindOptions(t)} />
        <Select id="status" name="status" label={t('resources.field.status')} value={values.status} options={statusOptions(t)} />
        <Select
          id="sourceLocale"
          name="sourceLocale"
          label={t('resources.field.sourceLocale')}
          value={values.sourceLocale}
          options={locales.map((l) => [l, autonym(l)])}
        />
        <fieldset>
          <legend>{t('resources.versionsLegend')}</legend>
          <p class="hint">{t('resources.versionsHint')}</p>
          {sourceFirst.map((l) => (
            <VersionFieldset key={l} ctx={ctx} locale={l} values={values} error={error} />
          ))}
        </fieldset>
        <label for="topics">{t('resources.field.topics')}</label>
        <textarea id="topics" name="topics" rows={3} dir="auto" aria-describedby="topics-hint">
          {values.topics}
        </textarea>
        <p id="topics-hint" class="hint">
          {t('resources.topicsHint')}
        </p>
        <fieldset>
          <legend>{t('resources.submissionLegend')}</legend>
          <p class="hint">{t('resources.submissionHint')}</p>
          <label for="submittedTo">{t('resources.field.submittedTo')}</label>
          <input id="submittedTo" name="submittedTo" type="text" maxLength={200} value={values.submittedTo} dir="auto" />
          <label for="submittedOn">{t('resources.field.submittedOn')}</label>
          <input id="submittedOn" name="submittedOn" type="date" value={values.submittedOn} />
        </fieldset>
        <fieldset>
          <legend>{t('resources.fileLegend')}</legend>
          <label for="externalUrl">{t('resources.field.externalUrl')}</label>
          <input
            id="externalUrl"
            name="externalUrl"
            type="text"
            inputMode="url"
            dir="ltr"
            maxLength={2000}
            value={values.externalUrl}
            {...invalid(error, 'externalUrl', 'externalUrl-error')}
          />
          <FieldError id="externalUrl-error" error={error} field="externalUrl" />
          {view?.row.file_name && (
            <div class="consent">
              <input id="removeFile" name="removeFile" type="checkbox" value="yes" checked={values.removeFile} />
              <label for="removeFile">{t('resources.removeFile', { name: view.row.file_name })}</label>
            </div>
          )}
          {/* Last in the form: a file over the limit stops the reading, and every other field has arrived by then. */}
          <label for="file">{view?.row.file_name ? t('resources.replaceFile') : t('resources.field.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".pdf,.docx,.pptx,.xlsx,.odt,.ods,.odp,.png,.jpg,.jpeg,.webp,.gif"
            aria-describedby={error?.field === 'file' ? 'file-error' : 'file-hint'}
            aria-invalid={error?.field === 'file' ? 'true' : undefined}
          />
          <p id="file-hint" class="hint">
            {t('resources.fileHint', { megabytes })}
          </p>
          <FieldError id="file-error" error={error} field="file" />
        </fieldset>
        <button type="submit" class="button">
          {t('resources.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

function Facts({ facts }: { facts: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {facts.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

/** The public address of a resource in one locale. */
export function publicResourcePath(locale: Locale, slug: string): string {
  return `/${locale}/resources/${encodeURIComponent(slug)}`;
}

/** A resource for staff: facts, each version with its public address, and the actions an editor may take. */
export function ResourceDetailPage({ ctx, view, saved }: { ctx: PageContext; view: ResourceView; saved: boolean }) {
  const { t, locale } = ctx;
  const { row } = view;
  const canEdit = ctx.staff?.role !== 'viewer';
  const title = titleOf(view, locale);
  const facts: [string, ComponentChildren][] = [
    [t('resources.field.kind'), t(`resourceKind.${row.kind}`)],
    [t('resources.field.status'), t(`resourceStatus.${row.status}`)],
    [t('resources.field.sourceLocale'), <span lang={row.source_locale}>{isLocale(row.source_locale) ? autonym(row.source_locale) : row.source_locale}</span>],
    [t('resources.column.languages'), <Languages view={view} />],
    [t('resources.field.topics'), view.topics.map((x) => x.name).join(', ') || '—'],
    [t('resources.publishedOn'), row.published_at ? formatDate(locale, row.published_at.slice(0, 10)) : '—'],
    [t('resources.column.updated'), formatTimestamp(locale, row.updated_at)],
  ];
  if (row.kind === 'submission') {
    facts.push(
      [t('resources.field.submittedTo'), <bdi>{row.submitted_to ?? '—'}</bdi>],
      [t('resources.field.submittedOn'), row.submitted_on ? formatDate(locale, row.submitted_on) : '—'],
    );
  }
  facts.push([
    t('resources.field.externalUrl'),
    row.external_url ? (
      <a href={row.external_url} rel="noopener noreferrer" dir="ltr">
        {row.external_url}
      </a>
    ) : (
      '—'
    ),
  ]);
  facts.push([
    t('resources.field.file'),
    row.file_name ? (
      <a href={ctx.href(`/admin/resources/${row.id}/file`)}>
        <bdi>{row.file_name}</bdi> ({t('resources.fileSize', { kilobytes: formatNumber(locale, Math.ceil((row.file_size ?? 0) / 1024)) })})
      </a>
    ) : (
      '—'
    ),
  ]);
  return (
    <AdminLayout ctx={ctx} title={title.text}>
      {saved && <Notice message={t('resources.saved')} />}
      {canEdit && (
        <div class="actions">
          <a class="button" href={ctx.href(`/admin/resources/${row.id}/edit`)}>
            {t('resources.edit')}
          </a>
          <form method="post" action={ctx.href(`/admin/resources/${row.id}/status`)} class="inline-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="status" value={row.status === 'published' ? 'draft' : 'published'} />
            <button type="submit" class="button button--quiet">
              {row.status === 'published' ? t('resources.unpublish') : t('resources.publish')}
            </button>
          </form>
          <a class="button button--danger" href={ctx.href(`/admin/resources/${row.id}/delete`)}>
            {t('resources.delete')}
          </a>
        </div>
      )}
      <Facts facts={facts} />
      <h2>{t('resources.versionsLegend')}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('resources.column.language')}</th>
              <th scope="col">{t('resources.field.title')}</th>
              <th scope="col">{t('resources.column.address')}</th>
            </tr>
          </thead>
          <tbody>
            {translatedLocales(view).map((l) => {
              const v = view.versions[l];
              if (!v) return null;
              const href = publicResourcePath(l, v.slug);
              return (
                <tr key={l}>
                  <td lang={l}>{autonym(l)}</td>
                  <td lang={l}>
                    <bdi>{v.title}</bdi>
                  </td>
                  <td dir="ltr">{row.status === 'published' ? <a href={href}>{decodeURI(href)}</a> : <span class="muted">{decodeURI(href)}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

/** Asks before deleting a resource: its versions and file go with it. */
export function ResourceDeletePage({ ctx, view }: { ctx: PageContext; view: ResourceView }) {
  const { t, locale } = ctx;
  const title = titleOf(view, locale);
  return (
    <AdminLayout ctx={ctx} title={t('resources.deleteTitle')}>
      <p>{t('resources.deleteQuestion', { title: `\u2068${title.text}\u2069`, count: translatedLocales(view).length })}</p>
      <form method="post" action={ctx.href(`/admin/resources/${view.row.id}/delete`)} class="actions">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--danger">
          {t('resources.deleteConfirm')}
        </button>
        <a href={ctx.href(`/admin/resources/${view.row.id}`)}>{t('resources.keep')}</a>
      </form>
    </AdminLayout>
  );
}
