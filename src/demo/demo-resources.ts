import { cliActor } from '../domains/audit/audit.service.ts';
import { ensureTopic } from '../domains/engagements/engagement.repository.ts';
import { nameKey } from '../domains/engagements/engagement-input.ts';
import { searchable } from '../domains/members/member-record.ts';
import * as repo from '../domains/resources/resource.repository.ts';
import { checkResourceInput } from '../domains/resources/resource-input.ts';
import type { SiteDeps } from '../domains/site/site.service.ts';
import { demoResources } from './demo-resources.data.ts';

/** Seeds the demo library (published, in six languages, linked to the timeline's milestones), checked like staff's input. */
export async function seedDemoResources(deps: SiteDeps, networkId: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  const milestones = await deps.db.selectFrom('milestones').select(['id', 'date']).where('network_id', '=', networkId).execute();
  await deps.db.transaction().execute(async (trx) => {
    for (const demo of demoResources) {
      const versions = Object.fromEntries(
        Object.entries(demo.title).map(([l, title]) => [l, { title, summary: demo.summary[l as 'en'], body: demo.body[l as 'en'] }]),
      );
      const fields = checkResourceInput({ kind: demo.kind, status: 'published', sourceLocale: 'en', topics: demo.topics, versions });
      const row = await repo.insertResource(trx, {
        network_id: networkId,
        kind: fields.kind,
        status: 'published',
        source_locale: 'en',
        external_url: null,
        file_key: null,
        file_name: null,
        file_type: null,
        file_size: null,
        submitted_to: null,
        submitted_on: null,
        published_at: now,
        created_by: cliActor.label,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceVersions(
        trx,
        row.id,
        Object.entries(fields.versions).map(([locale, v]) => ({ locale, ...v, search_text: searchable(v.title, v.summary, v.body), updated_at: now })),
      );
      const topics = [];
      for (const name of fields.topics) topics.push((await ensureTopic(trx, { networkId, name, nameKey: nameKey(name) }, now)).id);
      await repo.replaceTopics(trx, row.id, [...new Set(topics)]);
      const linked = milestones.filter((m) => demo.milestoneDates.includes(m.date));
      await repo.linkMilestones(
        trx,
        row.id,
        linked.map((m) => m.id),
      );
    }
  });
}
