import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { searchable } from '../members/member-record.ts';
import { checkVersions, type VersionFields, versionsShape } from '../resources/resource-input.ts';
import { requireNetwork } from './site.service.ts';
import * as repo from './update.repository.ts';
import type { UpdateRevisionRow, UpdateRow, UpdateVersionRow } from './update.table.ts';

export type UpdateDeps = Pick<AppDeps, 'db' | 'clock'>;

/** An update as a revision keeps it and as staff write it. */
export interface UpdateState {
  status: 'draft' | 'published';
  /** When it is (or was) public, ISO; null for a draft with no time chosen. */
  publishAt: string | null;
  pinned: boolean;
  sourceLocale: Locale;
  versions: Partial<Record<Locale, VersionFields>>;
}

export interface UpdateView {
  row: UpdateRow;
  versions: Partial<Record<Locale, UpdateVersionRow>>;
}

// A time as a datetime-local field sends it ("2026-10-21T09:30", UTC) or in full ISO form.
const moment = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/)
  .transform((s) => new Date(/Z|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`))
  .refine((d) => !Number.isNaN(d.getTime()));

const inputShape = z.strictObject({
  status: z.enum(['draft', 'published']),
  publishAt: moment.or(z.literal('')).nullable().optional(),
  pinned: z.boolean().optional(),
  sourceLocale: z.enum(locales).optional(),
  versions: versionsShape,
});

/** Checks an update as staff write it; `invalid_input` names the field, `update_title_required` when no locale has a title. */
export function checkUpdateInput(input: unknown): Omit<UpdateState, 'publishAt'> & { publishAt: Date | null } {
  const parsed = inputShape.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
    throw new AppError('invalid_input', { field: path.map(String).join('.') || 'body' });
  }
  try {
    const { versions, sourceLocale } = checkVersions(parsed.data.versions, parsed.data.sourceLocale);
    return { status: parsed.data.status, publishAt: parsed.data.publishAt || null, pinned: parsed.data.pinned ?? false, sourceLocale, versions };
  } catch (error) {
    if (isAppError(error, 'resource_title_required')) throw new AppError('update_title_required');
    throw error;
  }
}

async function viewsOf(deps: UpdateDeps, rows: UpdateRow[]): Promise<UpdateView[]> {
  const versions = await repo.listUpdateVersions(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, versions: Object.fromEntries(versions.filter((v) => v.update_id === row.id).map((v) => [v.locale, v])) }));
}

async function rowOf(deps: UpdateDeps, id: number): Promise<UpdateRow> {
  const [row, network] = await Promise.all([repo.findUpdate(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** One update with its versions, or `not_found`. */
export async function getUpdate(deps: UpdateDeps, id: number): Promise<UpdateView> {
  const [view] = await viewsOf(deps, [await rowOf(deps, id)]);
  return view as UpdateView;
}

/** The state an update is saved in: a published one without a time is public from now (or keeps its past time). */
function stateOf(fields: ReturnType<typeof checkUpdateInput>, before: UpdateRow | null, now: Date): UpdateState {
  const kept = before?.publish_at && before.publish_at <= now.toISOString() ? before.publish_at : null;
  const publishAt = fields.publishAt ? fields.publishAt.toISOString() : fields.status === 'published' ? (kept ?? now.toISOString()) : null;
  return { status: fields.status, publishAt, pinned: fields.pinned, sourceLocale: fields.sourceLocale, versions: fields.versions };
}

/** Writes a state over an update (or a new one), with a revision of it; `update_slug_taken` before anything is written. */
async function save(deps: UpdateDeps, actor: Actor, id: number | null, state: UpdateState): Promise<UpdateRow> {
  const network = await requireNetwork(deps);
  for (const [locale, v] of Object.entries(state.versions)) {
    if (v && (await repo.updateSlugOwner(deps.db, locale, v.slug, id ?? undefined)) !== null) throw new AppError('update_slug_taken', { slug: v.slug, locale });
  }
  const now = deps.clock.now().toISOString();
  const columns = { status: state.status, publish_at: state.publishAt, pinned: state.pinned ? 1 : 0, source_locale: state.sourceLocale, updated_at: now };
  const versions = Object.entries(state.versions).map(([locale, v]) => ({
    locale,
    ...v,
    search_text: searchable(v.title, v.summary, v.body),
    updated_at: now,
  }));
  return deps.db.transaction().execute(async (trx) => {
    let row: UpdateRow;
    if (id === null) row = await repo.insertUpdate(trx, { ...columns, network_id: network.id, created_by: actor.label, created_at: now });
    else {
      await repo.updateUpdate(trx, id, columns);
      row = (await repo.findUpdate(trx, id)) as UpdateRow;
    }
    await repo.replaceUpdateVersions(trx, row.id, versions);
    await repo.insertRevision(trx, { update_id: row.id, at: now, actor_label: actor.label, state: JSON.stringify(state) });
    return row;
  });
}

/** Adds an update (a draft, published now, or scheduled) with its first revision; audited. */
export async function createUpdate(deps: UpdateDeps, actor: Actor, input: unknown): Promise<UpdateRow> {
  const state = stateOf(checkUpdateInput(input), null, deps.clock.now());
  const row = await save(deps, actor, null, state);
  await recordAudit(deps, actor, 'update.created', `update:${row.id}`, {
    status: state.status,
    publishAt: state.publishAt,
    locales: Object.keys(state.versions),
  });
  return row;
}

/** Saves a new state of an update, kept as a revision; audited. */
export async function editUpdate(deps: UpdateDeps, actor: Actor, id: number, input: unknown): Promise<void> {
  const before = await rowOf(deps, id);
  const state = stateOf(checkUpdateInput(input), before, deps.clock.now());
  await save(deps, actor, id, state);
  await recordAudit(deps, actor, 'update.updated', `update:${id}`, { status: state.status, publishAt: state.publishAt, pinned: state.pinned });
}

/** An update's revisions, the newest first, each with who saved it and when. */
export async function revisionsOf(deps: UpdateDeps, id: number): Promise<(UpdateRevisionRow & { parsed: UpdateState })[]> {
  await rowOf(deps, id);
  return (await repo.listRevisions(deps.db, id)).map((r) => ({ ...r, parsed: JSON.parse(r.state) as UpdateState }));
}

/** Brings back an earlier revision as the update's new state (a new revision itself); audited. */
export async function restoreRevision(deps: UpdateDeps, actor: Actor, id: number, revisionId: number): Promise<void> {
  await rowOf(deps, id);
  const revision = await repo.findRevision(deps.db, id, revisionId);
  if (!revision) throw new AppError('not_found');
  await save(deps, actor, id, JSON.parse(revision.state) as UpdateState);
  await recordAudit(deps, actor, 'update.restored', `update:${id}`, { revision: revisionId });
}

/** Deletes an update with its versions and revisions; the audit log keeps its titles. */
export async function deleteUpdate(deps: UpdateDeps, actor: Actor, id: number): Promise<void> {
  const view = await getUpdate(deps, id);
  await repo.deleteUpdate(deps.db, id);
  await recordAudit(deps, actor, 'update.deleted', `update:${id}`, {
    titles: Object.fromEntries(Object.entries(view.versions).map(([l, v]) => [l, v?.title])),
  });
}

/** Every update for staff, the latest change first. */
export async function updatesForStaff(deps: UpdateDeps, page: { limit: number; offset: number }): Promise<UpdateView[]> {
  const network = await requireNetwork(deps);
  return viewsOf(deps, await repo.listUpdatesForStaff(deps.db, network.id, page));
}

// ---------------------------------------------------------------------------------------------
// The public side: published updates whose time has come, each in the reader's language or the fallback.

export interface PublicUpdate {
  view: UpdateView;
  shown: UpdateVersionRow;
  fallback: boolean;
}

function pick(view: UpdateView, locale: Locale, defaultLocale: Locale): PublicUpdate {
  const own = view.versions[locale];
  if (own) return { view, shown: own, fallback: false };
  const shown = view.versions[defaultLocale] ?? view.versions[view.row.source_locale as Locale] ?? (Object.values(view.versions)[0] as UpdateVersionRow);
  return { view, shown, fallback: true };
}

const defaultOf = (network: { default_locale: string }): Locale => (isLocale(network.default_locale) ? network.default_locale : 'en');

/** Public updates, the newest first (`pinned`: only those pinned to the home page). */
export async function publicUpdates(
  deps: UpdateDeps,
  locale: Locale,
  page: { limit: number; offset: number; pinned?: boolean },
): Promise<{ items: PublicUpdate[]; more: boolean }> {
  const network = await requireNetwork(deps);
  const rows = await repo.listPublicUpdates(deps.db, network.id, deps.clock.now().toISOString(), { ...page, limit: page.limit + 1 });
  const views = await viewsOf(deps, rows.slice(0, page.limit));
  return { items: views.map((v) => pick(v, locale, defaultOf(network))), more: rows.length > page.limit };
}

/** The public ones among `ids` for a reader of `locale`, in the order of `ids` (search results). */
export async function publicUpdatesByIds(deps: UpdateDeps, ids: number[], locale: Locale): Promise<PublicUpdate[]> {
  if (ids.length === 0) return [];
  const network = await requireNetwork(deps);
  const now = deps.clock.now().toISOString();
  const rows = await deps.db
    .selectFrom('updates')
    .selectAll()
    .where('network_id', '=', network.id)
    .where('status', '=', 'published')
    .where('publish_at', '<=', now)
    .where('id', 'in', ids)
    .execute();
  const views = await viewsOf(deps, rows);
  const byId = new Map(views.map((v) => [v.row.id, pick(v, locale, defaultOf(network))]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The public update a URL names (its slug in any locale, or its id); `canonicalSlug` when it should move. */
export async function publicUpdate(deps: UpdateDeps, locale: Locale, slugOrId: string): Promise<PublicUpdate & { canonicalSlug: string | null }> {
  const network = await requireNetwork(deps);
  const slug = slugOrId.normalize('NFKC').toLocaleLowerCase('und');
  let id = await repo.updateSlugOwner(deps.db, locale, slug);
  if (id === null) id = (await repo.updatesWithSlug(deps.db, slug))[0] ?? null;
  if (id === null && /^[1-9][0-9]{0,9}$/.test(slugOrId)) id = Number(slugOrId);
  const row = id !== null && id <= 2_147_483_647 ? await repo.findUpdate(deps.db, id) : undefined;
  const now = deps.clock.now().toISOString();
  if (!row || row.network_id !== network.id || row.status !== 'published' || !row.publish_at || row.publish_at > now) throw new AppError('not_found');
  const [view] = (await viewsOf(deps, [row])) as [UpdateView];
  const own = view.versions[locale];
  return { ...pick(view, locale, defaultOf(network)), canonicalSlug: own && own.slug !== slugOrId ? own.slug : null };
}
