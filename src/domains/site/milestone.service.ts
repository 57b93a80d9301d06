import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { checkMilestoneInput, type MilestoneFields } from './milestone-input.ts';
import * as repo from './site.repository.ts';
import { requireNetwork } from './site.service.ts';
import type { MilestoneRow } from './site.table.ts';

export type MilestoneDeps = Pick<AppDeps, 'db' | 'clock'>;

/** A milestone with the resources it links to. */
export interface MilestoneView {
  row: MilestoneRow;
  resourceIds: number[];
}

/** The whole timeline in staff's order, each milestone with its resource links. */
export async function timelineForStaff(deps: MilestoneDeps): Promise<MilestoneView[]> {
  const network = await requireNetwork(deps);
  const rows = await repo.listMilestones(deps.db, network.id);
  const links = await repo.listMilestoneResources(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, resourceIds: links.filter((l) => l.milestone_id === row.id).map((l) => l.resource_id) }));
}

async function rowOf(deps: MilestoneDeps, id: number): Promise<MilestoneRow> {
  const [row, network] = await Promise.all([repo.findMilestone(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** One milestone with its resource links, or `not_found`. */
export async function getMilestone(deps: MilestoneDeps, id: number): Promise<MilestoneView> {
  const row = await rowOf(deps, id);
  const links = await repo.listMilestoneResources(deps.db, [id]);
  return { row, resourceIds: links.map((l) => l.resource_id) };
}

/** Refuses links to resources that are not the network's (`invalid_input` on `resourceIds`). */
async function checkResources(deps: MilestoneDeps, networkId: number, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await deps.db.selectFrom('resources').select('id').where('network_id', '=', networkId).where('id', 'in', ids).execute();
  if (found.length !== ids.length) throw new AppError('invalid_input', { field: 'resourceIds' });
}

function values(fields: MilestoneFields): repo.MilestoneValues {
  return { date: fields.date, end_date: fields.endDate, precision: fields.precision, title: JSON.stringify(fields.title), body: JSON.stringify(fields.body) };
}

/** The timeline's order with `id` placed before the first milestone dated after `date` (at the end if none is). */
function placedByDate(rows: MilestoneRow[], id: number, date: string): number[] {
  const others = rows.filter((r) => r.id !== id);
  const at = others.findIndex((r) => r.date > date);
  const ids = others.map((r) => r.id);
  ids.splice(at < 0 ? ids.length : at, 0, id);
  return ids;
}

const auditTitle = (fields: MilestoneFields) => fields.title.en ?? Object.values(fields.title)[0];

/** Adds a milestone at its date's place in the timeline, with its resource links; audited. */
export async function createMilestone(deps: MilestoneDeps, actor: Actor, input: unknown): Promise<MilestoneRow> {
  const fields = checkMilestoneInput(input);
  const network = await requireNetwork(deps);
  await checkResources(deps, network.id, fields.resourceIds);
  const now = deps.clock.now().toISOString();
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertMilestone(trx, network.id, values(fields), now);
    await repo.replaceMilestoneResources(trx, inserted.id, fields.resourceIds);
    const rows = await repo.listMilestones(trx, network.id);
    await repo.setMilestoneOrder(trx, rows, placedByDate(rows, inserted.id, fields.date));
    return inserted;
  });
  await recordAudit(deps, actor, 'milestone.created', `milestone:${row.id}`, { date: fields.date, title: auditTitle(fields) });
  return row;
}

/** Replaces a milestone's fields and links; a new date moves it to that date's place. Audited with what changed. */
export async function updateMilestone(deps: MilestoneDeps, actor: Actor, id: number, input: unknown): Promise<void> {
  const before = await rowOf(deps, id);
  const fields = checkMilestoneInput(input);
  await checkResources(deps, before.network_id, fields.resourceIds);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateMilestone(trx, id, values(fields), now);
    await repo.replaceMilestoneResources(trx, id, fields.resourceIds);
    if (fields.date !== before.date) {
      const rows = await repo.listMilestones(trx, before.network_id);
      await repo.setMilestoneOrder(trx, rows, placedByDate(rows, id, fields.date));
    }
  });
  await recordAudit(deps, actor, 'milestone.updated', `milestone:${id}`, {
    date: fields.date === before.date ? undefined : { from: before.date, to: fields.date },
    title: auditTitle(fields),
    resources: fields.resourceIds,
  });
}

/** Moves a milestone one place earlier or later in the timeline; audited. */
export async function moveMilestone(deps: MilestoneDeps, actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
  const row = await rowOf(deps, id);
  const moved = await deps.db.transaction().execute(async (trx) => {
    const rows = await repo.listMilestones(trx, row.network_id);
    const ids = rows.map((r) => r.id);
    const at = ids.indexOf(id);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (at < 0 || to < 0 || to >= ids.length) return false;
    [ids[at], ids[to]] = [ids[to] as number, id];
    await repo.setMilestoneOrder(trx, rows, ids);
    return true;
  });
  if (moved) await recordAudit(deps, actor, 'milestone.moved', `milestone:${id}`, { direction });
}

/** Deletes a milestone (its resource links go with it; the resources stay); the audit log keeps its title. */
export async function deleteMilestone(deps: MilestoneDeps, actor: Actor, id: number): Promise<void> {
  const row = await rowOf(deps, id);
  await repo.deleteMilestone(deps.db, id);
  await recordAudit(deps, actor, 'milestone.deleted', `milestone:${id}`, { date: row.date, title: JSON.parse(row.title) });
}
