import type { PageContext } from '../../http/request-context.ts';
import { autonym, directionOf, locales } from '../../i18n/i18n.ts';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { EventRow } from './event.table.ts';
import type { FollowUpNotes, Material } from './event-follow-up.ts';

/** Rows of the materials form: those saved, and empty ones up to this many. */
const materialRows = 5;

export interface AfterEventData {
  materials: Material[];
  notes: FollowUpNotes;
  audience: { attended: number; noShow: number; unknown: number };
  notice?: string;
  error?: string;
  now: string;
}

/**
 * After the event: its materials (links now; files once the resource library holds them), the notes staff add to
 * the follow-ups, and the button that sends them once: thanks to those who came, another message to those who did not.
 */
export function AfterEventSection({ ctx, event, data }: { ctx: PageContext; event: EventRow; data: AfterEventData }) {
  const { t, locale } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const n = (value: number) => formatNumber(locale, value);
  const rows = [...data.materials, ...Array.from({ length: Math.max(0, materialRows - data.materials.length) }, () => ({ label: '', url: '' }))];
  const ended = data.now >= event.ends_at;
  return (
    <section aria-labelledby="after-heading">
      <h2 id="after-heading">{t('events.after.title')}</h2>
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
      {!canEdit &&
        (data.materials.length === 0 ? (
          <p>—</p>
        ) : (
          <ul>
            {data.materials.map((m) => (
              <li key={m.url}>
                <a href={m.url} rel="noopener noreferrer">
                  {m.label}
                </a>
              </li>
            ))}
          </ul>
        ))}
      {canEdit && (
        <form method="post" action={ctx.href(`/admin/events/${event.id}/materials`)} class="form form--wide">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('events.after.materials')}</legend>
            <p class="hint">{t('events.after.materialsHint')}</p>
            {rows.map((m, i) => (
              <div key={i} class="material-row">
                <label for={`material-label-${i}`}>{t('events.after.label', { number: i + 1 })}</label>
                <input id={`material-label-${i}`} name={`materials.${i}.label`} type="text" maxLength={200} value={m.label} dir="auto" />
                <label for={`material-url-${i}`}>{t('events.after.url', { number: i + 1 })}</label>
                <input id={`material-url-${i}`} name={`materials.${i}.url`} type="text" inputMode="url" maxLength={2000} value={m.url} dir="ltr" />
              </div>
            ))}
          </fieldset>
          {(['attended', 'noShow'] as const).map((audience) => (
            <details key={audience}>
              <summary>{audience === 'attended' ? t('events.after.noteAttended') : t('events.after.noteNoShow')}</summary>
              {locales.map((l) => (
                <div key={l}>
                  <label for={`note-${audience}-${l}`}>{autonym(l)}</label>
                  <textarea id={`note-${audience}-${l}`} name={`notes.${audience}.${l}`} rows={3} maxLength={5000} lang={l} dir={directionOf(l)}>
                    {data.notes[audience][l] ?? ''}
                  </textarea>
                </div>
              ))}
            </details>
          ))}
          <button type="submit" class="button">
            {t('events.after.save')}
          </button>
        </form>
      )}
      <p>{t('events.after.audience', { attended: n(data.audience.attended), noShow: n(data.audience.noShow), unknown: n(data.audience.unknown) })}</p>
      {event.follow_up_sent_at ? (
        <p>{t('events.after.sentAt', { at: formatTimestamp(locale, event.follow_up_sent_at) })}</p>
      ) : (
        canEdit &&
        (ended ? (
          <form method="post" action={ctx.href(`/admin/events/${event.id}/follow-up`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="button">
              {t('events.after.send')}
            </button>
          </form>
        ) : (
          <p class="muted">{t('events.after.notYet')}</p>
        ))
      )}
    </section>
  );
}
