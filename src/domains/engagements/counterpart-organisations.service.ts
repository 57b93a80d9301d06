import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import type { EngagementDeps } from './engagement.service.ts';
import type { EngagementOrganisationRow } from './engagement.table.ts';
import { nameKey } from './engagement-input.ts';

function organisationName(input: string): string {
  const name = cleanLine(input ?? '');
  if (!name || name.length > 200) throw new AppError('invalid_input', { field: 'name' });
  return name;
}

/** The counterpart organisations of the current network, by name. */
export async function listOrganisations(deps: EngagementDeps): Promise<EngagementOrganisationRow[]> {
  return repo.listOrganisations(deps.db, (await requireNetwork(deps)).id);
}

async function organisationOf(deps: EngagementDeps, id: number): Promise<EngagementOrganisationRow> {
  const [row, network] = await Promise.all([repo.findOrganisation(deps.db, id), requireNetwork(deps)]);
  if (!row || row.network_id !== network.id) throw new AppError('not_found');
  return row;
}

/** Adds an organisation to the list; one already there under any spelling of its name is kept as it is. */
export async function addOrganisation(deps: EngagementDeps, actor: Actor, input: string): Promise<boolean> {
  const name = organisationName(input);
  const network = await requireNetwork(deps);
  const added = await repo.insertOrganisation(deps.db, { networkId: network.id, name, nameKey: nameKey(name) }, deps.clock.now().toISOString());
  if (added) await recordAudit(deps, actor, 'engagement_organisation.create', null, { name });
  return added;
}

/** Renames an organisation (its engagements follow); the name of another one in the list is refused. */
export async function renameOrganisation(deps: EngagementDeps, actor: Actor, id: number, input: string): Promise<void> {
  const row = await organisationOf(deps, id);
  const name = organisationName(input);
  const clash = (await repo.listOrganisations(deps.db, row.network_id)).find((o) => o.id !== id && o.name_key === nameKey(name));
  if (clash) throw new AppError('invalid_input', { field: 'name' });
  await repo.renameOrganisation(deps.db, id, name, nameKey(name));
  await recordAudit(deps, actor, 'engagement_organisation.rename', `engagement_organisation:${id}`, { from: row.name, to: name });
}

/** Deletes an organisation no engagement names; one in use is refused with how many engagements name it. */
export async function deleteOrganisation(deps: EngagementDeps, actor: Actor, id: number): Promise<void> {
  const row = await organisationOf(deps, id);
  const uses = await repo.countOrganisationUses(deps.db, id);
  if (uses > 0) throw new AppError('engagement_organisation_in_use', { name: row.name, count: uses });
  await repo.deleteOrganisation(deps.db, id);
  await recordAudit(deps, actor, 'engagement_organisation.delete', `engagement_organisation:${id}`, { name: row.name });
}

/** An organisation of the current network and how many engagements name it (the step before deleting it). */
export async function organisationForDeletion(deps: EngagementDeps, id: number): Promise<{ organisation: EngagementOrganisationRow; uses: number }> {
  const organisation = await organisationOf(deps, id);
  return { organisation, uses: await repo.countOrganisationUses(deps.db, id) };
}
