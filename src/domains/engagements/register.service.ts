import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { listStaff } from '../auth/auth.repository.ts';
import { requireNetwork } from '../site/site.service.ts';
import { ensureTopic } from './engagement.repository.ts';
import { nameKey } from './engagement-input.ts';
import * as repo from './register.repository.ts';
import { type RegisterItemChangeRow, type RegisterKind, registerKinds, scaleMax, type Trend, trends } from './register.table.ts';

export type RegisterDeps = Pick<AppDeps, 'db' | 'clock'>;

/** An item as it stands (now, or at a moment of its history). */
export interface RegisterItemState {
  topic: string;
  kind: RegisterKind;
  /** The statement by locale; at least one. */
  statement: Partial<Record<Locale, string>>;
  likelihood: number;
  impact: number;
  trend: Trend;
  ownerStaffId: number | null;
  actions: string;
  engagementIds: number[];
}

export interface RegisterItemView extends RegisterItemState {
  id: number;
  ownerName: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One change of an item, as its history shows it. */
export interface RegisterChange {
  at: string;
  actor: string;
  reason: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  state: RegisterItemState;
}

export interface RegisterTopic {
  name: string;
  risks: RegisterItemView[];
  opportunities: RegisterItemView[];
}

const id = z.number().int().positive().max(2_147_483_647);
const scale = z.number().int().min(1).max(scaleMax);
const fieldShape = {
  topic: z.string().transform(cleanLine).pipe(z.string().min(1).max(200)),
  kind: z.enum(registerKinds),
  // An empty statement removes that language's; at least one must remain (checked on the whole item).
  statement: z.partialRecord(z.enum(locales), z.string().transform(cleanLine).pipe(z.string().max(1000))),
  likelihood: scale,
  impact: scale,
  trend: z.enum(trends),
  ownerStaffId: id.nullable(),
  actions: z.string().transform(cleanMultiline).pipe(z.string().max(5000)),
  engagementIds: z.array(id).max(200),
};
const reason = z.string().transform(cleanLine).pipe(z.string().max(500));
const createSchema = z.strictObject({ ...fieldShape, reason: reason.optional() }).partial();
const patchSchema = z.strictObject({ ...fieldShape, reason: z.string() }).partial();

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : (issue?.path ?? []);
  throw new AppError('invalid_input', { field: path.join('.') || 'body' });
}

/** Laid over the stored statement: a language given replaces its text, an empty one removes it. */
function mergeStatement(stored: RegisterItemState['statement'], given: RegisterItemState['statement'] | undefined) {
  const merged: RegisterItemState['statement'] = { ...stored };
  for (const [locale, text] of Object.entries(given ?? {}) as [Locale, string][]) {
    if (text) merged[locale] = text;
    else delete merged[locale];
  }
  return merged;
}

/** The item's text in the reader's language, else English, else the first it has. */
export function statementIn(statement: RegisterItemState['statement'], locale: Locale): string {
  return statement[locale] ?? statement.en ?? Object.values(statement)[0] ?? '';
}

async function checkState(deps: RegisterDeps, networkId: number, state: RegisterItemState): Promise<void> {
  if (Object.keys(state.statement).length === 0) throw new AppError('invalid_input', { field: 'statement' });
  if (state.ownerStaffId !== null && !(await listStaff(deps.db)).some((s) => s.id === state.ownerStaffId))
    throw new AppError('invalid_input', { field: 'ownerStaffId' });
  const engagementIds = [...new Set(state.engagementIds)];
  if ((await repo.countNetworkEngagements(deps.db, networkId, engagementIds)) !== engagementIds.length)
    throw new AppError('invalid_input', { field: 'engagementIds' });
}

function stateOf(row: repo.ItemWithTopic, engagementIds: number[]): RegisterItemState {
  return {
    topic: row.topic_name,
    kind: row.kind,
    statement: JSON.parse(row.statement) as RegisterItemState['statement'],
    likelihood: row.likelihood,
    impact: row.impact,
    trend: row.trend,
    ownerStaffId: row.owner_staff_id,
    actions: row.actions,
    engagementIds,
  };
}

/** What changed between two states, field by field (nothing for a field that stayed the same). */
function diff(before: RegisterItemState | null, after: RegisterItemState): RegisterChange['changes'] {
  const changes: RegisterChange['changes'] = {};
  for (const key of Object.keys(after) as (keyof RegisterItemState)[]) {
    const from = before ? before[key] : null;
    if (JSON.stringify(from) !== JSON.stringify(after[key])) changes[key] = { from, to: after[key] };
  }
  return changes;
}

/** Writes an item's state and the change that led to it, in one transaction. */
async function save(
  deps: RegisterDeps,
  actor: Actor,
  networkId: number,
  itemId: number | null,
  state: RegisterItemState,
  why: string,
  before: RegisterItemState | null,
) {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const topic = await ensureTopic(trx, { networkId, name: state.topic, nameKey: nameKey(state.topic) }, now);
    const stored = { ...state, topic: topic.name, engagementIds: [...new Set(state.engagementIds)].sort((a, b) => a - b) };
    const columns = {
      topic_id: topic.id,
      kind: stored.kind,
      statement: JSON.stringify(stored.statement),
      likelihood: stored.likelihood,
      impact: stored.impact,
      trend: stored.trend,
      owner_staff_id: stored.ownerStaffId,
      actions: stored.actions,
      updated_at: now,
    };
    let targetId = itemId;
    if (targetId === null) targetId = (await repo.insertItem(trx, { network_id: networkId, ...columns, created_at: now })).id;
    else await repo.updateItem(trx, targetId, columns);
    await repo.replaceEngagements(trx, targetId, stored.engagementIds);
    const changes = diff(before, stored);
    if (Object.keys(changes).length > 0) {
      await repo.insertChange(trx, {
        item_id: targetId,
        at: now,
        actor_label: actor.label,
        reason: why,
        changes: JSON.stringify(changes),
        state: JSON.stringify(stored),
      });
    }
    return { id: targetId, changed: Object.keys(changes) };
  });
}

/** Adds a risk or an opportunity; a topic named for the first time is created. The creation opens its history. */
export async function createItem(deps: RegisterDeps, actor: Actor, input: unknown): Promise<RegisterItemView> {
  const data = parse(createSchema, input);
  for (const field of ['topic', 'kind', 'statement', 'likelihood', 'impact'] as const)
    if (data[field] === undefined) throw new AppError('invalid_input', { field });
  const network = await requireNetwork(deps);
  const state: RegisterItemState = {
    topic: data.topic as string,
    kind: data.kind as RegisterKind,
    statement: mergeStatement({}, data.statement),
    likelihood: data.likelihood as number,
    impact: data.impact as number,
    trend: data.trend ?? 'steady',
    ownerStaffId: data.ownerStaffId ?? null,
    actions: data.actions ?? '',
    engagementIds: data.engagementIds ?? [],
  };
  await checkState(deps, network.id, state);
  const saved = await save(deps, actor, network.id, null, state, data.reason ?? '', null);
  await recordAudit(deps, actor, 'register_item.create', `register_item:${saved.id}`, { kind: state.kind, topic: state.topic });
  return getItem(deps, saved.id);
}

/**
 * Changes the fields given, for the reason given (required: `register_reason_required`); the change is kept in
 * the item's history with who made it and when. A change that changes nothing is not recorded.
 */
export async function updateItem(deps: RegisterDeps, actor: Actor, itemId: number, input: unknown): Promise<RegisterItemView> {
  const { reason: why, ...patch } = parse(patchSchema, input);
  const current = await getItem(deps, itemId);
  if (Object.keys(patch).length === 0) throw new AppError('invalid_input', { field: 'body' });
  const because = why === undefined ? '' : cleanLine(why);
  if (!because) throw new AppError('register_reason_required');
  if (because.length > 500) throw new AppError('invalid_input', { field: 'reason' });
  const { id: _id, ownerName: _o, createdAt: _c, updatedAt: _u, ...before } = current;
  const after: RegisterItemState = { ...before, ...patch, statement: mergeStatement(before.statement, patch.statement) };
  const network = await requireNetwork(deps);
  await checkState(deps, network.id, after);
  const saved = await save(deps, actor, network.id, itemId, after, because, before);
  if (saved.changed.length) await recordAudit(deps, actor, 'register_item.update', `register_item:${itemId}`, { fields: saved.changed, reason: because });
  return getItem(deps, itemId);
}

async function views(deps: RegisterDeps, rows: repo.ItemWithTopic[]): Promise<RegisterItemView[]> {
  const [engagements, staff] = await Promise.all([
    repo.engagementIdsOf(
      deps.db,
      rows.map((r) => r.id),
    ),
    listStaff(deps.db),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return rows.map((row) => ({
    id: row.id,
    ...stateOf(row, engagements.get(row.id) ?? []),
    ownerName: row.owner_staff_id !== null ? (names.get(row.owner_staff_id) ?? null) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** One item of the current network, or `not_found`. */
export async function getItem(deps: RegisterDeps, itemId: number): Promise<RegisterItemView> {
  const network = await requireNetwork(deps);
  const row = (await repo.listItems(deps.db, network.id)).find((r) => r.id === itemId);
  if (!row) throw new AppError('not_found');
  return (await views(deps, [row]))[0] as RegisterItemView;
}

function byTopic(items: RegisterItemView[]): RegisterTopic[] {
  const topics = new Map<string, RegisterTopic>();
  for (const item of items) {
    const topic = topics.get(item.topic) ?? { name: item.topic, risks: [], opportunities: [] };
    (item.kind === 'risk' ? topic.risks : topic.opportunities).push(item);
    topics.set(item.topic, topic);
  }
  return [...topics.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The register by topic: as it stands, or as it stood at `at` (an ISO date — its end — or time): each item's
 * state after its last change by then, items not yet made left out.
 */
export async function listRegister(deps: RegisterDeps, options: { at?: string } = {}): Promise<RegisterTopic[]> {
  const network = await requireNetwork(deps);
  const rows = await repo.listItems(deps.db, network.id);
  const current = await views(deps, rows);
  if (!options.at) return byTopic(current);
  const moment = /^\d{4}-\d{2}-\d{2}$/.test(options.at) ? new Date(`${options.at}T23:59:59.999Z`) : new Date(options.at);
  if (Number.isNaN(moment.getTime())) throw new AppError('invalid_input', { field: 'at' });
  const until = moment.toISOString();
  const states = new Map((await repo.statesAt(deps.db, network.id, until)).map((c) => [c.item_id, c]));
  const then = current.flatMap((item) => {
    const change = states.get(item.id);
    if (!change) return [];
    const state = JSON.parse(change.state) as RegisterItemState;
    return [{ ...item, ...state, updatedAt: change.at }];
  });
  return byTopic(then);
}

function changeOf(row: RegisterItemChangeRow): RegisterChange {
  return { at: row.at, actor: row.actor_label, reason: row.reason, changes: JSON.parse(row.changes), state: JSON.parse(row.state) };
}

/** An item's history, oldest first: its creation, then every change. */
export async function itemHistory(deps: RegisterDeps, itemId: number): Promise<RegisterChange[]> {
  await getItem(deps, itemId);
  return (await repo.listChanges(deps.db, itemId)).map(changeOf);
}
