import type { PageContext } from '../../http/request-context.ts';
import { autonym, isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { VersionFormValues } from '../resources/resource-form.ts';
import { type FormError, VersionFieldset } from '../resources/resources-admin.views.tsx';
import type { UpdateState, UpdateView } from './update.service.ts';
import type { UpdateRevisionRow } from './update.table.ts';

export interface UpdateFormValues {
  status: string;
  /** "YYYY-MM-DDTHH:MM" in UTC, as a datetime-local field shows it; empty: now, when published. */
  publishAt: string;
  pinned: boolean;
  sourceLocale: string;
  versions: Record<Locale, VersionFormValues>;
}

function titleOf(view: UpdateView, locale: Locale): { text: string; lang: string } {
  const v = view.versions[locale] ?? view.versions[view.row.source_locale as Locale] ?? Object.values(view.versions)[0];
  return { text: v?.title ?? '', lang: v?.locale ?? locale };
}

/** Draft, published, or scheduled for a time still to come. */
export function updateState(ctx: PageContext, row: UpdateView['row'], now: string): string {
  if (row.status === 'draft') return ctx.t('resourceStatus.draft');
  if (row.publish_at && row.publish_at > now) return ctx.t('updates.scheduledFor', { time: formatTimestamp(ctx.locale, row.publish_at) });
  return ctx.t('resourceStatus.published');
}

/** The updates for staff: state, languages, pinning, the latest change first. */
export function UpdateListPage({ ctx, views, page, more, now }: { ctx: PageContext; views: UpdateView[]; page: number; more: boolean; now: string }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('updates.title')}>
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/updates/new')}>
            {t('updates.new')}
          </a>
        )}
        <a href={ctx.href('/updates')}>{t('updates.seePublic')}</a>
      </p>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('updates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('resources.field.title')}</th>
              <th scope="col">{t('resources.field.status')}</th>
              <th scope="col">{t('resources.column.languages')}</th>
              <th scope="col">{t('resources.column.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {views.map((view) => {
              const title = titleOf(view, locale);
              return (
                <tr key={view.row.id}>
                  <td>
                    <a href={ctx.href(`/admin/updates/${view.row.id}`)} lang={title.lang}>
                      <bdi>{title.text}</bdi>
                    </a>
                    {view.row.pinned === 1 && <span class="badge">{t('updates.pinnedBadge')}</span>}
                  </td>
                  <td>{updateState(ctx, view.row, now)}</td>
                  <td>
                    {locales
                      .filter((l) => view.versions[l])
                      .map((l) => autonym(l))
                      .join(', ')}
                  </td>
                  <td>{formatTimestamp(locale, view.row.updated_at)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {views.length === 0 && <p>{t('updates.none')}</p>}
      <p class="pager">
        {page > 1 && <a href={ctx.href(`/admin/updates?page=${page - 1}`)}>{t('resources.newer')}</a>}
        {more && <a href={ctx.href(`/admin/updates?page=${page + 1}`)}>{t('common.older')}</a>}
      </p>
    </AdminLayout>
  );
}

/** Write or edit an update: state, time, pinning, one version per language. */
export function UpdateFormPage({ ctx, updateId, values, error }: { ctx: PageContext; updateId?: number; values: UpdateFormValues; error?: FormError }) {
  const { t } = ctx;
  const action = updateId ? `/admin/updates/${updateId}/edit` : '/admin/updates/new';
  const sourceFirst = [values.sourceLocale, ...locales.filter((l) => l !== values.sourceLocale)].filter(isLocale);
  return (
    <AdminLayout ctx={ctx} title={updateId ? t('updates.editTitle') : t('updates.new')}>
      {error && (
        <p class="notice notice--error" role="alert">
          {error.message}
        </p>
      )}
      <form method="post" action={ctx.href(action)} class="form form--wide resource-form">
        <CsrfField ctx={ctx} />
        <label for="status">{t('resources.field.status')}</label>
        <select id="status" name="status">
          {(['draft', 'published'] as const).map((s) => (
            <option key={s} value={s} selected={values.status === s}>
              {t(`resourceStatus.${s}`)}
            </option>
          ))}
        </select>
        <label for="publishAt">{t('updates.field.publishAt')}</label>
        <input
          id="publishAt"
          name="publishAt"
          type="datetime-local"
          value={values.publishAt}
          aria-describedby="publishAt-hint"
          aria-invalid={error?.field === 'publishAt' ? 'true' : undefined}
        />
        <p id="publishAt-hint" class="hint">
          {t('updates.publishAtHint')}
        </p>
        <div class="consent">
          <input id="pinned" name="pinned" type="checkbox" value="yes" checked={values.pinned} />
          <label for="pinned">{t('updates.field.pinned')}</label>
        </div>
        <label for="sourceLocale">{t('resources.field.sourceLocale')}</label>
        <select id="sourceLocale" name="sourceLocale">
          {locales.map((l) => (
            <option key={l} value={l} selected={values.sourceLocale === l}>
              {autonym(l)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('resources.versionsLegend')}</legend>
          <p class="hint">{t('resources.versionsHint')}</p>
          {sourceFirst.map((l) => (
            <VersionFieldset key={l} ctx={ctx} locale={l} values={values} error={error} />
          ))}
        </fieldset>
        <button type="submit" class="button">
          {t('resources.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** One update for staff: its state and versions, and every revision with who saved it, when, and restore. */
export function UpdateDetailPage({
  ctx,
  view,
  revisions,
  saved,
  now,
}: {
  ctx: PageContext;
  view: UpdateView;
  revisions: (UpdateRevisionRow & { parsed: UpdateState })[];
  saved: boolean;
  now: string;
}) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const title = titleOf(view, locale);
  return (
    <AdminLayout ctx={ctx} title={title.text}>
      {saved && (
        <p class="notice" role="status">
          {t('updates.saved')}
        </p>
      )}
      {canEdit && (
        <p class="actions">
          <a class="button" href={ctx.href(`/admin/updates/${view.row.id}/edit`)}>
            {t('resources.edit')}
          </a>
          <a class="button button--danger" href={ctx.href(`/admin/updates/${view.row.id}/delete`)}>
            {t('resources.delete')}
          </a>
        </p>
      )}
      <dl class="facts">
        <dt>{t('resources.field.status')}</dt>
        <dd>{updateState(ctx, view.row, now)}</dd>
        <dt>{t('updates.field.pinned')}</dt>
        <dd>{view.row.pinned === 1 ? t('updates.yes') : t('updates.no')}</dd>
        <dt>{t('resources.column.languages')}</dt>
        <dd>
          {locales
            .filter((l) => view.versions[l])
            .map((l) => autonym(l))
            .join(', ')}
        </dd>
      </dl>
      <h2>{t('updates.revisions')}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('updates.revision.when')}</th>
              <th scope="col">{t('updates.revision.who')}</th>
              <th scope="col">{t('resources.field.title')}</th>
              {canEdit && <th scope="col">{t('timeline.column.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => {
              const v = r.parsed.versions[locale] ?? Object.values(r.parsed.versions)[0];
              return (
                <tr key={r.id}>
                  <td>{formatTimestamp(locale, r.at)}</td>
                  <td>
                    <bdi>{r.actor_label}</bdi>
                  </td>
                  <td>
                    <bdi>{v?.title ?? ''}</bdi>
                  </td>
                  {canEdit && (
                    <td>
                      {i === 0 ? (
                        <span class="muted">{t('updates.revision.current')}</span>
                      ) : (
                        <form method="post" action={ctx.href(`/admin/updates/${view.row.id}/revisions/${r.id}/restore`)} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <button
                            type="submit"
                            class="button button--quiet"
                            aria-label={t('updates.revision.restoreNamed', { time: formatTimestamp(locale, r.at) })}
                          >
                            {t('updates.revision.restore')}
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </AdminLayout>
  );
}

/** Asks before deleting an update. */
export function UpdateDeletePage({ ctx, view }: { ctx: PageContext; view: UpdateView }) {
  const { t, locale } = ctx;
  const title = titleOf(view, locale);
  return (
    <AdminLayout ctx={ctx} title={t('updates.deleteTitle')}>
      <p>{t('updates.deleteQuestion', { title: `\u2068${title.text}\u2069` })}</p>
      <form method="post" action={ctx.href(`/admin/updates/${view.row.id}/delete`)} class="actions">
        <CsrfField ctx={ctx} />
        <button type="submit" class="button button--danger">
          {t('updates.deleteTitle')}
        </button>
        <a href={ctx.href(`/admin/updates/${view.row.id}`)}>{t('resources.keep')}</a>
      </form>
    </AdminLayout>
  );
}
