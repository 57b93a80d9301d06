import type { PageContext } from '../../http/request-context.ts';
import { autonym, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { ReportsNav } from './analytics.views.tsx';
import type { BoardRecipientRow } from './board-recipient.table.ts';

export interface RecipientFormValues {
  name: string;
  email: string;
  locale: string;
}

function AddRecipientForm({ ctx, values }: { ctx: PageContext; values?: RecipientFormValues }) {
  const { t } = ctx;
  return (
    <section class="panel" aria-labelledby="add-recipient-heading">
      <h2 id="add-recipient-heading">{t('boardRecipients.add')}</h2>
      <form method="post" action={ctx.href('/admin/reports/board-recipients')} class="form">
        <CsrfField ctx={ctx} />
        <label for="recipient-name">{t('boardRecipients.field.name')}</label>
        <input id="recipient-name" name="name" type="text" required maxLength={200} value={values?.name ?? ''} autoComplete="off" />
        <label for="recipient-email">{t('boardRecipients.field.email')}</label>
        {/* type=text: browsers refuse a non-ASCII local part in type=email (用户@例子.广告). */}
        <input
          id="recipient-email"
          name="email"
          type="text"
          inputMode="email"
          required
          maxLength={1024}
          value={values?.email ?? ''}
          dir="ltr"
          autoComplete="off"
        />
        <label for="recipient-locale">{t('boardRecipients.field.locale')}</label>
        <select id="recipient-locale" name="locale">
          {locales.map((l) => (
            <option key={l} value={l} lang={l} selected={(values?.locale ?? ctx.locale) === l}>
              {autonym(l)}
            </option>
          ))}
        </select>
        <button type="submit" class="button">
          {t('boardRecipients.addSubmit')}
        </button>
      </form>
    </section>
  );
}

/** GET /admin/reports/board-recipients — who receives briefings; editors add and remove. */
export function BoardRecipientsPage(props: { ctx: PageContext; rows: BoardRecipientRow[]; error?: string; notice?: string; values?: RecipientFormValues }) {
  const { ctx, rows } = props;
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.reports')}>
      <ReportsNav ctx={ctx} current="boardRecipients" />
      <h2>{t('boardRecipients.title')}</h2>
      <p>{t('boardRecipients.intro')}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="notice notice--error" role="alert">
          {props.error}
        </p>
      )}
      {rows.length === 0 ? (
        <p>{t('boardRecipients.none')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <caption>{t('boardRecipients.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('boardRecipients.field.name')}</th>
                <th scope="col">{t('boardRecipients.field.email')}</th>
                <th scope="col">{t('boardRecipients.field.locale')}</th>
                <th scope="col">{t('boardRecipients.added')}</th>
                {canEdit && <th scope="col">{t('boardRecipients.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <bdi>{row.name}</bdi>
                  </td>
                  <td dir="ltr">
                    <bdi>{row.email}</bdi>
                  </td>
                  <td>{locales.includes(row.locale as never) ? autonym(row.locale as (typeof locales)[number]) : row.locale}</td>
                  <td>{formatTimestamp(locale, row.created_at)}</td>
                  {canEdit && (
                    <td>
                      <form method="post" action={ctx.href(`/admin/reports/board-recipients/${row.id}/remove`)} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="button button--danger" aria-label={t('boardRecipients.removeFor', { name: row.name })}>
                          {t('boardRecipients.remove')}
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit && <AddRecipientForm ctx={ctx} values={props.values} />}
    </AdminLayout>
  );
}
