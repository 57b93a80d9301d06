import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { autonym, isLocale, locales } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { MemberFilters } from './member.repository.ts';
import { staffStatusActions } from './member.service.ts';
import { type MemberConfirmationRow, type MemberEventRow, type MemberRow, memberStatuses, stakeholderGroups } from './member.table.ts';
import { MemberExportForm } from './member-export.view.tsx';
import { FieldError, MemberFieldInputs, type MemberFieldValues } from './member-fields.view.tsx';
import { m49AreaName, memberStateName, regionalGroups } from './member-geography.ts';
import { MemberEventDescription } from './member-history.view.tsx';
import { MemberStateOptions } from './member-state-options.view.tsx';

/** The filters as a query string, for links that keep them (paging, export). */
export function filterQuery(filters: MemberFilters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function FilterSelect({
  ctx,
  name,
  label,
  value,
  options,
  children,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  value?: string;
  options?: [string, string][];
  /** Options of its own (the member states, with their groups) instead of `options`. */
  children?: ComponentChildren;
}) {
  return (
    <div class="filter">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{ctx.t('members.filter.any')}</option>
        {children ??
          options?.map(([v, text]) => (
            <option key={v} value={v} selected={v === value}>
              {text}
            </option>
          ))}
      </select>
    </div>
  );
}

function FilterForm({ ctx, filters, sources }: { ctx: PageContext; filters: MemberFilters; sources: string[] }) {
  const { t } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/admin/members')} class="filters" role="search">
      <div class="filter filter--search">
        <label for="filter-q">{t('members.filter.search')}</label>
        <input id="filter-q" name="q" type="search" value={filters.q ?? ''} dir="auto" />
      </div>
      <FilterSelect
        ctx={ctx}
        name="status"
        label={t('members.column.status')}
        value={filters.status}
        options={memberStatuses.map((s) => [s, t(`memberStatus.${s}`)])}
      />
      <FilterSelect
        ctx={ctx}
        name="regionalGroup"
        label={t('members.column.regionalGroup')}
        value={filters.regionalGroup}
        options={regionalGroups.map((g) => [g, t(`regionalGroup.${g}`)])}
      />
      <FilterSelect ctx={ctx} name="memberState" label={t('member.field.memberState')}>
        <MemberStateOptions locale={ctx.locale} t={t} selected={filters.memberState} />
      </FilterSelect>
      <FilterSelect
        ctx={ctx}
        name="stakeholderGroup"
        label={t('member.field.stakeholderGroup')}
        value={filters.stakeholderGroup}
        options={stakeholderGroups.map((g) => [g, t(`stakeholderGroup.${g}`)])}
      />
      <FilterSelect ctx={ctx} name="language" label={t('member.field.language')} value={filters.language} options={locales.map((l) => [l, autonym(l)])} />
      <FilterSelect ctx={ctx} name="source" label={t('members.column.source')} value={filters.source} options={sources.map((s) => [s, s])} />
      <button type="submit" class="button">
        {t('members.filter.apply')}
      </button>
    </form>
  );
}

/** The member list: search, filters, a page of results, bulk actions on the filtered set, export. */
export function MemberListPage({
  ctx,
  filters,
  members,
  total,
  nextBefore,
  sources,
  notice,
}: {
  ctx: PageContext;
  filters: MemberFilters;
  members: MemberRow[];
  total: number;
  nextBefore?: number;
  sources: string[];
  notice?: string;
}) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={t('members.title')}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/members/new')}>
            {t('members.add')}
          </a>
        )}
        {canEdit && <a href={ctx.href('/admin/members/import')}>{t('members.import')}</a>}
        {canEdit && <a href={ctx.href(`/admin/members/export.csv${filterQuery(filters)}`)}>{t('members.exportCsv')}</a>}
        {canEdit && <a href={ctx.href(`/admin/members/export.json${filterQuery(filters)}`)}>{t('members.exportJson')}</a>}
        <a href={ctx.href('/admin/sources')}>{t('admin.nav.sources')}</a>
      </p>
      <FilterForm ctx={ctx} filters={filters} sources={sources} />
      {canEdit && <MemberExportForm ctx={ctx} filters={filters} />}
      <table class="table">
        <caption>{t('members.caption', { count: total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('member.field.name')}</th>
            <th scope="col">{t('member.field.email')}</th>
            <th scope="col">{t('member.field.memberState')}</th>
            <th scope="col">{t('member.field.stakeholderGroup')}</th>
            <th scope="col">{t('member.field.language')}</th>
            <th scope="col">{t('members.column.status')}</th>
            <th scope="col">{t('members.column.source')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>
                <a href={ctx.href(`/admin/members/${m.id}`)}>
                  <bdi>{m.erased_at ? t('members.erased') : m.name}</bdi>
                </a>
              </td>
              <td>
                <bdi>{m.email_display}</bdi>
              </td>
              <td>{m.member_state ? memberStateName(locale, m.member_state) : ''}</td>
              <td>{m.stakeholder_group ? t(`stakeholderGroup.${m.stakeholder_group}`) : ''}</td>
              <td>{isLocale(m.language) ? autonym(m.language) : m.language}</td>
              <td>{t(`memberStatus.${m.status}`)}</td>
              <td>{m.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {members.length === 0 && <p>{t('members.none')}</p>}
      <p class="pager">
        {filters && <a href={ctx.href(`/admin/members${filterQuery(filters)}`)}>{t('members.firstPage')}</a>}
        {nextBefore && <a href={ctx.href(`/admin/members${filterQuery(filters, { before: nextBefore })}`)}>{t('common.older')}</a>}
      </p>
      {canEdit && total > 0 && (
        <section class="panel" aria-labelledby="bulk-heading">
          <h2 id="bulk-heading">{t('members.bulk.title')}</h2>
          <p>{t('members.bulk.intro', { count: total })}</p>
          <form method="post" action={ctx.href(`/admin/members/bulk${filterQuery(filters)}`)} class="inline-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="expected" value={String(total)} />
            <label for="bulk-action">{t('members.bulk.action')}</label>
            {/* No default: a destructive action is chosen, never inherited from the first option. */}
            <select id="bulk-action" name="action" required>
              <option value="" selected>
                {t('members.bulk.choose')}
              </option>
              {Object.keys(staffStatusActions).map((a) => (
                <option key={a} value={a}>
                  {t(`members.action.${a}`)}
                </option>
              ))}
            </select>
            <label for="bulk-basis">{t('members.resubscribe.basis')}</label>
            <input id="bulk-basis" name="basis" type="text" maxLength={500} />
            <input id="bulk-reconfirm" name="reconfirm" type="checkbox" value="yes" />
            <label for="bulk-reconfirm">{t('members.resubscribe.bulkReconfirm')}</label>
            <button type="submit" class="button button--quiet">
              {t('members.bulk.apply', { count: total })}
            </button>
          </form>
        </section>
      )}
      <p class="muted">{t('members.count', { count: formatNumber(locale, total) })}</p>
    </AdminLayout>
  );
}

/** The consent line: what is true now — a change waiting for the member's confirmation, or how consent was given. */
function consentLine(ctx: PageContext, member: MemberRow, waiting: MemberConfirmationRow | null): string {
  const { t, locale } = ctx;
  if (waiting) return t(`members.consentWaiting.${waiting.reason}`, { at: formatTimestamp(locale, waiting.created_at) });
  if (!member.consent_at) return '—';
  return t('members.consentGiven', {
    method: t(`consentMethod.${member.consent_method}`),
    at: formatTimestamp(locale, member.consent_at),
    basis: member.consent_basis ?? '',
  });
}

/** Re-subscribing is never one click: either the member confirms by email, or staff state a lawful basis. */
function ResubscribeForms({ ctx, member }: { ctx: PageContext; member: MemberRow }) {
  const { t } = ctx;
  const action = ctx.href(`/admin/members/${member.id}/status`);
  return (
    <section class="panel" aria-labelledby="resubscribe-heading">
      <h2 id="resubscribe-heading">{t('members.action.resubscribe')}</h2>
      <form method="post" action={action} class="inline-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value="resubscribe" />
        <input type="hidden" name="reconfirm" value="yes" />
        <button type="submit" class="button button--quiet">
          {t('members.resubscribe.reconfirm')}
        </button>
      </form>
      <form method="post" action={action} class="inline-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value="resubscribe" />
        <label for="resubscribe-basis">{t('members.resubscribe.basis')}</label>
        <input id="resubscribe-basis" name="basis" type="text" maxLength={500} required />
        <button type="submit" class="button button--quiet">
          {t('members.resubscribe.withBasis')}
        </button>
      </form>
    </section>
  );
}

/** One member: fields, consent, history, and the staff actions. */
export function MemberDetailPage({
  ctx,
  member,
  events,
  waiting = null,
}: {
  ctx: PageContext;
  member: MemberRow;
  events: MemberEventRow[];
  waiting?: MemberConfirmationRow | null;
}) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const facts: [string, string][] = [
    [t('member.field.email'), member.email_display],
    [t('members.column.emailAscii'), member.email_ascii ?? '—'],
    [t('member.field.memberState'), member.member_state ? `${memberStateName(locale, member.member_state)} (${member.member_state})` : '—'],
    [t('members.column.regionalGroup'), member.regional_group ? t(`regionalGroup.${member.regional_group}`) : '—'],
    [
      t('members.column.m49'),
      [member.m49_region, member.m49_subregion]
        .filter(Boolean)
        .map((c) => m49AreaName(locale, c as string))
        .join(' › ') || '—',
    ],
    [t('member.field.stakeholderGroup'), member.stakeholder_group ? t(`stakeholderGroup.${member.stakeholder_group}`) : '—'],
    [t('member.field.organisation'), member.organisation || '—'],
    [t('member.field.jobTitle'), member.job_title || '—'],
    [t('member.field.language'), isLocale(member.language) ? autonym(member.language) : member.language],
    [t('members.column.source'), member.source ?? '—'],
    [t('members.column.status'), t(`memberStatus.${member.status}`)],
    [t('members.column.consent'), consentLine(ctx, member, waiting)],
  ];
  return (
    <AdminLayout ctx={ctx} title={member.erased_at ? t('members.erased') : member.name}>
      <dl class="facts">
        {facts.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>
              <bdi>{v}</bdi>
            </dd>
          </>
        ))}
      </dl>
      {canEdit && !member.erased_at && (
        <div class="actions">
          <a class="button" href={ctx.href(`/admin/members/${member.id}/edit`)}>
            {t('members.edit')}
          </a>
          {(Object.keys(staffStatusActions) as (keyof typeof staffStatusActions)[])
            .filter((a) => a !== 'resubscribe' && staffStatusActions[a] !== member.status)
            .map((a) => (
              <form key={a} method="post" action={ctx.href(`/admin/members/${member.id}/status`)} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="action" value={a} />
                <button type="submit" class="button button--quiet">
                  {t(`members.action.${a}`)}
                </button>
              </form>
            ))}
          <form method="post" action={ctx.href(`/admin/members/${member.id}/erase`)} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="button button--danger">
              {t('members.eraseNow')}
            </button>
          </form>
        </div>
      )}
      {canEdit && !member.erased_at && member.status !== 'subscribed' && <ResubscribeForms ctx={ctx} member={member} />}
      <h2>{t('members.history')}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('members.column.status')}</th>
            <th scope="col">{t('audit.who')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatTimestamp(locale, e.at)}</td>
              <td>
                <MemberEventDescription t={t} locale={locale} event={e} />
              </td>
              <td>{e.to_status ? `${e.from_status ? `${t(`memberStatus.${e.from_status}`)} → ` : ''}${t(`memberStatus.${e.to_status}`)}` : ''}</td>
              <td>
                <bdi>{e.actor_label}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

/** Add or edit a member (staff). Adding asks how consent was given. */
export function MemberFormPage({
  ctx,
  member,
  values,
  errors,
}: {
  ctx: PageContext;
  member?: MemberRow;
  values: MemberFieldValues & { status?: string; basis?: string };
  errors: Record<string, string>;
}) {
  const { t } = ctx;
  const action = member ? `/admin/members/${member.id}/edit` : '/admin/members/new';
  return (
    <AdminLayout ctx={ctx} title={member ? t('members.editTitle', { name: member.name }) : t('members.add')}>
      {Object.keys(errors).length > 0 && (
        <p class="notice notice--error" role="alert">
          {errors.form ?? t('join.fixErrors')}
        </p>
      )}
      <form method="post" action={ctx.href(action)} class="form">
        <CsrfField ctx={ctx} />
        <MemberFieldInputs ctx={ctx} values={values} errors={errors} withEmail />
        {!member && (
          <fieldset class="consent-choice">
            <legend>{t('members.consentLegend')}</legend>
            <div>
              <input type="radio" id="status-pending" name="status" value="pending" checked={values.status !== 'subscribed'} />
              <label for="status-pending">{t('members.statusPending')}</label>
            </div>
            <div>
              <input type="radio" id="status-subscribed" name="status" value="subscribed" checked={values.status === 'subscribed'} />
              <label for="status-subscribed">{t('members.statusSubscribed')}</label>
            </div>
            <label for="basis">{t('members.basis')}</label>
            <input id="basis" name="basis" type="text" maxLength={500} value={values.basis ?? ''} aria-describedby={errors.basis ? 'basis-error' : undefined} />
            <FieldError id="basis-error" message={errors.basis} />
          </fieldset>
        )}
        <button type="submit" class="button">
          {t('members.save')}
        </button>
      </form>
    </AdminLayout>
  );
}

/** The facts that identify one member on a confirmation step. */
function MemberFacts({ ctx, member }: { ctx: PageContext; member: MemberRow }) {
  const { t } = ctx;
  const facts: [string, string][] = [
    [t('member.field.name'), member.name],
    [t('member.field.email'), member.email_display],
    [t('member.field.organisation'), member.organisation || '—'],
    [t('members.column.status'), t(`memberStatus.${member.status}`)],
  ];
  return (
    <dl class="facts">
      {facts.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            <bdi>{v}</bdi>
          </dd>
        </>
      ))}
    </dl>
  );
}

/** What a confirmation step for one member can confirm: removing them (a status action) or erasing their personal data. */
export type ConfirmedMemberAction = 'remove' | 'erase';

/**
 * The confirmation step of removing or erasing one member: who, what happens, the button that does it
 * (with `confirm=yes`), and a way back. A plain form, so it works without JavaScript.
 */
export function ConfirmMemberActionPage({ ctx, member, action }: { ctx: PageContext; member: MemberRow; action: ConfirmedMemberAction }) {
  const { t } = ctx;
  const base = `/admin/members/${member.id}`;
  return (
    <AdminLayout ctx={ctx} title={t(`members.confirm.${action}.title`, { name: member.name })}>
      <MemberFacts ctx={ctx} member={member} />
      <p>{t(`members.confirm.${action}.explain`, { name: member.name })}</p>
      <form method="post" action={ctx.href(action === 'erase' ? `${base}/erase` : `${base}/status`)} class="actions">
        <CsrfField ctx={ctx} />
        {action === 'remove' && <input type="hidden" name="action" value="remove" />}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button button--danger">
          {t(`members.confirm.${action}.submit`)}
        </button>
        <a href={ctx.href(base)}>{t('members.confirm.back')}</a>
      </form>
    </AdminLayout>
  );
}

/** The filters in words, for a confirmation step: which members an action reaches. */
function filterFacts(ctx: PageContext, filters: MemberFilters): [string, string][] {
  const { t, locale } = ctx;
  const facts: [string, string | undefined][] = [
    [t('members.filter.search'), filters.q],
    [t('members.column.status'), filters.status && t(`memberStatus.${filters.status}`)],
    [t('members.column.regionalGroup'), filters.regionalGroup && t(`regionalGroup.${filters.regionalGroup}`)],
    [t('member.field.memberState'), filters.memberState && memberStateName(locale, filters.memberState)],
    [t('member.field.stakeholderGroup'), filters.stakeholderGroup && t(`stakeholderGroup.${filters.stakeholderGroup}`)],
    [t('member.field.language'), filters.language && (isLocale(filters.language) ? autonym(filters.language) : filters.language)],
    [t('members.column.source'), filters.source],
  ];
  return facts.filter((f): f is [string, string] => Boolean(f[1]));
}

/**
 * The confirmation step of a bulk action: the action, how many members, which filters and a sample of
 * names; `changed` when the set moved since staff saw it. The form carries the count confirmed, so a set
 * that changes again is asked about again.
 */
export function ConfirmBulkActionPage({
  ctx,
  filters,
  action,
  total,
  sample,
  basis,
  reconfirm,
  changed,
}: {
  ctx: PageContext;
  filters: MemberFilters;
  action: keyof typeof staffStatusActions;
  total: number;
  sample: MemberRow[];
  basis?: string;
  reconfirm: boolean;
  changed: boolean;
}) {
  const { t, locale } = ctx;
  const criteria = filterFacts(ctx, filters);
  const more = total - sample.length;
  return (
    <AdminLayout ctx={ctx} title={t('members.bulk.confirm.title')}>
      {changed && (
        <p class="notice notice--error" role="alert">
          {t('members.bulk.confirm.changed')}
        </p>
      )}
      <p>{t(`members.bulk.confirm.${action}`, { count: total, formatted: formatNumber(locale, total) })}</p>
      <dl class="facts">
        <dt>{t('members.bulk.action')}</dt>
        <dd>{t(`members.action.${action}`)}</dd>
        <dt>{t('members.bulk.confirm.filters')}</dt>
        <dd>
          {criteria.length === 0 ? (
            t('members.bulk.confirm.noFilters')
          ) : (
            <ul>
              {criteria.map(([k, v]) => (
                <li key={k}>
                  {k}: <bdi>{v}</bdi>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('members.bulk.confirm.members')}</dt>
        <dd>
          <ul>
            {sample.map((m) => (
              <li key={m.id}>
                <bdi>{m.erased_at ? t('members.erased') : m.name}</bdi> (<bdi>{m.email_display}</bdi>)
              </li>
            ))}
          </ul>
          {more > 0 && <p>{t('members.bulk.confirm.more', { count: more })}</p>}
        </dd>
        {action === 'resubscribe' && basis && (
          <>
            <dt>{t('members.bulk.confirm.basis')}</dt>
            <dd>
              <bdi>{basis}</bdi>
            </dd>
          </>
        )}
        {action === 'resubscribe' && reconfirm && (
          <>
            <dt>{t('members.column.consent')}</dt>
            <dd>{t('members.resubscribe.reconfirm')}</dd>
          </>
        )}
      </dl>
      <form method="post" action={ctx.href(`/admin/members/bulk${filterQuery(filters)}`)} class="actions">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="expected" value={String(total)} />
        {basis && <input type="hidden" name="basis" value={basis} />}
        {reconfirm && <input type="hidden" name="reconfirm" value="yes" />}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="button button--danger">
          {t(`members.bulk.confirm.button.${action}`, { count: total })}
        </button>
        <a href={ctx.href(`/admin/members${filterQuery(filters)}`)}>{t('members.confirm.back')}</a>
      </form>
    </AdminLayout>
  );
}
