import type { PageContext } from '../../http/request-context.ts';
import { autonym, locales } from '../../i18n/i18n.ts';
import type { MemberFilters } from './member.repository.ts';

/**
 * The CSV export for people: column names and values in a chosen language (the page's by default, or the codes
 * an import reads), UTF-8 with a BOM for Excel; the members list's filters go along as hidden fields.
 */
export function MemberExportForm({ ctx, filters }: { ctx: PageContext; filters: MemberFilters }) {
  const { t } = ctx;
  return (
    <form method="get" action={ctx.href('/admin/members/export.csv')} class="export-form">
      <fieldset>
        <legend>{t('members.export.legend')}</legend>
        {Object.entries(filters).map(([name, value]) =>
          value === undefined || value === '' ? null : <input key={name} type="hidden" name={name} value={String(value)} />,
        )}
        <div class="inline-form">
          <label for="export-labels">{t('members.export.labels')}</label>
          <select id="export-labels" name="labels">
            <option value="">{t('members.export.codes')}</option>
            {locales.map((l) => (
              <option key={l} value={l} lang={l} selected={l === ctx.locale}>
                {autonym(l)}
              </option>
            ))}
          </select>
          <span>
            <input type="checkbox" id="export-bom" name="bom" value="1" checked />
            <label for="export-bom">{t('members.export.bom')}</label>
          </span>
          <button type="submit" class="button button--quiet">
            {t('members.export.download')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
