import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../domains/audit/audit.service.ts';
import { addOrganisation } from '../domains/engagements/counterpart-organisations.service.ts';
import { createEngagement, type EngagementReader } from '../domains/engagements/engagement.service.ts';
import { type DemoDate, demoEngagements, demoOrganisations } from './demo-engagements.data.ts';

const demoActor: Actor = { staffId: null, label: 'demo' };
// The seed writes as an owner with no staff account: every rule of the service is checked, nothing is restricted.
const demoReader: EngagementReader = { actor: demoActor, staffId: null, role: 'owner' };
const dayMs = 86_400_000;

/** A demo date as YYYY-MM-DD: as written, or counted in days from `today`. */
export function demoDay(date: DemoDate, today: Date): string {
  if (typeof date === 'string') return date;
  return new Date(today.getTime() + date.daysFromNow * dayMs).toISOString().slice(0, 10);
}

/** Members from these member states to name as counterparts, government members first, at most `limit`. */
async function memberIdsFrom(db: Db, networkId: number, codes: string[], limit: number): Promise<number[]> {
  if (limit <= 0 || codes.length === 0) return [];
  const rows = await db
    .selectFrom('members')
    .select(['id', 'stakeholder_group'])
    .where('network_id', '=', networkId)
    .where('member_state', 'in', codes)
    .where('erased_at', 'is', null)
    .orderBy('id')
    .execute();
  const government = rows.filter((r) => r.stakeholder_group === 'government');
  return [...government, ...rows.filter((r) => r.stakeholder_group !== 'government')].slice(0, limit).map((r) => r.id);
}

/**
 * Seeds the demo network's counterpart organisations and engagements through the engagement service (every rule
 * checked), linked to its member states, organisations, register topics and members. Does nothing when the network
 * has engagements already. Returns how many it recorded.
 */
export async function seedDemoEngagements(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  const existing = await deps.db.selectFrom('engagements').select('id').where('network_id', '=', networkId).limit(1).executeTakeFirst();
  if (existing) return 0;
  for (const name of demoOrganisations) await addOrganisation(deps, demoActor, name);
  const today = deps.clock.now();
  for (const e of demoEngagements) {
    await createEngagement(deps, demoReader, {
      kind: e.kind,
      title: e.title,
      startDate: demoDay(e.start, today),
      endDate: e.end ? demoDay(e.end, today) : null,
      ongoing: e.status === 'ongoing' && !e.end,
      place: e.place,
      online: e.online ?? false,
      status: e.status,
      confidentiality: e.confidentiality,
      notes: e.notes,
      memberStates: e.memberStates,
      organisations: e.organisations,
      memberIds: await memberIdsFrom(deps.db, networkId, e.memberStates, e.members ?? 0),
      topics: e.topics,
      links: e.links ?? [],
      submission: e.submission
        ? {
            externalBody: e.submission.externalBody,
            consultation: e.submission.consultation,
            deadline: demoDay(e.submission.deadline, today),
            status: e.submission.status,
          }
        : null,
    });
  }
  return demoEngagements.length;
}
