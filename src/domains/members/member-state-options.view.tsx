import type { Locale, Translator } from '../../i18n/i18n.ts';
import { geographyOf, isUnMemberOrObserver, memberStateName, otherPlace, unMemberStateChoices } from './member-geography.ts';

/**
 * The options of every member-state select (join form, preferences, staff editor, filters, an announcement's
 * audience): the UN Member and observer States by their UN names, in the locale's order, then apart, under a
 * neutral "Other" group, "Other / not listed". A stored code outside the UN list (existing data: "TW", "PR")
 * is offered there too when it is the current value, so saving a form keeps it.
 */
export function MemberStateOptions({ locale, t, selected }: { locale: Locale; t: Translator; selected?: string | null }) {
  const kept = selected && selected !== otherPlace && !isUnMemberOrObserver(selected) && geographyOf(selected) ? [selected] : [];
  return (
    <>
      <optgroup label={t('memberState.unGroup')}>
        {unMemberStateChoices(locale).map((o) => (
          <option key={o.code} value={o.code} selected={o.code === selected}>
            {o.name}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('memberState.otherGroup')}>
        {[otherPlace, ...kept].map((code) => (
          <option key={code} value={code} selected={code === selected}>
            {memberStateName(locale, code)}
          </option>
        ))}
      </optgroup>
    </>
  );
}
