import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, type Locale } from '../../i18n/i18n.ts';
import { formatNumber } from '../../views/format.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import { timeZones } from '../../views/time-zone.ts';
import { MemberFieldInputs } from '../members/member-fields.view.tsx';
import { type EventSummary, localizedText } from './event.service.ts';
import type { EventRegistrationRow, EventRow } from './event.table.ts';
import { materialsOf } from './event-follow-up.ts';
import { eventJsonLd, scriptJson } from './event-json-ld.ts';
import { eventTitle, eventWhen } from './events-admin.views.tsx';

/** The registration form's state: what was typed and the message by each field (`form` for the whole form). */
export interface RegistrationFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** Places left, or that the event is full and registrations go onto the waitlist. */
function PlacesLine({ ctx, summary }: { ctx: PageContext; summary: EventSummary }) {
  const { row, counts } = summary;
  if (row.capacity === null) return null;
  const left = Math.max(0, row.capacity - counts.confirmed);
  return <p class="muted">{left > 0 ? ctx.t('events.page.placesLeft', { count: left, shown: formatNumber(ctx.locale, left) }) : ctx.t('events.page.full')}</p>;
}

/** When: the event's own zone, and the reader's beside it (their browser's, or the one they chose). */
function WhenBlock({ ctx, row, readerZone }: { ctx: PageContext; row: EventRow; readerZone: string | null }) {
  const when = eventWhen(ctx, row, readerZone);
  return (
    <div class="event-when">
      <p>
        <time dateTime={row.starts_at}>{when.event}</time>
      </p>
      {when.reader && <p>{ctx.t('events.page.yourTime', { when: when.reader })}</p>}
      <form method="get" action={ctx.href(`/events/${row.id}`)} class="inline-form">
        <label for="tz">{ctx.t('events.page.showInZone')}</label>
        <select id="tz" name="tz">
          {timeZones().map((z) => (
            <option key={z} value={z} selected={z === (readerZone ?? row.time_zone)}>
              {z}
            </option>
          ))}
        </select>
        <button type="submit" class="button button--quiet">
          {ctx.t('events.page.show')}
        </button>
      </form>
    </div>
  );
}

/** The public list of events: upcoming public ones, then past ones. */
export function PublicEventListPage({
  ctx,
  siteName,
  upcoming,
  past,
  fallback,
  publicUrl,
}: {
  ctx: PageContext;
  siteName: string;
  upcoming: EventSummary[];
  past: EventSummary[];
  fallback: Locale;
  publicUrl: string;
}) {
  const { t } = ctx;
  const organiser = { name: siteName, url: `${publicUrl}/${ctx.locale}/` };
  const jsonLd = [...upcoming, ...past].map(({ row }) => {
    const title = eventTitle(ctx, row, fallback);
    const description = localizedText(row.description, ctx.locale, fallback);
    return eventJsonLd(
      row,
      { title: title.text, description: description.text, locale: title.locale },
      `${publicUrl}/${ctx.locale}/events/${row.id}`,
      organiser,
    );
  });
  const item = ({ row }: EventSummary) => {
    const title = eventTitle(ctx, row, fallback);
    return (
      <li key={row.id}>
        <a href={ctx.href(`/events/${row.id}`)} lang={title.locale} dir={directionOf(title.locale)}>
          {title.text}
        </a>{' '}
        <span class="muted">
          {eventWhen(ctx, row).event}
          {row.status === 'cancelled' && ` · ${t('events.status.cancelled')}`}
        </span>
      </li>
    );
  };
  return (
    <Layout
      ctx={ctx}
      title={t('events.page.listTitle')}
      siteName={siteName}
      head={
        jsonLd.length > 0 && (
          // Escaped for a script element by scriptJson; it is data, never run.
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(jsonLd) }} />
        )
      }
    >
      <h1>{t('events.page.listTitle')}</h1>
      <p>
        <a href={ctx.href('/events.ics')} type="text/calendar">
          {t('events.page.feed')}
        </a>
      </p>
      <h2>{t('events.upcoming')}</h2>
      {upcoming.length === 0 ? <p>{t('events.page.noneUpcoming')}</p> : <ul class="archive">{upcoming.map(item)}</ul>}
      <h2>{t('events.past')}</h2>
      {past.length === 0 ? <p>{t('events.page.nonePast')}</p> : <ul class="archive">{past.map(item)}</ul>}
    </Layout>
  );
}

/** The registration form of a public event: it works without JavaScript; a tiny script fills in the browser's zone. */
function RegistrationForm({
  ctx,
  row,
  form,
  networkName,
  readerZone,
}: {
  ctx: PageContext;
  row: EventRow;
  form: RegistrationFormState;
  networkName: string;
  readerZone: string | null;
}) {
  const { t } = ctx;
  return (
    <form method="post" action={ctx.href(`/events/${row.id}`)} class="form" aria-labelledby="register-heading" noValidate>
      <h2 id="register-heading">{t('events.page.register')}</h2>
      {form.errors.form && (
        <p class="notice notice--error" role="alert">
          {form.errors.form}
        </p>
      )}
      <CsrfField ctx={ctx} />
      <input type="hidden" name="timeZone" value={form.values.timeZone || readerZone || ''} />
      <MemberFieldInputs
        ctx={ctx}
        values={form.values}
        errors={form.errors}
        withEmail
        rules={{ memberState: 'optional', stakeholderGroup: 'hidden', organisation: 'optional', jobTitle: 'hidden' }}
      />
      <div class="consent">
        <input id="join" name="join" type="checkbox" value="yes" checked={form.values.join === 'yes'} />
        <label for="join">{t('events.page.alsoJoin', { network: networkName })}</label>
      </div>
      <button type="submit" class="button">
        {t('events.page.registerButton')}
      </button>
    </form>
  );
}

/** Why the form is not shown to the reader now (cancelled, over, not yet or no longer open, personal link needed); null: it is. */
function closedMessage(ctx: PageContext, row: EventRow, now: string): string | null {
  const { t } = ctx;
  if (row.status === 'cancelled') return t('events.page.cancelled');
  if (row.status === 'held' || now >= row.ends_at) return t('events.page.over');
  if (row.registration_opens_at && now < row.registration_opens_at) return t('error.event_registration_closed', { when: 'before' });
  if (now >= (row.registration_closes_at ?? row.ends_at)) return t('error.event_registration_closed', { when: 'after' });
  if (row.visibility !== 'public') return t('events.page.personalLinkNeeded');
  return null;
}

/** An event's public page: title, time in both zones, place, description, and the registration form while open. */
export function PublicEventPage({
  ctx,
  siteName,
  summary,
  fallback,
  descriptionHtml,
  readerZone,
  form,
  now,
  publicUrl,
}: {
  ctx: PageContext;
  siteName: string;
  summary: EventSummary;
  fallback: Locale;
  descriptionHtml: { html: string; locale: Locale } | null;
  readerZone: string | null;
  form: RegistrationFormState;
  now: string;
  publicUrl: string;
}) {
  const { t } = ctx;
  const { row } = summary;
  const title = eventTitle(ctx, row, fallback);
  const description = localizedText(row.description, ctx.locale, fallback);
  const pageUrl = `${publicUrl}/${ctx.locale}/events/${row.id}`;
  const jsonLd = eventJsonLd(row, { title: title.text, description: description.text, locale: title.locale }, pageUrl, {
    name: siteName,
    url: `${publicUrl}/${ctx.locale}/`,
  });
  const interpretation = JSON.parse(row.interpretation) as Locale[];
  const closed = closedMessage(ctx, row, now);
  const materials = materialsOf(row);
  return (
    <Layout
      ctx={ctx}
      title={title.text}
      siteName={siteName}
      head={
        <>
          <link rel="canonical" href={pageUrl} />
          {/* Escaped for a script element by scriptJson; it is data, never run. */}
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(jsonLd) }} />
        </>
      }
    >
      <article class="event" data-event-zone={row.time_zone}>
        <p class="muted">{t(`events.kind.${row.kind}`)}</p>
        <h1 lang={title.locale} dir={directionOf(title.locale)}>
          {title.text}
        </h1>
        <WhenBlock ctx={ctx} row={row} readerZone={readerZone} />
        <p>
          <a href={ctx.href(`/events/${row.id}.ics`)} type="text/calendar">
            {t('events.page.addToCalendar')}
          </a>
        </p>
        {row.venue && (
          <p>
            <bdi>{row.venue}</bdi>
          </p>
        )}
        {row.online_url && <p>{t('events.page.online')}</p>}
        {interpretation.length > 0 && <p>{t('events.page.interpretation', { languages: interpretation.map(autonym).join(', ') })}</p>}
        {descriptionHtml && (
          // Rendered by renderSafeMarkdown: raw HTML escaped, unsafe link targets refused.
          <div
            class="prose"
            lang={descriptionHtml.locale}
            dir={directionOf(descriptionHtml.locale)}
            dangerouslySetInnerHTML={{ __html: descriptionHtml.html }}
          />
        )}
        {materials.length > 0 && (
          <section aria-labelledby="materials-heading">
            <h2 id="materials-heading">{t('events.page.materials')}</h2>
            <ul>
              {materials.map((m) => (
                <li key={m.url}>
                  <a href={m.url} rel="noopener noreferrer">
                    <bdi>{m.label}</bdi>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        <PlacesLine ctx={ctx} summary={summary} />
        {row.approval === 1 && closed === null && <p class="muted">{t('events.page.approvalNeeded')}</p>}
        {closed === null ? <RegistrationForm ctx={ctx} row={row} form={form} networkName={siteName} readerZone={readerZone} /> : <p class="notice">{closed}</p>}
      </article>
      <script src="/assets/event-time-zone.js" defer />
    </Layout>
  );
}

/** After registering: a place, or a place on the waitlist (with its position), and where the email went. */
export function RegisteredPage({
  ctx,
  siteName,
  row,
  registration,
  fallback,
}: {
  ctx: PageContext;
  siteName: string;
  row: EventRow;
  registration: EventRegistrationRow;
  fallback: Locale;
}) {
  const { t } = ctx;
  const title = eventTitle(ctx, row, fallback).text;
  const heading =
    registration.status === 'confirmed'
      ? t('events.page.confirmedTitle')
      : registration.status === 'pending_approval'
        ? t('events.page.pendingTitle')
        : registration.status === 'cancelled'
          ? t('events.page.declinedTitle')
          : t('events.page.waitlistedTitle');
  const message =
    registration.status === 'confirmed'
      ? t('events.page.confirmedMessage', { title })
      : registration.status === 'pending_approval'
        ? t('events.page.pendingMessage', { title })
        : registration.status === 'cancelled'
          ? t('events.page.declinedMessage', { title })
          : t('events.page.waitlistedMessage', { title });
  return (
    <Layout ctx={ctx} title={heading} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{heading}</h1>
        <p class="lead">{message}</p>
        {registration.status !== 'cancelled' && <p>{t('events.page.emailSent', { address: registration.email_display })}</p>}
      </section>
    </Layout>
  );
}

/** A registrant's page from their cancel link: their status, and the button that cancels. */
export function RegistrationLinkPage({
  ctx,
  siteName,
  row,
  registration,
  fallback,
  action,
  qrSvg,
}: {
  ctx: PageContext;
  siteName: string;
  row: EventRow;
  registration: EventRegistrationRow;
  fallback: Locale;
  action: string;
  /** The check-in QR code (SVG from the qrcode library, of our own URL) for a confirmed place at a venue. */
  qrSvg?: string | null;
}) {
  const { t } = ctx;
  const title = eventTitle(ctx, row, fallback).text;
  const when = eventWhen(ctx, row, registration.time_zone);
  return (
    <Layout ctx={ctx} title={t('events.page.yourRegistration')} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{t('events.page.yourRegistration')}</h1>
        <p class="lead">{t('events.page.registrationStatus', { title, status: t(`events.registrationStatus.${registration.status}`) })}</p>
        <p>{when.reader ?? when.event}</p>
        <p>
          <a href={`${action}/calendar.ics`} type="text/calendar">
            {registration.status === 'cancelled' ? t('events.page.removeFromCalendar') : t('events.page.addToCalendar')}
          </a>
        </p>
        {qrSvg && (
          <figure class="check-in-qr">
            {/* The SVG comes from the qrcode library, generated from our own check-in URL: nothing typed by anyone is in it. */}
            <div role="img" aria-label={t('events.page.checkInCode')} dangerouslySetInnerHTML={{ __html: qrSvg }} style="max-inline-size: 16rem;" />
            <figcaption>{t('events.page.checkInHint')}</figcaption>
          </figure>
        )}
        {registration.status !== 'cancelled' && (
          <form method="post" action={action}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button">
              {t('events.page.cancelButton')}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}
