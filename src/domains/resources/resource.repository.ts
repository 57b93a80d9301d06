import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import { containsAny } from '../../db/text-match.ts';
import type { ResourceKind, ResourceRow, ResourceStatus, ResourceTable, ResourceVersionRow, ResourceVersionTable } from './resource.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

export type ResourceValues = Omit<ResourceTable, 'id'>;

/** The filters of the resource lists (admin and public). */
export interface ResourceFilters {
  kind?: ResourceKind;
  status?: ResourceStatus;
  topicId?: number;
  /** Folded text (members' `searchable`) found in any version's title, summary or body. */
  text?: string;
}

export function findResource(db: Executor, id: number): Promise<ResourceRow | undefined> {
  return db.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertResource(db: Executor, values: ResourceValues): Promise<ResourceRow> {
  return db.insertInto('resources').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateResource(db: Executor, id: number, changes: Partial<ResourceValues>): Promise<void> {
  await db.updateTable('resources').set(changes).where('id', '=', id).execute();
}

export async function deleteResource(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('resources').where('id', '=', id).execute();
}

/** Replaces every version of a resource with the ones given. */
export async function replaceVersions(db: Executor, resourceId: number, versions: Omit<ResourceVersionTable, 'resource_id'>[]): Promise<void> {
  await db.deleteFrom('resource_versions').where('resource_id', '=', resourceId).execute();
  if (versions.length)
    await db
      .insertInto('resource_versions')
      .values(versions.map((v) => ({ ...v, resource_id: resourceId })))
      .execute();
}

export function listVersions(db: Executor, resourceIds: number[]): Promise<ResourceVersionRow[]> {
  if (resourceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('resource_versions').selectAll().where('resource_id', 'in', resourceIds).execute();
}

/** The resource that holds `slug` in `locale`, if any (another than `exceptId`). */
export async function slugOwner(db: Executor, locale: string, slug: string, exceptId?: number): Promise<number | null> {
  let query = db.selectFrom('resource_versions').select('resource_id').where('locale', '=', locale).where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('resource_id', '!=', exceptId);
  return (await query.executeTakeFirst())?.resource_id ?? null;
}

/** The resources that hold `slug` in any locale (a link copied from another language). */
export async function resourcesWithSlug(db: Executor, slug: string): Promise<number[]> {
  const rows = await db.selectFrom('resource_versions').select('resource_id').where('slug', '=', slug).execute();
  return [...new Set(rows.map((r) => r.resource_id))];
}

/** Resources of a network matching the filters, `limit` from `offset`. */
export function listResources(db: Executor, networkId: number, filters: ResourceFilters, page: { limit: number; offset: number }): Promise<ResourceRow[]> {
  let query = db.selectFrom('resources').selectAll('resources').where('resources.network_id', '=', networkId);
  if (filters.kind) query = query.where('resources.kind', '=', filters.kind);
  if (filters.status) query = query.where('resources.status', '=', filters.status);
  if (filters.topicId !== undefined) {
    const topicId = filters.topicId;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('resource_topics').select('resource_id').whereRef('resource_topics.resource_id', '=', 'resources.id').where('topic_id', '=', topicId),
      ),
    );
  }
  if (filters.text) {
    const text = filters.text;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('resource_versions')
          .select('resource_id')
          .whereRef('resource_versions.resource_id', '=', 'resources.id')
          .where(containsAny('resource_versions.search_text', [text])),
      ),
    );
  }
  // The public list is by publication, the newest first; staff see the latest change first.
  const by = filters.status === 'published' ? 'resources.published_at' : 'resources.updated_at';
  return query.orderBy(by, 'desc').orderBy('resources.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function replaceTopics(db: Executor, resourceId: number, topicIds: number[]): Promise<void> {
  await db.deleteFrom('resource_topics').where('resource_id', '=', resourceId).execute();
  if (topicIds.length)
    await db
      .insertInto('resource_topics')
      .values(topicIds.map((topic_id) => ({ resource_id: resourceId, topic_id })))
      .execute();
}

/** The topics of each resource, by name. */
export function listResourceTopics(db: Executor, resourceIds: number[]): Promise<{ resource_id: number; id: number; name: string }[]> {
  if (resourceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('resource_topics')
    .innerJoin('topics', 'topics.id', 'resource_topics.topic_id')
    .select(['resource_topics.resource_id', 'topics.id', 'topics.name'])
    .where('resource_topics.resource_id', 'in', resourceIds)
    .orderBy('topics.name')
    .execute();
}

/** Links a resource to milestones of the timeline (the milestones' own form replaces its links). */
export async function linkMilestones(db: Executor, resourceId: number, milestoneIds: number[]): Promise<void> {
  if (milestoneIds.length)
    await db
      .insertInto('milestone_resources')
      .values(milestoneIds.map((milestone_id) => ({ milestone_id, resource_id: resourceId })))
      .execute();
}

export async function countResources(db: Executor, networkId: number): Promise<number> {
  const row = await db
    .selectFrom('resources')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('network_id', '=', networkId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
