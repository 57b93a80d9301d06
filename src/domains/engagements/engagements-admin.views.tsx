import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatDateRange, formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { StaffAccountRow } from '../auth/auth.table.ts';
import { memberStateName, unMemberStateChoices } from '../members/member-geography.ts';
import type { EngagementFilters } from './engagement.repository.ts';
import type { EngagementSummary, EngagementView } from './engagement.service.ts';
import type { EngagementFileRow } from './engagement.table.ts';
import {
  confidentialities,
  type EngagementOrganisationRow,
  type EngagementRow,
  engagementKinds,
  engagementStatuses,
  submissionStatuses,
  type TopicRow,
} from './engagement.table.ts';
import { blankRows, type EngagementFormValues } from './engagement-form.ts';
import { maxNotesLength } from './engagement-input.ts';

/** Every field the form labels (`engagements.field.<name>`), also the names an `invalid_input` error may give. */
export const engagementFormFields = [
  'kind',
  'title',
  'startDate',
  'endDate',
  'ongoing',
  'place',
  'online',
  'status',
  'confidentiality',
  'restricted',
  'notes',
  'memberStates',
  'organisations',
  'memberIds',
  'ownerStaffId',
  'participantStaffIds',
  'topics',
  'newTopics',
  'followUps',
  'links',
  'submission',
  'externalBody',
  'consultation',
  'deadline',
  'submissionStatus',
  'resourceUrl',
] as const;

/** The label of a field an `invalid_input` error names (`followUps.0.action` → the follow-ups' label). */
export function fieldLabel(t: Translator, field: string): string {
  const parts = field.split('.');
  const name = parts[0] === 'submission' && parts[1] ? (parts[1] === 'status' ? 'submissionStatus' : parts[1]) : (parts[0] ?? '');
  return (engagementFormFields as readonly string[]).includes(name) ? t(`engagements.field.${name}`) : field;
}

/** An engagement's dates in UN style: "2–4 October 2026", or "Since 1 January 2025" while ongoing. */
export function engagementDates(ctx: PageContext, row: EngagementRow): string {
  if (row.ongoing === 1) return ctx.t('engagements.since', { date: formatDate(ctx.locale, row.start_date) });
  return formatDateRange(ctx.locale, row.start_date, row.end_date, 'day');
}

function placeOf(ctx: PageContext, row: EngagementRow): string {
  if (row.online === 1 && row.place) return ctx.t('engagements.placeAndOnline', { place: row.place });
  if (row.online === 1) return ctx.t('engagements.field.online');
  return row.place || '—';
}

/** The counterparts in a few words: member states by name, then organisations. */
function counterpartsOf(ctx: PageContext, e: EngagementSummary): string {
  return [...e.memberStates.map((c) => memberStateName(ctx.locale, c)), ...e.organisations.map((o) => o.name)].join(', ');
}

function Notice({ message, error }: { message?: string; error?: boolean }) {
  if (!message) return null;
  return error ? (
    <p class="notice notice--error" role="alert">
      {message}
    </p>
  ) : (
    <p class="notice" role="status">
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
  value: string | undefined;
  options: [string, string][];
  empty?: string;
}) {
  return (
    <div class="filter">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The member states a counterpart may be, by their UN names in the reader's order. */
function memberStateOptions(ctx: PageContext): [string, string][] {
  return unMemberStateChoices(ctx.locale).map((c) => [c.code, c.name]);
}

/** The query string of the list's filters, for links that keep them. */
export function engagementFilterQuery(filters: Record<string, string | number | undefined>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function EngagementFilterForm({ ctx, filters, topics }: { ctx: PageContext; filters: EngagementFilters; topics: TopicRow[] }) {
  const { t } = ctx;
  const any = t('members.filter.any');
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/admin/engagements')} class="filters" role="search">
      <div class="filter filter--search">
        <label for="filter-q">{t('engagements.filter.search')}</label>
        <input id="filter-q" name="q" type="search" value={filters.q ?? ''} dir="auto" />
      </div>
      <Select
        id="filter-kind"
        name="kind"
        label={t('engagements.field.kind')}
        value={filters.kind}
        empty={any}
        options={engagementKinds.map((k) => [k, t(`engagementKind.${k}`)])}
      />
      <Select
        id="filter-status"
        name="status"
        label={t('engagements.field.status')}
        value={filters.status}
        empty={any}
        options={engagementStatuses.map((s) => [s, t(`engagementStatus.${s}`)])}
      />
      <Select
        id="filter-memberState"
        name="memberState"
        label={t('member.field.memberState')}
        value={filters.memberState}
        empty={any}
        options={memberStateOptions(ctx)}
      />
      <Select
        id="filter-confidentiality"
        name="confidentiality"
        label={t('engagements.field.confidentiality')}
        value={filters.confidentiality}
        empty={any}
        options={confidentialities.map((c) => [c, t(`confidentiality.${c}`)])}
      />
      <Select
        id="filter-topic"
        name="topic"
        label={t('engagements.filter.topic')}
        value={filters.topicId ? String(filters.topicId) : undefined}
        empty={any}
        options={topics.map((x) => [String(x.id), x.name])}
      />
      <button type="submit" class="button">
        {t('members.filter.apply')}
      </button>
    </form>
  );
}

/** The form that opens a member state's dossier (a GET form: it works without JavaScript). */
export function DossierChooser({ ctx, selected }: { ctx: PageContext; selected?: string }) {
  const { t } = ctx;
  return (
    <form method="get" action={ctx.href('/admin/member-states')} class="inline-form">
      <label for="dossier-code">{t('dossier.chooseLabel')}</label>
      <select id="dossier-code" name="code" required>
        <option value="">{t('member.field.choose')}</option>
        {memberStateOptions(ctx).map(([code, name]) => (
          <option key={code} value={code} selected={code === selected}>
            {name}
          </option>
        ))}
      </select>
      <button type="submit" class="button button--quiet">
        {t('dossier.open')}
      </button>
    </form>
  );
}

/** The engagement list: filters, the timeline newest first, paging. */
export function EngagementListPage({
  ctx,
  filters,
  rows,
  next,
  topics,
}: {
  ctx: PageContext;
  filters: EngagementFilters;
  rows: EngagementSummary[];
  next: string | null;
  topics: TopicRow[];
}) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const listFilters = { ...filters, topicId: undefined, topic: filters.topicId ? String(filters.topicId) : undefined };
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.engagements')}>
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href('/admin/engagements/new')}>
            {t('engagements.new')}
          </a>
        )}
        <a href={ctx.href('/admin/engagements/calendar')}>{t('engagements.calendar.title')}</a>
        <a href={ctx.href('/admin/engagements/map')}>{t('engagements.coverage.link')}</a>
        <a href={ctx.href('/admin/engagements/organisations')}>{t('engagements.organisations.title')}</a>
        <a href={ctx.href('/admin/register')}>{t('register.title')}</a>
        {canEdit && <a href={ctx.href('/admin/engagements/transfer')}>{t('engagements.transfer.title')}</a>}
      </p>
      <DossierChooser ctx={ctx} />
      <EngagementFilterForm ctx={ctx} filters={filters} topics={topics} />
      <div class="table-scroll">
        <table class="table">
          <caption>{t('engagements.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('engagements.column.dates')}</th>
              <th scope="col">{t('engagements.field.title')}</th>
              <th scope="col">{t('engagements.field.kind')}</th>
              <th scope="col">{t('engagements.column.counterparts')}</th>
              <th scope="col">{t('engagements.field.status')}</th>
              <th scope="col">{t('engagements.field.confidentiality')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.row.id}>
                <td>{engagementDates(ctx, e.row)}</td>
                <td>
                  <a href={ctx.href(`/admin/engagements/${e.row.id}`)}>
                    <bdi>{e.row.title}</bdi>
                  </a>
                  {e.row.restricted === 1 && <span class="badge">{t('engagements.restrictedBadge')}</span>}
                </td>
                <td>{t(`engagementKind.${e.row.kind}`)}</td>
                <td class="wrap">
                  <bdi>{counterpartsOf(ctx, e)}</bdi>
                </td>
                <td>{t(`engagementStatus.${e.row.status}`)}</td>
                <td>{t(`confidentiality.${e.row.confidentiality}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && <p>{t('engagements.none')}</p>}
      <p class="pager">
        <a href={ctx.href(`/admin/engagements${engagementFilterQuery(listFilters)}`)}>{t('members.firstPage')}</a>
        {next && <a href={ctx.href(`/admin/engagements${engagementFilterQuery(listFilters, { before: next })}`)}>{t('common.older')}</a>}
      </p>
    </AdminLayout>
  );
}

function Checkbox({ id, name, label, checked }: { id: string; name: string; label: string; checked: boolean }) {
  return (
    <div class="consent">
      <input id={id} name={name} type="checkbox" value="yes" checked={checked} />
      <label for={id}>{label}</label>
    </div>
  );
}

function FormSelect({
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
  value: string;
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

export interface FormChoices {
  organisations: EngagementOrganisationRow[];
  topics: TopicRow[];
  staff: StaffAccountRow[];
}

function FollowUpRows({ ctx, values, staff }: { ctx: PageContext; values: EngagementFormValues; staff: [string, string][] }) {
  const { t } = ctx;
  const shown = [...values.followUps, ...Array.from({ length: blankRows }, () => ({ id: '', action: '', owner: '', due: '', done: false }))];
  return (
    <fieldset>
      <legend>{t('engagements.field.followUps')}</legend>
      <p class="hint">{t('engagements.followUpsHint')}</p>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('engagements.followUp.action')}</th>
              <th scope="col">{t('engagements.followUp.owner')}</th>
              <th scope="col">{t('engagements.followUp.due')}</th>
              <th scope="col">{t('engagements.followUp.done')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f, i) => {
              const n = i + 1;
              return (
                <tr key={n}>
                  <td>
                    <input type="hidden" name={`followUp.${n}.id`} value={f.id} />
                    <input
                      type="text"
                      name={`followUp.${n}.action`}
                      value={f.action}
                      maxLength={500}
                      dir="auto"
                      aria-label={t('engagements.followUp.actionLabel', { n })}
                    />
                  </td>
                  <td>
                    <select name={`followUp.${n}.owner`} aria-label={t('engagements.followUp.ownerLabel', { n })}>
                      <option value="">{t('member.field.choose')}</option>
                      {staff.map(([id, name]) => (
                        <option key={id} value={id} selected={id === f.owner}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input type="date" name={`followUp.${n}.due`} value={f.due} aria-label={t('engagements.followUp.dueLabel', { n })} />
                  </td>
                  <td>
                    <input type="checkbox" name={`followUp.${n}.done`} value="yes" checked={f.done} aria-label={t('engagements.followUp.doneLabel', { n })} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function LinkRows({ ctx, values }: { ctx: PageContext; values: EngagementFormValues }) {
  const { t } = ctx;
  const shown = [...values.links, ...Array.from({ length: blankRows }, () => ({ url: '', label: '' }))];
  return (
    <fieldset>
      <legend>{t('engagements.field.links')}</legend>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('engagements.link.url')}</th>
              <th scope="col">{t('engagements.link.label')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l, i) => {
              const n = i + 1;
              return (
                <tr key={n}>
                  <td>
                    <input
                      type="text"
                      inputMode="url"
                      name={`link.${n}.url`}
                      value={l.url}
                      dir="ltr"
                      maxLength={2000}
                      aria-label={t('engagements.link.urlLabel', { n })}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      name={`link.${n}.label`}
                      value={l.label}
                      dir="auto"
                      maxLength={200}
                      aria-label={t('engagements.link.labelLabel', { n })}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

/**
 * Record or edit an engagement. With `guarded` (a restricted engagement this reader may not read the notes of),
 * the notes, the restriction, the staff owner and the participants are not in the form, so they stay as they are.
 */
export function EngagementFormPage({
  ctx,
  engagementId,
  values,
  choices,
  guarded = false,
  error,
}: {
  ctx: PageContext;
  engagementId?: number;
  values: EngagementFormValues;
  choices: FormChoices;
  guarded?: boolean;
  error?: string;
}) {
  const { t } = ctx;
  const action = engagementId ? `/admin/engagements/${engagementId}/edit` : '/admin/engagements/new';
  const staff: [string, string][] = choices.staff.map((s) => [String(s.id), s.name]);
  return (
    <AdminLayout ctx={ctx} title={engagementId ? t('engagements.editTitle') : t('engagements.new')}>
      <Notice message={error} error />
      {guarded && <Notice message={t('engagements.guardedNotice')} />}
      <form method="post" action={ctx.href(action)} class="form form--wide engagement-form">
        <CsrfField ctx={ctx} />
        <FormSelect
          id="kind"
          name="kind"
          label={t('engagements.field.kind')}
          value={values.kind}
          options={engagementKinds.map((k) => [k, t(`engagementKind.${k}`)])}
        />
        <label for="title">{t('engagements.field.title')}</label>
        <input id="title" name="title" type="text" required maxLength={300} value={values.title} dir="auto" />
        <fieldset>
          <legend>{t('engagements.column.dates')}</legend>
          <label for="startDate">{t('engagements.field.startDate')}</label>
          <input id="startDate" name="startDate" type="date" required value={values.startDate} />
          <label for="endDate">{t('engagements.field.endDate')}</label>
          <input id="endDate" name="endDate" type="date" value={values.endDate} aria-describedby="endDate-hint" />
          <p id="endDate-hint" class="hint">
            {t('engagements.endDateHint')}
          </p>
          <Checkbox id="ongoing" name="ongoing" label={t('engagements.field.ongoing')} checked={values.ongoing} />
        </fieldset>
        <label for="place">{t('engagements.field.place')}</label>
        <input id="place" name="place" type="text" maxLength={200} value={values.place} dir="auto" />
        <Checkbox id="online" name="online" label={t('engagements.field.online')} checked={values.online} />
        <FormSelect
          id="status"
          name="status"
          label={t('engagements.field.status')}
          value={values.status}
          options={engagementStatuses.map((s) => [s, t(`engagementStatus.${s}`)])}
        />
        <FormSelect
          id="confidentiality"
          name="confidentiality"
          label={t('engagements.field.confidentiality')}
          value={values.confidentiality}
          options={confidentialities.map((c) => [c, t(`confidentiality.${c}`)])}
        />
        <fieldset>
          <legend>{t('engagements.column.counterparts')}</legend>
          <label for="memberStates">{t('engagements.field.memberStates')}</label>
          <input id="memberStates" name="memberStates" type="text" value={values.memberStates} dir="auto" aria-describedby="memberStates-hint" />
          <p id="memberStates-hint" class="hint">
            {t('engagements.memberStatesHint')}
          </p>
          {choices.organisations.length > 0 && (
            <fieldset class="choices">
              <legend>{t('engagements.field.organisations')}</legend>
              {choices.organisations.map((o) => (
                <Checkbox key={o.id} id={`organisation-${o.id}`} name={`organisation.${o.id}`} label={o.name} checked={values.organisationIds.includes(o.id)} />
              ))}
            </fieldset>
          )}
          <label for="memberEmails">{t('engagements.field.memberIds')}</label>
          <textarea id="memberEmails" name="memberEmails" rows={3} dir="auto" spellcheck={false} aria-describedby="memberEmails-hint">
            {values.memberEmails}
          </textarea>
          <p id="memberEmails-hint" class="hint">
            {t('engagements.memberEmailsHint')}
          </p>
        </fieldset>
        {!guarded && (
          <fieldset>
            <legend>{t('engagements.staff')}</legend>
            <FormSelect
              id="ownerStaffId"
              name="ownerStaffId"
              label={t('engagements.field.ownerStaffId')}
              value={values.ownerStaffId}
              options={staff}
              empty={t('member.field.choose')}
            />
            <fieldset class="choices">
              <legend>{t('engagements.field.participantStaffIds')}</legend>
              {choices.staff.map((s) => (
                <Checkbox
                  key={s.id}
                  id={`participant-${s.id}`}
                  name={`participant.${s.id}`}
                  label={s.name}
                  checked={values.participantStaffIds.includes(s.id)}
                />
              ))}
            </fieldset>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('engagements.field.topics')}</legend>
          {choices.topics.map((x) => (
            <Checkbox key={x.id} id={`topic-${x.id}`} name={`topic.${x.id}`} label={x.name} checked={values.topicIds.includes(x.id)} />
          ))}
          <label for="newTopics">{t('engagements.field.newTopics')}</label>
          <textarea id="newTopics" name="newTopics" rows={2} dir="auto" aria-describedby="newTopics-hint">
            {values.newTopics}
          </textarea>
          <p id="newTopics-hint" class="hint">
            {t('engagements.newTopicsHint')}
          </p>
        </fieldset>
        {!guarded && (
          <>
            <label for="notes">{t('engagements.field.notes')}</label>
            <textarea id="notes" name="notes" rows={10} dir="auto" maxLength={maxNotesLength} aria-describedby="notes-hint">
              {values.notes}
            </textarea>
            <p id="notes-hint" class="hint">
              {t('engagements.notesHint')}
            </p>
            <Checkbox id="restricted" name="restricted" label={t('engagements.field.restricted')} checked={values.restricted} />
          </>
        )}
        <FollowUpRows ctx={ctx} values={values} staff={staff} />
        <LinkRows ctx={ctx} values={values} />
        <fieldset>
          <legend>{t('engagements.field.submission')}</legend>
          <p class="hint">{t('engagements.submissionHint')}</p>
          <label for="externalBody">{t('engagements.field.externalBody')}</label>
          <input id="externalBody" name="externalBody" type="text" maxLength={200} value={values.externalBody} dir="auto" />
          <label for="consultation">{t('engagements.field.consultation')}</label>
          <input id="consultation" name="consultation" type="text" maxLength={300} value={values.consultation} dir="auto" />
          <label for="deadline">{t('engagements.field.deadline')}</label>
          <input id="deadline" name="deadline" type="date" value={values.deadline} />
          <FormSelect
            id="submissionStatus"
            name="submissionStatus"
            label={t('engagements.field.submissionStatus')}
            value={values.submissionStatus || 'drafting'}
            options={submissionStatuses.map((s) => [s, t(`submissionStatus.${s}`)])}
          />
          <label for="resourceUrl">{t('engagements.field.resourceUrl')}</label>
          <input id="resourceUrl" name="resourceUrl" type="text" inputMode="url" maxLength={2000} value={values.resourceUrl} dir="ltr" />
        </fieldset>
        <button type="submit" class="button">
          {t('engagements.save')}
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

/** One engagement: what, when, with whom, the notes (or that they are restricted), follow-ups and links. */
export function EngagementDetailPage({
  ctx,
  view,
  notesHtml,
  files,
  fileLimitBytes,
}: {
  ctx: PageContext;
  view: EngagementView;
  notesHtml: string | null;
  files: { files: EngagementFileRow[]; withheld: boolean };
  fileLimitBytes: number;
}) {
  const { t, locale } = ctx;
  const { row } = view;
  const canEdit = ctx.staff?.role !== 'viewer';
  const facts: [string, ComponentChildren][] = [
    [t('engagements.field.kind'), t(`engagementKind.${row.kind}`)],
    [t('engagements.column.dates'), engagementDates(ctx, row)],
    [t('engagements.field.place'), <bdi key="place">{placeOf(ctx, row)}</bdi>],
    [t('engagements.field.status'), t(`engagementStatus.${row.status}`)],
    [t('engagements.field.confidentiality'), t(`confidentiality.${row.confidentiality}`)],
    [t('engagements.field.memberStates'), view.memberStates.length ? <MemberStateLinks ctx={ctx} codes={view.memberStates} /> : '—'],
    [t('engagements.field.organisations'), view.organisations.map((o) => o.name).join(', ') || '—'],
    [
      t('engagements.field.memberIds'),
      view.members.length ? (
        <ul class="plain-list">
          {view.members.map((m) => (
            <li key={m.id}>
              <a href={ctx.href(`/admin/members/${m.id}`)}>
                <bdi>{m.erased ? t('members.erased') : m.name}</bdi>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    ],
    [t('engagements.field.ownerStaffId'), view.owner ? <bdi key="owner">{view.owner.name}</bdi> : '—'],
    [t('engagements.field.participantStaffIds'), view.participants.map((p) => p.name).join(', ') || '—'],
    [t('engagements.field.topics'), view.topics.map((x) => x.name).join(', ') || '—'],
  ];
  if (row.kind === 'submission') {
    facts.push(
      [t('engagements.field.externalBody'), <bdi key="body">{row.external_body ?? '—'}</bdi>],
      [t('engagements.field.consultation'), <bdi key="consultation">{row.consultation ?? '—'}</bdi>],
      [t('engagements.field.deadline'), row.deadline ? formatDate(locale, row.deadline) : '—'],
      [t('engagements.field.submissionStatus'), row.submission_status ? t(`submissionStatus.${row.submission_status}`) : '—'],
      [
        t('engagements.field.resourceUrl'),
        row.resource_url ? (
          <a href={row.resource_url} rel="noopener noreferrer" dir="ltr">
            {row.resource_url}
          </a>
        ) : (
          '—'
        ),
      ],
    );
  }
  return (
    <AdminLayout ctx={ctx} title={row.title}>
      {canEdit && (
        <p class="actions">
          <a class="button" href={ctx.href(`/admin/engagements/${row.id}/edit`)}>
            {t('engagements.edit')}
          </a>
        </p>
      )}
      {canEdit && row.confidentiality === 'public' && (
        <form method="post" action={ctx.href(`/admin/engagements/${row.id}/update`)} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button--quiet">
            {t('engagements.toUpdate.action')}
          </button>
          <span class="muted"> {t('engagements.toUpdate.explain')}</span>
        </form>
      )}
      <Facts facts={facts} />
      <h2>{t('engagements.field.notes')}</h2>
      {row.restricted === 1 && <p class="muted">{t('engagements.restrictedExplain')}</p>}
      {view.notes === null ? (
        <p class="notice">{t('engagements.restrictedHidden')}</p>
      ) : notesHtml ? (
        // Rendered by renderSafeMarkdown: raw HTML escaped, unsafe link targets refused.
        <div class="prose" dangerouslySetInnerHTML={{ __html: notesHtml }} />
      ) : (
        <p>{t('engagements.noNotes')}</p>
      )}
      <h2>{t('engagements.field.followUps')}</h2>
      <FollowUpTable ctx={ctx} followUps={view.followUps} />
      <h2>{t('engagements.field.links')}</h2>
      {view.links.length === 0 ? (
        <p>—</p>
      ) : (
        <ul class="link-list">
          {view.links.map((l) => (
            <li key={l.url}>
              <a href={l.url} rel="noopener noreferrer">
                <bdi>{l.label}</bdi>
              </a>
            </li>
          ))}
        </ul>
      )}
      <EngagementFiles ctx={ctx} engagementId={row.id} files={files} canEdit={canEdit} limitBytes={fileLimitBytes} />
      <p class="muted">{t('engagements.recordedBy', { who: row.created_by, at: formatTimestamp(locale, row.created_at) })}</p>
    </AdminLayout>
  );
}

/** An engagement's files: each served safely by its own address; editors add and remove them (a restricted one's only with the right). */
function EngagementFiles({
  ctx,
  engagementId,
  files,
  canEdit,
  limitBytes,
}: {
  ctx: PageContext;
  engagementId: number;
  files: { files: EngagementFileRow[]; withheld: boolean };
  canEdit: boolean;
  limitBytes: number;
}) {
  const { t, locale } = ctx;
  const base = `/admin/engagements/${engagementId}/files`;
  return (
    <section aria-labelledby="files">
      <h2 id="files">{t('engagements.files.heading')}</h2>
      {files.withheld ? (
        <p class="notice">{t('engagements.files.withheld')}</p>
      ) : (
        <>
          {files.files.length === 0 ? (
            <p>{t('engagements.files.none')}</p>
          ) : (
            <ul class="link-list">
              {files.files.map((f) => (
                <li key={f.id}>
                  <a href={ctx.href(`${base}/${f.id}`)}>
                    <bdi>{f.file_name}</bdi>
                  </a>{' '}
                  <span class="muted">
                    {t('engagements.files.line', {
                      size: t('resources.fileSize', { kilobytes: formatNumber(locale, Math.ceil(f.file_size / 1024)) }),
                      who: f.uploaded_by,
                      at: formatTimestamp(locale, f.uploaded_at),
                    })}
                  </span>
                  {canEdit && (
                    <form method="post" action={ctx.href(`${base}/${f.id}/delete`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="button button--quiet">
                        {t('engagements.files.remove', { name: f.file_name })}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            // A multipart body is read after the CSRF check, so the token travels in the query.
            <form method="post" action={`${ctx.href(base)}?_csrf=${encodeURIComponent(ctx.csrfToken)}`} encType="multipart/form-data" class="form">
              <label for="engagement-file">{t('engagements.files.add')}</label>
              <input
                id="engagement-file"
                name="file"
                type="file"
                required
                accept=".pdf,.docx,.pptx,.xlsx,.odt,.ods,.odp,.png,.jpg,.jpeg,.webp,.gif"
                aria-describedby="engagement-file-hint"
              />
              <p id="engagement-file-hint" class="hint">
                {t('resources.fileHint', { megabytes: Math.floor(limitBytes / 1_048_576) || 1 })}
              </p>
              <button type="submit" class="button">
                {t('engagements.files.upload')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function MemberStateLinks({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  return (
    <ul class="plain-list">
      {codes.map((code) => (
        <li key={code}>
          <a href={ctx.href(`/admin/member-states/${code}`)}>{memberStateName(ctx.locale, code)}</a>
        </li>
      ))}
    </ul>
  );
}

type FollowUpLike = { id: number; action: string; owner_staff_id: number | null; owner_name: string | null; due_date: string | null; done_at: string | null };

/** Follow-ups with their owner, due date and whether done; `engagement` adds a column linking each to its engagement. */
export function FollowUpTable({
  ctx,
  followUps,
  engagements,
}: {
  ctx: PageContext;
  followUps: FollowUpLike[];
  engagements?: Map<number, { id: number; title: string }>;
}) {
  const { t, locale } = ctx;
  if (followUps.length === 0) return <p>{t('engagements.noFollowUps')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('engagements.followUp.action')}</th>
            {engagements && <th scope="col">{t('dossier.engagement')}</th>}
            <th scope="col">{t('engagements.followUp.owner')}</th>
            <th scope="col">{t('engagements.followUp.due')}</th>
            <th scope="col">{t('engagements.followUp.done')}</th>
          </tr>
        </thead>
        <tbody>
          {followUps.map((f) => {
            const engagement = engagements?.get(f.id);
            return (
              <tr key={f.id}>
                <td class="wrap">
                  <bdi>{f.action}</bdi>
                </td>
                {engagements && (
                  <td>
                    {engagement && (
                      <a href={ctx.href(`/admin/engagements/${engagement.id}`)}>
                        <bdi>{engagement.title}</bdi>
                      </a>
                    )}
                  </td>
                )}
                <td>{f.owner_staff_id !== null ? <bdi>{f.owner_name}</bdi> : t('engagements.noOwner')}</td>
                <td>{f.due_date ? formatDate(locale, f.due_date) : '—'}</td>
                <td>{f.done_at ? formatTimestamp(locale, f.done_at) : t('engagements.followUp.open')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
