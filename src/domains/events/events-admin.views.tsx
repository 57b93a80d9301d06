import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, type Locale, locales, type Translator } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { formatInZone, timeZones } from '../../views/time-zone.ts';
import { memberStateName } from '../members/member-geography.ts';
import type { RegistrationCounts } from './event.repository.ts';
import { type EventSummary, localizedText } from './event.service.ts';
import {
  type EventRegistrationRow,
  type EventRow,
  eventKinds,
  eventStatuses,
  eventVisibilities,
  type RegistrationStatus,
  registrationStatuses,
} from './event.table.ts';
import type { EventFormValues } from './event-form.ts';
import { maxCapacity, maxDescriptionLength } from './event-input.ts';
import type { AttendanceLine } from './event-registration.service.ts';
import { eventTimes, timeOfDay, wallClockIn } from './event-time.ts';

/** Every field the form labels (`events.field.<name>`), also the names an `invalid_input` error may give. */
export const eventFormFields = [
  'kind',
  'title',
  'description',
  'startsAt',
  'endsAt',
  'timeZone',
  'venue',
  'onlineUrl',
  'capacity',
  'registrationOpensAt',
  'registrationClosesAt',
  'interpretation',
  'status',
  'visibility',
  'approval',
] as const;

/** The label of a field an error names (`title.fr` → the title's label). */
export function fieldLabel(t: Translator, field: string): string {
  const name = field.split('.')[0] ?? '';
  return (eventFormFields as readonly string[]).includes(name) ? t(`events.field.${name}`) : field;
}

/** The field a refusal is about, so the form can mark it. */
export function fieldOfError(code: string, details: Record<string, string | number>): string {
  const byCode: Record<string, string> = {
    event_time_range: 'endsAt',
    event_unknown_time_zone: 'timeZone',
    event_capacity_negative: 'capacity',
    event_registration_window: 'registrationClosesAt',
    event_title_required: 'title',
  };
  return byCode[code] ?? String(details.field ?? '').split('.')[0] ?? '';
}

/** An event's title in the reader's language (or the network's default), with the language it is in. */
export function eventTitle(ctx: PageContext, row: EventRow, fallback: Locale) {
  return localizedText(row.title, ctx.locale, fallback);
}

/**
 * "Thursday, 14 January 2027, 15:00 CET, until 16:30", in the event's zone and (when it differs) the reader's: the
 * end by its time of day when it is the same day there, else in full.
 */
export function eventWhen(ctx: PageContext, row: EventRow, readerZone: string | null = null) {
  const times = eventTimes(ctx.locale, row.starts_at, row.time_zone, readerZone);
  const span = (start: string, zone: string) => {
    const sameDay = wallClockIn(row.starts_at, zone).slice(0, 10) === wallClockIn(row.ends_at, zone).slice(0, 10);
    return ctx.t('events.span', { start, end: sameDay ? timeOfDay(row.ends_at, zone) : formatInZone(ctx.locale, row.ends_at, zone) });
  };
  return { event: span(times.event, row.time_zone), reader: times.reader && readerZone ? span(times.reader, readerZone) : null };
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

function CountsText({ ctx, row, counts }: { ctx: PageContext; row: EventRow; counts: RegistrationCounts }) {
  const { t, locale } = ctx;
  const confirmed = formatNumber(locale, counts.confirmed);
  return (
    <span>
      {row.capacity === null
        ? t('events.countConfirmed', { confirmed })
        : t('events.countConfirmedOf', { confirmed, capacity: formatNumber(locale, row.capacity) })}
      {counts.waitlisted > 0 && <> · {t('events.countWaitlisted', { waitlisted: formatNumber(locale, counts.waitlisted) })}</>}
    </span>
  );
}

function EventTable({ ctx, rows, caption, fallback }: { ctx: PageContext; rows: EventSummary[]; caption: string; fallback: Locale }) {
  const { t } = ctx;
  if (rows.length === 0) return <p>{t('events.none')}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('events.column.when')}</th>
            <th scope="col">{t('events.field.title')}</th>
            <th scope="col">{t('events.field.kind')}</th>
            <th scope="col">{t('events.field.status')}</th>
            <th scope="col">{t('events.field.visibility')}</th>
            <th scope="col">{t('events.column.registrations')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row, counts }) => {
            const title = eventTitle(ctx, row, fallback);
            return (
              <tr key={row.id}>
                <td>{eventWhen(ctx, row).event}</td>
                <td>
                  <a href={ctx.href(`/admin/events/${row.id}`)} lang={title.locale} dir={directionOf(title.locale)}>
                    {title.text}
                  </a>
                </td>
                <td>{t(`events.kind.${row.kind}`)}</td>
                <td>{t(`events.status.${row.status}`)}</td>
                <td>{t(`events.visibility.${row.visibility}`)}</td>
                <td>
                  <CountsText ctx={ctx} row={row} counts={counts} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The events area: upcoming events (soonest first) and past ones (latest first). */
export function EventListPage({ ctx, upcoming, past, fallback }: { ctx: PageContext; upcoming: EventSummary[]; past: EventSummary[]; fallback: Locale }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.events')}>
      {ctx.staff?.role !== 'viewer' && (
        <p class="actions">
          <a class="button" href={ctx.href('/admin/events/new')}>
            {t('events.new')}
          </a>
        </p>
      )}
      <h2>{t('events.upcoming')}</h2>
      <EventTable ctx={ctx} rows={upcoming} caption={t('events.upcoming')} fallback={fallback} />
      <h2>{t('events.past')}</h2>
      <EventTable ctx={ctx} rows={past} caption={t('events.past')} fallback={fallback} />
    </AdminLayout>
  );
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function FormSelect({ id, label, value, options, error }: { id: string; label: string; value: string; options: [string, string][]; error?: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={id} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map(([v, text]) => (
          <option key={v} value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

function TimeInput({ id, label, value, required, error }: { id: string; label: string; value: string; required?: boolean; error?: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="datetime-local"
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}

/** Create or edit an event: texts per language, time with its zone, place, capacity, registration window. */
export function EventFormPage({
  ctx,
  eventId,
  values,
  error,
}: {
  ctx: PageContext;
  eventId?: number;
  values: EventFormValues;
  error?: { message: string; field: string };
}) {
  const { t } = ctx;
  const action = eventId ? `/admin/events/${eventId}/edit` : '/admin/events/new';
  const errorOn = (field: string) => (error?.field === field ? error.message : undefined);
  const zones = timeZones();
  const zoneOptions: [string, string][] = (zones.includes(values.timeZone) || !values.timeZone ? zones : [values.timeZone, ...zones]).map((z) => [z, z]);
  return (
    <AdminLayout ctx={ctx} title={eventId ? t('events.editTitle') : t('events.new')}>
      <Notice message={error?.message} error />
      <form method="post" action={ctx.href(action)} class="form form--wide event-form">
        <CsrfField ctx={ctx} />
        <FormSelect id="kind" label={t('events.field.kind')} value={values.kind} options={eventKinds.map((k) => [k, t(`events.kind.${k}`)])} />
        <fieldset aria-describedby={errorOn('title') ? 'title-error' : 'title-hint'}>
          <legend>{t('events.field.title')}</legend>
          <p id="title-hint" class="hint">
            {t('events.titleHint')}
          </p>
          <FieldError id="title-error" message={errorOn('title')} />
          {locales.map((l) => (
            <div key={l}>
              <label for={`title-${l}`}>{autonym(l)}</label>
              <input id={`title-${l}`} name={`title.${l}`} type="text" maxLength={300} value={values.title[l] ?? ''} lang={l} dir={directionOf(l)} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('events.field.description')}</legend>
          <p class="hint">{t('events.descriptionHint')}</p>
          <FieldError id="description-error" message={errorOn('description')} />
          {locales.map((l) => (
            <div key={l}>
              <label for={`description-${l}`}>{autonym(l)}</label>
              <textarea id={`description-${l}`} name={`description.${l}`} rows={4} maxLength={maxDescriptionLength} lang={l} dir={directionOf(l)}>
                {values.description[l] ?? ''}
              </textarea>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('events.column.when')}</legend>
          <TimeInput id="startsAt" label={t('events.field.startsAt')} value={values.startsAt} required error={errorOn('startsAt')} />
          <TimeInput id="endsAt" label={t('events.field.endsAt')} value={values.endsAt} required error={errorOn('endsAt')} />
          <FormSelect id="timeZone" label={t('events.field.timeZone')} value={values.timeZone} options={zoneOptions} error={errorOn('timeZone')} />
          <p class="hint">{t('events.timeZoneHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('events.column.where')}</legend>
          <label for="venue">{t('events.field.venue')}</label>
          <textarea id="venue" name="venue" rows={2} maxLength={500} dir="auto">
            {values.venue}
          </textarea>
          <label for="onlineUrl">{t('events.field.onlineUrl')}</label>
          <input
            id="onlineUrl"
            name="onlineUrl"
            type="text"
            inputMode="url"
            maxLength={2000}
            value={values.onlineUrl}
            dir="ltr"
            aria-invalid={errorOn('onlineUrl') ? 'true' : undefined}
            aria-describedby={errorOn('onlineUrl') ? 'onlineUrl-error' : undefined}
          />
          <FieldError id="onlineUrl-error" message={errorOn('onlineUrl')} />
          <fieldset class="choices">
            <legend>{t('events.field.interpretation')}</legend>
            {locales.map((l) => (
              <div class="consent" key={l}>
                <input id={`interpretation-${l}`} name={`interpretation.${l}`} type="checkbox" value="yes" checked={values.interpretation.includes(l)} />
                <label for={`interpretation-${l}`} lang={l}>
                  {autonym(l)}
                </label>
              </div>
            ))}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t('events.column.registration')}</legend>
          <label for="capacity">{t('events.field.capacity')}</label>
          <input
            id="capacity"
            name="capacity"
            type="number"
            min={0}
            max={maxCapacity}
            step={1}
            value={values.capacity}
            aria-invalid={errorOn('capacity') ? 'true' : undefined}
            aria-describedby={errorOn('capacity') ? 'capacity-error capacity-hint' : 'capacity-hint'}
          />
          <p id="capacity-hint" class="hint">
            {t('events.capacityHint')}
          </p>
          <FieldError id="capacity-error" message={errorOn('capacity')} />
          <TimeInput
            id="registrationOpensAt"
            label={t('events.field.registrationOpensAt')}
            value={values.registrationOpensAt}
            error={errorOn('registrationOpensAt')}
          />
          <TimeInput
            id="registrationClosesAt"
            label={t('events.field.registrationClosesAt')}
            value={values.registrationClosesAt}
            error={errorOn('registrationClosesAt')}
          />
          <p class="hint">{t('events.registrationWindowHint')}</p>
          <FormSelect
            id="visibility"
            label={t('events.field.visibility')}
            value={values.visibility}
            options={eventVisibilities.map((v) => [v, t(`events.visibility.${v}`)])}
            error={errorOn('visibility')}
          />
          <FormSelect
            id="status"
            label={t('events.field.status')}
            value={values.status}
            options={eventStatuses.map((s) => [s, t(`events.status.${s}`)])}
            error={errorOn('status')}
          />
          <div class="consent">
            <input id="approval" name="approval" type="checkbox" value="yes" checked={values.approval} aria-describedby="approval-hint" />
            <label for="approval">{t('events.field.approval')}</label>
          </div>
          <p id="approval-hint" class="hint">
            {t('events.approvalHint')}
          </p>
        </fieldset>
        <button type="submit" class="button">
          {t('events.save')}
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

/** The registrants of an event, in their order (confirmed and waitlisted first in the order they were placed). */
function RegistrantTable({ ctx, eventId, rows }: { ctx: PageContext; eventId: number; rows: EventRegistrationRow[] }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  if (rows.length === 0) return <p>{t('events.noRegistrations')}</p>;
  const ordered = registrationStatuses.flatMap((s) => rows.filter((r) => r.status === s));
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('events.registrants')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('member.field.name')}</th>
            <th scope="col">{t('member.field.email')}</th>
            <th scope="col">{t('member.field.memberState')}</th>
            <th scope="col">{t('member.field.organisation')}</th>
            <th scope="col">{t('events.field.registrationStatus')}</th>
            <th scope="col">{t('events.column.placedAt')}</th>
            <th scope="col">{t('events.column.attendance')}</th>
            {canEdit && <th scope="col">{t('events.column.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {ordered.map((r) => (
            <tr key={r.id}>
              <td>
                <bdi>{r.name}</bdi>
              </td>
              <td>
                <bdi>{r.email_display}</bdi>
              </td>
              <td>{r.member_state ? memberStateName(locale, r.member_state) : '—'}</td>
              <td>
                <bdi>{r.organisation || '—'}</bdi>
              </td>
              <td>{r.declined_at ? t('events.declined') : t(`events.registrationStatus.${r.status}`)}</td>
              <td>{formatTimestamp(locale, r.placed_at)}</td>
              <td>{r.attended === null ? '—' : r.attended === 1 ? t('events.attended') : t('events.noShow')}</td>
              {canEdit && (
                <td>
                  {r.status === 'pending_approval' &&
                    (['approve', 'decline'] as const).map((decision) => (
                      <form key={decision} method="post" action={ctx.href(`/admin/events/${eventId}/registrations/${r.id}/decision`)} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="decision" value={decision} />
                        <button
                          type="submit"
                          class={decision === 'approve' ? 'button' : 'button button--quiet'}
                          aria-label={decision === 'approve' ? t('events.approveOf', { name: r.name }) : t('events.declineOf', { name: r.name })}
                        >
                          {decision === 'approve' ? t('events.approve') : t('events.decline')}
                        </button>
                      </form>
                    ))}
                  {r.status === 'confirmed' && (
                    <form method="post" action={ctx.href(`/admin/events/${eventId}/registrations/${r.id}/attendance`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="attended" value={r.attended === 1 ? 'no' : 'yes'} />
                      <button
                        type="submit"
                        class="button button--quiet"
                        aria-label={t(r.attended === 1 ? 'events.markNoShowOf' : 'events.markAttendedOf', { name: r.name })}
                      >
                        {r.attended === 1 ? t('events.markNoShow') : t('events.markAttended')}
                      </button>
                    </form>
                  )}
                  {r.status !== 'cancelled' && (
                    <form method="post" action={ctx.href(`/admin/events/${eventId}/registrations/${r.id}/cancel`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="button button--quiet" aria-label={t('events.cancelRegistrationOf', { name: r.name })}>
                        {t('events.cancelRegistration')}
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links that show the registrants of one status (with its count), all of them, and the CSV of what is shown. */
function RegistrantFilter({
  ctx,
  eventId,
  counts,
  current,
}: {
  ctx: PageContext;
  eventId: number;
  counts: RegistrationCounts;
  current: RegistrationStatus | null;
}) {
  const { t, locale } = ctx;
  const total = registrationStatuses.reduce((sum, s) => sum + counts[s], 0);
  const link = (status: RegistrationStatus | null, label: string) => (
    <li key={status ?? 'all'}>
      <a href={ctx.href(`/admin/events/${eventId}${status ? `?status=${status}` : ''}#registrants`)} aria-current={status === current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label={t('events.filterRegistrants')} class="home-links">
      <ul>
        {link(null, t('events.filterAll', { count: formatNumber(locale, total) }))}
        {registrationStatuses.map((s) =>
          link(s, t('events.filterStatus', { status: t(`events.registrationStatus.${s}`), count: formatNumber(locale, counts[s]) })),
        )}
        <li>
          <a href={ctx.href(`/admin/events/${eventId}/registrations.csv${current ? `?status=${current}` : ''}`)} download>
            {t('events.exportCsv')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** Confirmed registrants and attendees by regional group and member state, as in the network's picture. */
function AttendanceTable({ ctx, lines }: { ctx: PageContext; lines: AttendanceLine[] }) {
  const { t, locale } = ctx;
  if (lines.length === 0) return null;
  const n = (value: number) => formatNumber(locale, value);
  return (
    <section aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{t('events.attendanceTitle')}</h2>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('events.column.regionalGroup')}</th>
              <th scope="col">{t('member.field.memberState')}</th>
              <th scope="col">{t('events.registrationStatus.confirmed')}</th>
              <th scope="col">{t('events.attended')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={`${l.regionalGroup}-${l.memberState}`}>
                <td>{l.regionalGroup ? t(`regionalGroup.${l.regionalGroup}`) : t('events.notGiven')}</td>
                <td>{l.memberState ? memberStateName(locale, l.memberState) : t('events.notGiven')}</td>
                <td>{n(l.confirmed)}</td>
                <td>{n(l.attended)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('events.total')}
              </th>
              <td>{n(lines.reduce((sum, l) => sum + l.confirmed, 0))}</td>
              <td>{n(lines.reduce((sum, l) => sum + l.attended, 0))}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** The invitation form of an invite-only event: chosen members by address, or a segment by member filters. */
function InvitationForm({ ctx, eventId, invited, groups }: { ctx: PageContext; eventId: number; invited: number; groups: readonly string[] }) {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t('events.invitations')}</h2>
      <p>{t('events.invitedCount', { count: invited, shown: formatNumber(locale, invited) })}</p>
      {ctx.staff?.role !== 'viewer' && (
        <form method="post" action={ctx.href(`/admin/events/${eventId}/invitations`)} class="form">
          <CsrfField ctx={ctx} />
          <label for="inviteAddresses">{t('events.inviteAddresses')}</label>
          <textarea id="inviteAddresses" name="addresses" rows={3} dir="auto" spellcheck={false} aria-describedby="inviteAddresses-hint" />
          <p id="inviteAddresses-hint" class="hint">
            {t('events.inviteAddressesHint')}
          </p>
          <label for="inviteGroup">{t('events.inviteRegionalGroup')}</label>
          <select id="inviteGroup" name="regionalGroup">
            <option value="">{t('events.inviteNoGroup')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {t(`regionalGroup.${g}`)}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            {t('events.invite')}
          </button>
        </form>
      )}
    </section>
  );
}

/** One event for staff: what, when, where, the counts, the registrants and (invite-only) the invitations. */
export function EventDetailPage({
  ctx,
  summary,
  fallback,
  descriptionHtml,
  registrations,
  invited,
  groups,
  attendance,
  notice,
  error,
  publicUrl,
  statusFilter,
  children,
}: {
  ctx: PageContext;
  summary: EventSummary;
  fallback: Locale;
  descriptionHtml: { html: string; locale: Locale } | null;
  registrations: EventRegistrationRow[];
  invited: number;
  groups: readonly string[];
  attendance: AttendanceLine[];
  notice?: string;
  error?: string;
  publicUrl: string;
  statusFilter?: RegistrationStatus;
  children?: ComponentChildren;
}) {
  const { t, locale } = ctx;
  const { row, counts } = summary;
  const title = eventTitle(ctx, row, fallback);
  const when = eventWhen(ctx, row);
  const n = (value: number) => formatNumber(locale, value);
  const facts: [string, ComponentChildren][] = [
    [t('events.field.kind'), t(`events.kind.${row.kind}`)],
    [t('events.column.when'), when.event],
    [t('events.field.venue'), row.venue ? <bdi key="venue">{row.venue}</bdi> : '—'],
    [
      t('events.field.onlineUrl'),
      row.online_url ? (
        <a key="online" href={row.online_url} rel="noopener noreferrer" dir="ltr">
          {row.online_url}
        </a>
      ) : (
        '—'
      ),
    ],
    [t('events.field.interpretation'), (JSON.parse(row.interpretation) as Locale[]).map(autonym).join(', ') || '—'],
    [t('events.field.capacity'), row.capacity === null ? t('events.unlimited') : n(row.capacity)],
    [
      t('events.column.registration'),
      t('events.window', {
        opens: row.registration_opens_at ? eventTimes(locale, row.registration_opens_at, row.time_zone, null).event : t('events.windowNow'),
        closes: row.registration_closes_at ? eventTimes(locale, row.registration_closes_at, row.time_zone, null).event : t('events.windowEnd'),
      }),
    ],
    [t('events.field.visibility'), t(`events.visibility.${row.visibility}`)],
    [t('events.field.status'), t(`events.status.${row.status}`)],
    [
      t('events.publicPage'),
      <a key="public" href={publicUrl}>
        {publicUrl}
      </a>,
    ],
  ];
  return (
    <AdminLayout ctx={ctx} title={title.text}>
      <Notice message={notice} />
      <Notice message={error} error />
      {ctx.staff?.role !== 'viewer' && (
        <div class="actions">
          <a class="button" href={ctx.href(`/admin/events/${row.id}/edit`)}>
            {t('events.edit')}
          </a>
          <a class="button button--quiet" href={ctx.href(`/admin/events/${row.id}/check-in`)}>
            {t('events.checkIn.open')}
          </a>
          <form method="post" action={ctx.href(`/admin/events/${row.id}/duplicate`)} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="button button--quiet">
              {t('events.duplicate')}
            </button>
          </form>
        </div>
      )}
      <Facts facts={facts} />
      <ul class="tiles" aria-label={t('events.column.registrations')}>
        {(['confirmed', 'waitlisted', 'pending_approval', 'cancelled'] as const).map((s) => (
          <li key={s} class="tile">
            <span class="tile__value">{n(counts[s])}</span>
            <span class="tile__label">{t(`events.registrationStatus.${s}`)}</span>
          </li>
        ))}
      </ul>
      <h2>{t('events.field.description')}</h2>
      {descriptionHtml ? (
        // Rendered by renderSafeMarkdown: raw HTML escaped, unsafe link targets refused.
        <div class="prose" lang={descriptionHtml.locale} dir={directionOf(descriptionHtml.locale)} dangerouslySetInnerHTML={{ __html: descriptionHtml.html }} />
      ) : (
        <p>—</p>
      )}
      {row.visibility === 'invite_only' && <InvitationForm ctx={ctx} eventId={row.id} invited={invited} groups={groups} />}
      <AttendanceTable ctx={ctx} lines={attendance} />
      {children}
      <h2 id="registrants">{t('events.registrants')}</h2>
      <RegistrantFilter ctx={ctx} eventId={row.id} counts={counts} current={statusFilter ?? null} />
      <RegistrantTable ctx={ctx} eventId={row.id} rows={registrations} />
      <p class="muted">{t('events.recordedBy', { who: row.created_by, at: formatTimestamp(locale, row.created_at) })}</p>
    </AdminLayout>
  );
}
