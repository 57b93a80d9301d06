import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import type { AppDeps } from '../app-deps.ts';
import type { Config } from '../config/config.ts';
import { seedDemoBriefings } from '../demo/demo-briefings.ts';
import { seedDemoEvents } from '../demo/demo-events.ts';
import { seedDemoMembers } from '../demo/demo-members.ts';
import { seedDemoNetwork } from '../demo/demo-network.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { listStaff } from '../domains/auth/auth.repository.ts';
import { createStaffAccount } from '../domains/auth/auth.service.ts';
import { startMxServer } from '../domains/bounces/mx-server.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { ensureNetwork } from '../domains/site/site.service.ts';
import { openRuntime } from '../runtime.ts';
import { onShutdown, startRunners } from './worker.ts';

export const demoOwnerEmail = 'owner@demo.plenary.example';

/** Seeds the demo network on the first start and returns the demo owner's new password (null afterwards). */
async function seedDemo(deps: AppDeps): Promise<string | null> {
  if (!(await seedDemoNetwork(deps))) return null;
  const network = await findCurrentNetwork(deps.db);
  if (network) {
    await seedDemoMembers(deps, network.id);
    await seedDemoEvents(deps, network.id);
    await seedDemoBriefings(deps, network.id);
  }
  if ((await listStaff(deps.db)).length > 0) return null;
  const password = randomBytes(12).toString('base64url');
  await createStaffAccount(deps, cliActor, { email: demoOwnerEmail, name: 'Demo Owner', role: 'owner', password });
  return password;
}

/** `plenary serve` and `plenary demo`: the web app, with the worker in process unless WORKER_IN_PROCESS=false. */
export async function serve(config: Config, options: { demo: boolean }): Promise<void> {
  const runtime = await openRuntime(config);
  const { deps } = runtime;
  const demoPassword = options.demo ? await seedDemo(deps) : null;
  await ensureNetwork(deps, config.networkName);
  // The demo's terminal shows its sign-in details, so no line per request there; errors are logged all the same.
  const app = await buildApp(deps, { requestLogging: !options.demo });
  await app.listen({ port: config.port, host: config.host });
  const runner = config.workerInProcess ? startRunners(deps) : null;
  const mx = options.demo ? await startDemoMx(deps, config) : null;

  const out = process.stdout;
  out.write(`Plenary is running at ${config.publicUrl}/ (${runtime.handle.description})\n`);
  if (mx) out.write(`Plenary mx is receiving mail for ${config.bounceDomain} on port ${mx.port}\n`);
  if (demoPassword) {
    out.write(`Staff sign-in: ${config.publicUrl}/admin/login\n  email:    ${demoOwnerEmail}\n  password: ${demoPassword}\n`);
    out.write('This password is shown once; keep it.\n');
  } else if ((await listStaff(deps.db)).length === 0) {
    out.write('No staff account yet: create one with `npx plenary admin create --email you@example.org --name "Your Name" --role owner`.\n');
  }

  await onShutdown(async () => {
    await app.close();
    await mx?.close();
    await runner?.stop();
    await runtime.close();
  });
}

/** The demo runs the bounce receiver too; a taken MX_PORT is a warning there, not a reason to stop. */
async function startDemoMx(deps: AppDeps, config: Config) {
  const log = (line: string) => process.stderr.write(`plenary mx: ${line}\n`);
  try {
    return await startMxServer({ ...deps, log }, { port: config.mxPort, host: config.host });
  } catch (error) {
    log(`not started on port ${config.mxPort}: ${(error as Error).message}`);
    return null;
  }
}
