import type { PageContext } from '../../http/request-context.ts';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import type { AttendancePlatform, EventAttendanceImportRow, EventAttendanceUnmatchedRow, EventRegistrationRow } from './event.table.ts';
import type { AttendanceImportResult } from './event-attendance.service.ts';
import { maxAttendanceBytes } from './event-attendance-report.ts';

/** What the attendance section shows: the reports imported, the participants waiting, whom they may be matched to. */
export interface AttendanceSectionData {
  imports: EventAttendanceImportRow[];
  unmatched: EventAttendanceUnmatchedRow[];
  /** Registrants not yet marked attended, for the "it was" choice. */
  candidates: EventRegistrationRow[];
  result?: AttendanceImportResult;
  error?: string;
}

/** The platform's own name, as staff know it. */
function platformName(ctx: PageContext, platform: AttendancePlatform): string {
  if (platform === 'zoom') return ctx.t('events.platform.zoom');
  if (platform === 'webex') return ctx.t('events.platform.webex');
  return ctx.t('events.platform.teams');
}

function ImportResult({ ctx, result }: { ctx: PageContext; result: AttendanceImportResult }) {
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(locale, value);
  return (
    <p class="notice" role="status">
      {t('events.attendanceImport.result', {
        platform: platformName(ctx, result.platform),
        participants: n(result.participants),
        matched: n(result.matched),
        unmatched: n(result.unmatched),
        noShows: n(result.noShows),
      })}
    </p>
  );
}

/**
 * The attendance section of an event's page: the upload of a Zoom, Webex or Teams report, the reports imported,
 * and each participant no address matched, which staff match to a registrant or dismiss.
 */
export function AttendanceSection({ ctx, eventId, data }: { ctx: PageContext; eventId: number; data: AttendanceSectionData }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const n = (value: number) => formatNumber(locale, value);
  return (
    <section aria-labelledby="attendance-import-heading">
      <h2 id="attendance-import-heading">{t('events.attendanceImport.title')}</h2>
      {data.error && (
        <p class="notice notice--error" role="alert">
          {data.error}
        </p>
      )}
      {data.result && <ImportResult ctx={ctx} result={data.result} />}
      {canEdit && (
        // A multipart body is read after the CSRF check, so the token travels in the query.
        <form
          method="post"
          action={ctx.href(`/admin/events/${eventId}/attendance-import?_csrf=${encodeURIComponent(ctx.csrfToken)}`)}
          encType="multipart/form-data"
          class="form"
        >
          <label for="attendanceFile">{t('events.attendanceImport.file')}</label>
          <input id="attendanceFile" name="file" type="file" accept=".csv,text/csv" required aria-describedby="attendanceFile-hint" />
          <p id="attendanceFile-hint" class="hint">
            {t('events.attendanceImport.hint', { megabytes: n(maxAttendanceBytes / 1_048_576) })}
          </p>
          <button type="submit" class="button">
            {t('events.attendanceImport.submit')}
          </button>
        </form>
      )}
      {data.imports.length > 0 && (
        <ul>
          {data.imports.map((i) => (
            <li key={i.id}>
              {t('events.attendanceImport.line', {
                platform: platformName(ctx, i.platform),
                file: i.file_name,
                at: formatTimestamp(locale, i.imported_at),
                who: i.imported_by,
                matched: n(i.matched),
                unmatched: n(i.unmatched),
              })}
            </li>
          ))}
        </ul>
      )}
      {data.unmatched.length > 0 && (
        <div class="table-scroll">
          <table class="table">
            <caption>{t('events.attendanceImport.unmatched', { count: data.unmatched.length, shown: n(data.unmatched.length) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('member.field.name')}</th>
                <th scope="col">{t('member.field.email')}</th>
                <th scope="col">{t('events.attendanceImport.minutes')}</th>
                {canEdit && <th scope="col">{t('events.column.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {data.unmatched.map((u) => (
                <tr key={u.id}>
                  <td>
                    <bdi>{u.name || '—'}</bdi>
                  </td>
                  <td>
                    <bdi>{u.email_display || '—'}</bdi>
                  </td>
                  <td>{u.minutes === null ? '—' : n(u.minutes)}</td>
                  {canEdit && (
                    <td>
                      <form method="post" action={ctx.href(`/admin/events/${eventId}/attendance-unmatched/${u.id}`)} class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <input type="hidden" name="action" value="match" />
                        <label for={`unmatched-${u.id}`} class="visually-hidden">
                          {t('events.attendanceImport.whoWas', { name: u.name || u.email_display })}
                        </label>
                        <select id={`unmatched-${u.id}`} name="registrationId" required>
                          <option value="">{t('events.attendanceImport.choose')}</option>
                          {data.candidates.map((r) => (
                            <option key={r.id} value={String(r.id)}>
                              {`${r.name} <${r.email_display}>`}
                            </option>
                          ))}
                        </select>
                        <button type="submit" class="button button--quiet">
                          {t('events.attendanceImport.match')}
                        </button>
                      </form>
                      <form method="post" action={ctx.href(`/admin/events/${eventId}/attendance-unmatched/${u.id}`)} class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <input type="hidden" name="action" value="dismiss" />
                        <button
                          type="submit"
                          class="button button--quiet"
                          aria-label={t('events.attendanceImport.dismissOf', { name: u.name || u.email_display })}
                        >
                          {t('events.attendanceImport.dismiss')}
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
    </section>
  );
}
