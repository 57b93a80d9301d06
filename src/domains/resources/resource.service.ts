import path from 'node:path';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { ensureTopic, listTopics } from '../engagements/engagement.repository.ts';
import type { TopicRow } from '../engagements/engagement.table.ts';
import { nameKey } from '../engagements/engagement-input.ts';
import { searchable } from '../members/member-record.ts';
import { requireNetwork } from '../site/site.service.ts';
import { diskFileStorage, type FileStorage } from './file-storage.ts';
import * as repo from './resource.repository.ts';
import type { ResourceKind, ResourceRow, ResourceStatus, ResourceVersionRow } from './resource.table.ts';
import { type ResourceFileType, resourceFileTypes, sniffResourceFileType } from './resource-file-type.ts';
import { checkResourceInput, type ResourceFields } from './resource-input.ts';

export type ResourceDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

/** A file as it arrived: the name the browser gave (shown, never trusted for the type) and the bytes. */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** A resource with its versions by locale and its topics. */
export interface ResourceView {
  row: ResourceRow;
  versions: Partial<Record<Locale, ResourceVersionRow>>;
  topics: { id: number; name: string }[];
}

/** The storage of the network's resource files: DATA_DIR/resources. */
export function resourceFiles(deps: Pick<AppDeps, 'config'>): FileStorage {
  return diskFileStorage(path.join(deps.config.dataDir, 'resources'));
}

/** A file name fit to show and to name a download: one line, no path, at most 200 characters. */
function displayName(name: string, type: ResourceFileType): string {
  const base = cleanLine(name.split(/[\\/]/).pop() ?? '').slice(0, 200);
  return base || `resource.${type.extension}`;
}

/** Checks an upload before anything is stored: its size against the limit, its type by its bytes. */
export function checkUpload(deps: Pick<AppDeps, 'config'>, file: UploadedFile): { type: ResourceFileType; name: string } {
  const limit = deps.config.resourceFileLimitBytes;
  if (file.bytes.length > limit) throw new AppError('resource_file_too_large', { megabytes: Math.floor(limit / 1_048_576) || 1 });
  const type = sniffResourceFileType(file.bytes);
  if (!type) throw new AppError('resource_file_type', { name: cleanLine(file.name).slice(0, 100) });
  return { type, name: displayName(file.name, type) };
}

async function viewsOf(deps: ResourceDeps, rows: ResourceRow[]): Promise<ResourceView[]> {
  const ids = rows.map((r) => r.id);
  const [versions, topics] = await Promise.all([repo.listVersions(deps.db, ids), repo.listResourceTopics(deps.db, ids)]);
  return rows.map((row) => ({
    row,
    versions: Object.fromEntries(versions.filter((v) => v.resource_id === row.id).map((v) => [v.locale, v])),
    topics: topics.filter((t) => t.resource_id === row.id).map(({ id, name }) => ({ id, name })),
  }));
}

async function rowOf(deps: ResourceDeps, id: number): Promise<ResourceRow> {
  const [row, network] = await Promise.all([repo.findResource(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** One resource of the current network with its versions and topics, or `not_found`. */
export async function getResource(deps: ResourceDeps, id: number): Promise<ResourceView> {
  const [view] = await viewsOf(deps, [await rowOf(deps, id)]);
  return view as ResourceView;
}

/** Refuses a slug another resource already holds in the same locale (`resource_slug_taken`, naming it and the language). */
async function checkSlugsFree(deps: ResourceDeps, fields: ResourceFields, exceptId?: number): Promise<void> {
  for (const [locale, v] of Object.entries(fields.versions)) {
    if (v && (await repo.slugOwner(deps.db, locale, v.slug, exceptId)) !== null) throw new AppError('resource_slug_taken', { slug: v.slug, locale });
  }
}

function versionRows(fields: ResourceFields, now: string) {
  return Object.entries(fields.versions).map(([locale, v]) => ({
    locale,
    slug: v.slug,
    title: v.title,
    summary: v.summary,
    body: v.body,
    search_text: searchable(v.title, v.summary, v.body),
    updated_at: now,
  }));
}

async function topicIds(trx: Parameters<typeof repo.replaceTopics>[0], networkId: number, names: string[], now: string): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) ids.push((await ensureTopic(trx, { networkId, name, nameKey: nameKey(name) }, now)).id);
  return [...new Set(ids)];
}

/** The columns of a stored file, or null ones for none. */
function fileColumns(file: { key: string; name: string; type: ResourceFileType; size: number } | null) {
  return {
    file_key: file?.key ?? null,
    file_name: file?.name ?? null,
    file_type: file?.type.mime ?? null,
    file_size: file?.size ?? null,
  };
}

/**
 * Stores a checked upload, runs `write` with it, and takes the bytes back out when `write` fails, so a refused
 * or failed save leaves neither a row nor a file behind.
 */
async function withStoredFile<T>(
  deps: ResourceDeps,
  upload: UploadedFile | null,
  write: (file: { key: string; name: string; type: ResourceFileType; size: number } | null) => Promise<T>,
): Promise<T> {
  if (!upload) return write(null);
  const checked = checkUpload(deps, upload);
  const storage = resourceFiles(deps);
  const key = await storage.put(upload.bytes);
  try {
    return await write({ key, name: checked.name, type: checked.type, size: upload.bytes.length });
  } catch (error) {
    await storage.remove(key);
    throw error;
  }
}

/** Adds a resource (its versions, topics and file, if any) and records it in the audit log. */
export async function createResource(deps: ResourceDeps, actor: Actor, input: unknown, upload: UploadedFile | null = null): Promise<ResourceRow> {
  const fields = checkResourceInput(input);
  if (upload) checkUpload(deps, upload);
  const network = await requireNetwork(deps);
  await checkSlugsFree(deps, fields);
  const now = deps.clock.now().toISOString();
  const row = await withStoredFile(deps, upload, (file) =>
    deps.db.transaction().execute(async (trx) => {
      const inserted = await repo.insertResource(trx, {
        network_id: network.id,
        kind: fields.kind,
        status: fields.status,
        source_locale: fields.sourceLocale,
        external_url: fields.externalUrl,
        ...fileColumns(file),
        submitted_to: fields.submittedTo,
        submitted_on: fields.submittedOn,
        published_at: fields.status === 'published' ? now : null,
        created_by: actor.label,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceVersions(trx, inserted.id, versionRows(fields, now));
      await repo.replaceTopics(trx, inserted.id, await topicIds(trx, network.id, fields.topics, now));
      return inserted;
    }),
  );
  await recordAudit(deps, actor, 'resource.created', `resource:${row.id}`, {
    kind: row.kind,
    status: row.status,
    locales: Object.keys(fields.versions),
    file: row.file_name,
  });
  return row;
}

/**
 * Replaces a resource's fields and versions with `input` (a locale left out loses its version). A new upload
 * replaces the file; `removeFile` drops it. The old file's bytes go only once the new state is saved.
 */
export async function updateResource(
  deps: ResourceDeps,
  actor: Actor,
  id: number,
  input: unknown,
  options: { upload?: UploadedFile | null; removeFile?: boolean } = {},
): Promise<ResourceRow> {
  const before = await rowOf(deps, id);
  const fields = checkResourceInput(input);
  const upload = options.upload ?? null;
  if (upload) checkUpload(deps, upload);
  await checkSlugsFree(deps, fields, id);
  const now = deps.clock.now().toISOString();
  const dropsFile = upload !== null || options.removeFile === true;
  await withStoredFile(deps, upload, (file) =>
    deps.db.transaction().execute(async (trx) => {
      await repo.updateResource(trx, id, {
        kind: fields.kind,
        status: fields.status,
        source_locale: fields.sourceLocale,
        external_url: fields.externalUrl,
        ...(dropsFile ? fileColumns(file) : {}),
        submitted_to: fields.submittedTo,
        submitted_on: fields.submittedOn,
        published_at: before.published_at ?? (fields.status === 'published' ? now : null),
        updated_at: now,
      });
      await repo.replaceVersions(trx, id, versionRows(fields, now));
      await repo.replaceTopics(trx, id, await topicIds(trx, before.network_id, fields.topics, now));
    }),
  );
  if (dropsFile && before.file_key) await resourceFiles(deps).remove(before.file_key);
  const after = (await repo.findResource(deps.db, id)) as ResourceRow;
  await recordAudit(deps, actor, 'resource.updated', `resource:${id}`, {
    status: before.status === after.status ? undefined : { from: before.status, to: after.status },
    locales: Object.keys(fields.versions),
    file: dropsFile ? { from: before.file_name, to: after.file_name } : undefined,
  });
  return after;
}

/** Publishes or unpublishes a resource (audited as `resource.published` / `resource.unpublished`). */
export async function setResourceStatus(deps: ResourceDeps, actor: Actor, id: number, status: ResourceStatus): Promise<void> {
  const before = await rowOf(deps, id);
  if (before.status === status) return;
  const now = deps.clock.now().toISOString();
  await repo.updateResource(deps.db, id, { status, updated_at: now, published_at: before.published_at ?? (status === 'published' ? now : null) });
  await recordAudit(deps, actor, status === 'published' ? 'resource.published' : 'resource.unpublished', `resource:${id}`);
}

/** Deletes a resource, its versions and its file; the audit log keeps its titles. */
export async function deleteResource(deps: ResourceDeps, actor: Actor, id: number): Promise<void> {
  const view = await getResource(deps, id);
  await repo.deleteResource(deps.db, id);
  if (view.row.file_key) await resourceFiles(deps).remove(view.row.file_key);
  const titles = Object.fromEntries(Object.entries(view.versions).map(([l, v]) => [l, v?.title]));
  await recordAudit(deps, actor, 'resource.deleted', `resource:${id}`, { kind: view.row.kind, titles });
}

/** A page of the library for staff (every status), newest change first; `more` says whether a next page exists. */
export async function listResourcesForStaff(
  deps: ResourceDeps,
  filters: { kind?: ResourceKind; status?: ResourceStatus; topicId?: number; q?: string },
  page: { limit: number; offset: number },
): Promise<{ views: ResourceView[]; more: boolean }> {
  const network = await requireNetwork(deps);
  const text = filters.q ? searchable(cleanLine(filters.q)) : undefined;
  const rows = await repo.listResources(deps.db, network.id, { ...filters, text }, { limit: page.limit + 1, offset: page.offset });
  return { views: await viewsOf(deps, rows.slice(0, page.limit)), more: rows.length > page.limit };
}

/** The topics a form or filter offers. */
export async function topicChoices(deps: ResourceDeps): Promise<TopicRow[]> {
  return listTopics(deps.db, (await requireNetwork(deps)).id);
}

// ---------------------------------------------------------------------------------------------
// The public library: published resources only, each in the reader's language or the fallback.

/** A published resource as a reader of `locale` gets it: the version shown and whether it is a fallback. */
export interface PublicResource {
  view: ResourceView;
  shown: ResourceVersionRow;
  /** True when the reader's language has no version and another one is shown. */
  fallback: boolean;
}

/** The version a reader of `locale` reads: theirs, else the network's default language's, else the source's. */
export function versionFor(view: ResourceView, locale: Locale, defaultLocale: Locale): { shown: ResourceVersionRow; fallback: boolean } {
  const own = view.versions[locale];
  if (own) return { shown: own, fallback: false };
  const shown = view.versions[defaultLocale] ?? view.versions[view.row.source_locale as Locale] ?? (Object.values(view.versions)[0] as ResourceVersionRow);
  return { shown, fallback: true };
}

/** The locales a resource really is in, in the site's order (for hreflang alternates and the switcher). */
export function translatedLocales(view: ResourceView): Locale[] {
  return locales.filter((l) => view.versions[l]);
}

function defaultLocaleOf(network: { default_locale: string }): Locale {
  return isLocale(network.default_locale) ? network.default_locale : 'en';
}

/** Published resources for the public list, newest first, in the reader's language where there is a version. */
export async function publishedResources(
  deps: ResourceDeps,
  locale: Locale,
  filters: { kind?: ResourceKind; topicId?: number },
  page: { limit: number; offset: number },
): Promise<{ items: PublicResource[]; more: boolean }> {
  const network = await requireNetwork(deps);
  const rows = await repo.listResources(deps.db, network.id, { ...filters, status: 'published' }, { limit: page.limit + 1, offset: page.offset });
  const views = await viewsOf(deps, rows.slice(0, page.limit));
  const fallbackLocale = defaultLocaleOf(network);
  return { items: views.map((view) => ({ view, ...versionFor(view, locale, fallbackLocale) })), more: rows.length > page.limit };
}

/**
 * The published resource a public URL names, by its slug in `locale`, by its slug in another locale (a link
 * copied from another language) or by its id. `canonicalSlug` is the slug the page should be at in `locale`
 * when the URL used another one (the route redirects there).
 */
export async function publishedResource(deps: ResourceDeps, locale: Locale, slugOrId: string): Promise<PublicResource & { canonicalSlug: string | null }> {
  const network = await requireNetwork(deps);
  const slug = slugOrId.normalize('NFKC').toLocaleLowerCase('und');
  let id = await repo.slugOwner(deps.db, locale, slug);
  if (id === null) id = (await repo.resourcesWithSlug(deps.db, slug))[0] ?? null;
  if (id === null && /^[1-9][0-9]{0,9}$/.test(slugOrId)) id = Number(slugOrId);
  const row = id !== null && id <= 2_147_483_647 ? await repo.findResource(deps.db, id) : undefined;
  if (!row || row.network_id !== network.id || row.status !== 'published') throw new AppError('not_found');
  const [view] = (await viewsOf(deps, [row])) as [ResourceView];
  const chosen = versionFor(view, locale, defaultLocaleOf(network));
  const own = view.versions[locale];
  return { view, ...chosen, canonicalSlug: own && own.slug !== slugOrId ? own.slug : null };
}

/** The published ones among `ids`, for a reader of `locale` (a milestone's links on the home page). */
export async function publishedResourcesByIds(deps: ResourceDeps, ids: number[], locale: Locale): Promise<Map<number, PublicResource>> {
  if (ids.length === 0) return new Map();
  const network = await requireNetwork(deps);
  const rows = await deps.db
    .selectFrom('resources')
    .selectAll()
    .where('network_id', '=', network.id)
    .where('status', '=', 'published')
    .where('id', 'in', ids)
    .execute();
  const fallbackLocale = defaultLocaleOf(network);
  return new Map((await viewsOf(deps, rows)).map((view) => [view.row.id, { view, ...versionFor(view, locale, fallbackLocale) }]));
}

/** The file of a published resource: its bytes, its type (read from its bytes when it was uploaded) and its name. */
export async function publishedResourceFile(
  deps: ResourceDeps,
  locale: Locale,
  slugOrId: string,
): Promise<{ bytes: Buffer; type: ResourceFileType; name: string }> {
  const { view } = await publishedResource(deps, locale, slugOrId);
  return resourceFile(deps, view.row);
}

/** A resource's stored file (staff may download a draft's), or `not_found`. */
export async function resourceFile(deps: ResourceDeps, row: ResourceRow): Promise<{ bytes: Buffer; type: ResourceFileType; name: string }> {
  const type = row.file_type ? resourceFileTypes.get(row.file_type) : undefined;
  if (!row.file_key || !type) throw new AppError('not_found');
  const bytes = await resourceFiles(deps).get(row.file_key);
  if (!bytes) throw new AppError('not_found');
  return { bytes, type, name: row.file_name ?? `resource.${type.extension}` };
}
