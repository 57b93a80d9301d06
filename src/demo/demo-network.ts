import * as site from '../domains/site/site.repository.ts';
import type { SiteDeps } from '../domains/site/site.service.ts';
import { demoMilestones, demoNetwork } from './demo-network.data.ts';
import { seedDemoRegister } from './demo-register.ts';
import { seedDemoResources } from './demo-resources.ts';

/** Seeds the demo network, its real WSIS timeline, its risk/opportunity register and its library; does nothing if a network exists. Returns whether it seeded. */
export async function seedDemoNetwork(deps: SiteDeps): Promise<boolean> {
  if (await site.findCurrentNetwork(deps.db)) return false;
  const now = deps.clock.now();
  const network = await site.insertNetwork(
    deps.db,
    {
      slug: demoNetwork.slug,
      name: JSON.stringify(demoNetwork.name),
      purpose: JSON.stringify(demoNetwork.purpose),
      joinCall: JSON.stringify(demoNetwork.joinCall),
      defaultLocale: 'en',
    },
    now,
  );
  await site.insertMilestones(
    deps.db,
    network.id,
    demoMilestones.map((m) => ({
      date: m.date,
      endDate: m.endDate ?? null,
      precision: m.precision,
      title: JSON.stringify(m.title),
      body: JSON.stringify(m.body),
    })),
    now,
  );
  await seedDemoRegister(deps);
  await seedDemoResources(deps, network.id);
  return true;
}
