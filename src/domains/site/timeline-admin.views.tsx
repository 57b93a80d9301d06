import type { PageContext } from '../../http/request-context.ts';
import { autonym, isLocale, type Locale, locales, pickLocalized, type Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDateRange } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { type ResourceView, versionFor } from '../resources/resource.service.ts';
import { languageName } from '../resources/resources-admin.views.tsx';
import type { MilestoneView } from './milestone.service.ts';

/** The milestone form's values, as the page shows them and the browser sends them back. */
export interface MilestoneFormValues {
  date: string;
  endDate: string;
  precision: string;
  title: Partial<Record<string, string>>;
  body: Partial<Record<string, string>>;
  resourceIds: number[];
}

const precisions = ['day', 'month', 'year'] as const;
/** Every field the form labels (`timeline.field.<name>`), also the names an `invalid_input` error may give. */
export const milestoneFormFields = ['date', 'endDate', 'precision', 'title', 'body', 'resourceIds'] as const;

/** The label of a field an `invalid_input` error names: `title.fr` → "Title (French)". */
export function milestoneFieldLabel(t: Translator, reader: Locale, field: string): string {
  const [name = '', locale] = field.split('.');
  const known = (milestoneFormFields as readonly string[]).includes(name);
  if (!known) return field;
  const label = t(`timeline.field.${name}`);
  return isLocale(locale) ? t('resources.fieldInLanguage', { field: label, language: languageName(reader, locale) }) : label;
}

function resourceTitle(view: ResourceView, locale: Locale): { text: string; lang: string } {
  const { shown } = versionFor(view, locale, view.row.source_locale as Locale);
  return { text: shown.title, lang: shown.locale };
}

/** The timeline for staff: every milestone in order, with its languages, links and the ways to change it. */
export function TimelineAdminPage({ ctx, views, saved }: { ctx: PageContext; views: MilestoneView[]; saved: boolean }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('timeline.title')}>
      {saved && (
        <p class="notice" role="status">
          {t('timeline.saved')}
        </p>
      )}
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/timeline/new')}>
            {t('timeline.new')}
          </a>
        )}
        <a href={ctx.href('/')}>{t('timeline.seeHome')}</a>
      </p>
      <p class="hint">{t('timeline.orderHint')}</p>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('timeline.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeline.field.date')}</th>
              <th scope="col">{t('timeline.field.title')}</th>
              <th scope="col">{t('resources.column.languages')}</th>
              <th scope="col">{t('timeline.column.resources')}</th>
              {canEdit && <th scope="col">{t('timeline.column.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {views.map(({ row, resourceIds }, i) => {
              const titles = JSON.parse(row.title) as Partial<Record<Locale, string>>;
              const title = pickLocalized(row.title, locale);
              return (
                <tr key={row.id} id={`milestone-${row.id}`}>
                  <td>{formatDateRange(locale, row.date, row.end_date, row.precision)}</td>
                  <td>
                    <bdi>{title}</bdi>
                  </td>
                  <td>
                    {locales
                      .filter((l) => titles[l])
                      .map((l) => autonym(l))
                      .join(', ')}
                  </td>
                  <td>{resourceIds.length}</td>
                  {canEdit && (
                    <td class="row-actions">
                      <a href={ctx.href(`/admin/timeline/${row.id}/edit`)} aria-label={t('timeline.editNamed', { title })}>
                        {t('resources.edit')}
                      </a>
                      {(['up', 'down'] as const).map((direction) =>
                        (direction === 'up' ? i > 0 : i < views.length - 1) ? (
                          <form key={direction} method="post" action={ctx.href(`/admin/timeline/${row.id}/move`)} class="inline-form">
                            <CsrfField ctx={ctx} />
                            <input type="hidden" name="direction" value={direction} />
                            <button
                              type="submit"
                              class="button button--quiet"
                              aria-label={t(direction === 'up' ? 'timeline.moveUpNamed' : 'timeline.moveDownNamed', { title })}
                            >
                              {t(direction === 'up' ? 'timeline.moveUp' : 'timeline.moveDown')}
                            </button>
                          </form>
                        ) : null,
                      )}
                      <a href={ctx.href(`/admin/timeline/${row.id}/delete`)} aria-label={t('timeline.deleteNamed', { title })}>
                        {t('resources.delete')}
                      </a>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {views.length === 0 && <p>{t('home.timelineEmpty')}</p>}
    </AdminLayout>
  );
}

/** Add or edit a milestone: date and precision, a title and text per language, the resources about it. */
export function MilestoneFormPage({
  ctx,
  milestoneId,
  values,
  resources,
  error,
}: {
  ctx: PageContext;
  milestoneId?: number;
  values: MilestoneFormValues;
  resources: ResourceView[];
  error?: { message: string; field: string };
}) {
  const { t, locale } = ctx;
  const action = milestoneId ? `/admin/timeline/${milestoneId}/edit` : '/admin/timeline/new';
  const invalid = (field: string) => (error?.field === field ? 'true' : undefined);
  return (
    <AdminLayout ctx={ctx} title={milestoneId ? t('timeline.editTitle') : t('timeline.new')}>
      {error && (
        <p class="notice notice--error" role="alert" id="form-error">
          {error.message}
        </p>
      )}
      <form method="post" action={ctx.href(action)} class="form form--wide">
        <CsrfField ctx={ctx} />
        <label for="date">{t('timeline.field.date')}</label>
        <input id="date" name="date" type="date" required value={values.date} aria-invalid={invalid('date')} aria-describedby="date-hint" />
        <p id="date-hint" class="hint">
          {t('timeline.dateHint')}
        </p>
        <label for="precision">{t('timeline.field.precision')}</label>
        <select id="precision" name="precision">
          {precisions.map((p) => (
            <option key={p} value={p} selected={values.precision === p}>
              {t(`timeline.precision.${p}`)}
            </option>
          ))}
        </select>
        <label for="endDate">{t('timeline.field.endDate')}</label>
        <input id="endDate" name="endDate" type="date" value={values.endDate} aria-invalid={invalid('endDate')} />
        <fieldset>
          <legend>{t('resources.versionsLegend')}</legend>
          {locales.map((l) => (
            <details key={l} class="resource-version" open={Boolean(values.title[l]) || l === locale || error?.field === `title.${l}`}>
              <summary lang={l}>{autonym(l)}</summary>
              <div lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
                <label for={`title-${l}`}>{t('timeline.field.title')}</label>
                <input id={`title-${l}`} name={`title.${l}`} type="text" maxLength={300} value={values.title[l] ?? ''} aria-invalid={invalid(`title.${l}`)} />
                <label for={`body-${l}`}>{t('timeline.field.body')}</label>
                <textarea id={`body-${l}`} name={`body.${l}`} rows={3} maxLength={4000}>
                  {values.body[l] ?? ''}
                </textarea>
              </div>
            </details>
          ))}
        </fieldset>
        {resources.length > 0 && (
          <fieldset class="choices">
            <legend>{t('timeline.field.resourceIds')}</legend>
            {resources.map((r) => {
              const title = resourceTitle(r, locale);
              return (
                <div class="consent" key={r.row.id}>
                  <input
                    id={`resource-${r.row.id}`}
                    name={`resource.${r.row.id}`}
                    type="checkbox"
                    value="yes"
                    checked={values.resourceIds.includes(r.row.id)}
                  />
                  <label for={`resource-${r.row.id}`} lang={title.lang}>
                    {title.text}
                  </label>
                </div>
              );
            })}
          </fieldset>
        )}
        <button type="submit" class="button">
          {t('resources.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** Asks before deleting a milestone. */
export function MilestoneDeletePage({ ctx, view }: { ctx: PageContext; view: MilestoneView }) {
  const { t, locale } = ctx;
  const title = pickLocalized(view.row.title, locale);
  return (
    <AdminLayout ctx={ctx} title={t('timeline.deleteTitle')}>
      <p>
        {t('timeline.deleteQuestion', { title: `\u2068${title}\u2069`, date: formatDateRange(locale, view.row.date, view.row.end_date, view.row.precision) })}
      </p>
      <form method="post" action={ctx.href(`/admin/timeline/${view.row.id}/delete`)} class="actions">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--danger">
          {t('timeline.deleteConfirm')}
        </button>
        <a href={ctx.href('/admin/timeline')}>{t('resources.keep')}</a>
      </form>
    </AdminLayout>
  );
}
