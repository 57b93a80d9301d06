import type { PageContext } from '../../http/request-context.ts';
import { directionOf, type Locale } from '../../i18n/i18n.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { memberStateName } from '../members/member-geography.ts';
import type { EventRegistrationRow, EventRow } from './event.table.ts';
import { eventTitle, eventWhen } from './events-admin.views.tsx';

export interface CheckInPageData {
  event: EventRow;
  fallback: Locale;
  counts: { confirmed: number; arrived: number; latest: EventRegistrationRow[] };
  /** The registrant a scanned code (opened by a phone's camera app) names, to confirm with one button. */
  scanned: EventRegistrationRow | null;
  query: string;
  found: EventRegistrationRow[] | null;
  notice?: string;
  error?: string;
}

function ArrivalButton({ ctx, eventId, registration, code }: { ctx: PageContext; eventId: number; registration: EventRegistrationRow; code?: string }) {
  const { t } = ctx;
  if (registration.checked_in_at)
    return (
      <span class="muted">
        {t('events.checkIn.alreadyAt', { time: new Intl.DateTimeFormat(ctx.locale, { timeStyle: 'short' }).format(new Date(registration.checked_in_at)) })}
      </span>
    );
  return (
    <form method="post" action={ctx.href(`/admin/events/${eventId}/check-in`)} class="inline-form">
      <CsrfField ctx={ctx} />
      {code ? <input type="hidden" name="code" value={code} /> : <input type="hidden" name="registrationId" value={String(registration.id)} />}
      <button type="submit" class="button" aria-label={t('events.checkIn.markOf', { name: registration.name })}>
        {t('events.checkIn.mark')}
      </button>
    </form>
  );
}

function Who({ ctx, registration }: { ctx: PageContext; registration: EventRegistrationRow }) {
  return (
    <>
      <strong>
        <bdi>{registration.name}</bdi>
      </strong>{' '}
      <span class="muted">
        <bdi>{registration.email_display}</bdi>
        {registration.member_state && ` · ${memberStateName(ctx.locale, registration.member_state)}`}
        {registration.organisation && (
          <>
            {' · '}
            <bdi>{registration.organisation}</bdi>
          </>
        )}
      </span>
    </>
  );
}

/**
 * The door of an in-person event, for a phone: the count of arrivals, the camera scanner (a small script, where the
 * browser can read QR codes), and the search by name that works everywhere without JavaScript.
 */
export function CheckInPage({ ctx, data, code }: { ctx: PageContext; data: CheckInPageData; code?: string }) {
  const { t, locale } = ctx;
  const { event, counts } = data;
  const title = eventTitle(ctx, event, data.fallback);
  return (
    <AdminLayout ctx={ctx} title={t('events.checkIn.title')}>
      <p class="lead">
        <span lang={title.locale} dir={directionOf(title.locale)}>
          {title.text}
        </span>{' '}
        <span class="muted">{eventWhen(ctx, event).event}</span>
      </p>
      <p role="status" id="arrivals">
        {t('events.checkIn.count', { arrived: formatNumber(locale, counts.arrived), confirmed: formatNumber(locale, counts.confirmed) })}
      </p>
      {data.notice && (
        <p class="notice" role="status">
          {data.notice}
        </p>
      )}
      {data.error && (
        <p class="notice notice--error" role="alert">
          {data.error}
        </p>
      )}
      {data.scanned && (
        <section aria-labelledby="scanned-heading" class="check-in-card">
          <h2 id="scanned-heading">{t('events.checkIn.scanned')}</h2>
          <p>
            <Who ctx={ctx} registration={data.scanned} />
          </p>
          {data.scanned.status === 'confirmed' ? (
            <ArrivalButton ctx={ctx} eventId={event.id} registration={data.scanned} code={code} />
          ) : (
            <p class="notice notice--error">{t('error.event_check_in_refused', { status: data.scanned.status, name: data.scanned.name })}</p>
          )}
        </section>
      )}
      <section aria-labelledby="scan-heading" data-check-in-scanner hidden>
        <h2 id="scan-heading">{t('events.checkIn.scanTitle')}</h2>
        <button type="button" class="button" data-scan-start>
          {t('events.checkIn.scanStart')}
        </button>
        <video data-scan-video playsInline muted hidden aria-label={t('events.checkIn.camera')} style="inline-size: 100%; max-inline-size: 28rem;" />
        <p class="muted" data-scan-unavailable hidden>
          {t('events.checkIn.scanUnavailable')}
        </p>
        <form method="post" action={ctx.href(`/admin/events/${event.id}/check-in`)} data-scan-form>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="code" value="" />
        </form>
      </section>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">{t('events.checkIn.searchTitle')}</h2>
        <form method="get" action={ctx.href(`/admin/events/${event.id}/check-in`)} class="form" id="check-in-search">
          <label for="q">{t('events.checkIn.searchLabel')}</label>
          <input id="q" name="q" type="search" value={data.query} autoComplete="off" dir="auto" />
          <button type="submit" class="button">
            {t('events.checkIn.search')}
          </button>
        </form>
        {data.found &&
          (data.found.length === 0 ? (
            <p>{t('events.checkIn.noneFound', { query: data.query })}</p>
          ) : (
            <ul class="check-in-list">
              {data.found.map((r) => (
                <li key={r.id}>
                  <Who ctx={ctx} registration={r} /> <ArrivalButton ctx={ctx} eventId={event.id} registration={r} />
                </li>
              ))}
            </ul>
          ))}
      </section>
      {counts.latest.length > 0 && (
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{t('events.checkIn.latest')}</h2>
          <ul>
            {counts.latest.map((r) => (
              <li key={r.id}>
                <Who ctx={ctx} registration={r} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={ctx.href(`/admin/events/${event.id}`)}>{t('events.checkIn.back')}</a>
      </p>
      <script src="/assets/event-check-in.js" defer />
    </AdminLayout>
  );
}
