import { AppError } from '../../errors/app-error.ts';
import { type Locale, translator } from '../../i18n/i18n.ts';
import { formatDate, formatDateRange } from '../../views/format.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { createUpdate, type UpdateDeps } from '../site/update.service.ts';
import type { UpdateRow } from '../site/update.table.ts';
import * as repo from './engagement.repository.ts';
import type { EngagementRow } from './engagement.table.ts';

/**
 * The texts a draft update starts from: the title, the dates and the place, in one language. Only what a public
 * engagement shows anyway: never its notes, counterparts, follow-ups or owner.
 */
export function updateTextsOf(row: EngagementRow, locale: Locale): { title: string; summary: string; body: string } {
  const t = translator(locale);
  const dates =
    row.ongoing === 1 ? t('engagements.since', { date: formatDate(locale, row.start_date) }) : formatDateRange(locale, row.start_date, row.end_date, 'day');
  const place = row.place || (row.online === 1 ? t('engagements.field.online') : '');
  const kind = t(`engagementKind.${row.kind}`);
  return {
    title: row.title,
    summary: place ? t('engagements.toUpdate.summaryPlace', { dates, place }) : t('engagements.toUpdate.summary', { dates }),
    body: place
      ? t('engagements.toUpdate.bodyPlace', { kind, title: row.title, dates, place })
      : t('engagements.toUpdate.body', { kind, title: row.title, dates }),
  };
}

/**
 * Starts a draft update of the site from a public engagement (`engagement_not_public` otherwise), in `locale`, for
 * an editor to finish and publish; audited on the engagement as `engagement.update_drafted`.
 */
export async function draftUpdateFromEngagement(deps: UpdateDeps, actor: Actor, id: number, locale: Locale): Promise<UpdateRow> {
  const [row, network] = await Promise.all([repo.findEngagement(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  if (row.confidentiality !== 'public') throw new AppError('engagement_not_public', { confidentiality: row.confidentiality });
  const texts = updateTextsOf(row, locale);
  const update = await createUpdate(deps, actor, { status: 'draft', sourceLocale: locale, versions: { [locale]: texts } });
  await recordAudit(deps, actor, 'engagement.update_drafted', `engagement:${row.id}`, { updateId: update.id });
  return update;
}
