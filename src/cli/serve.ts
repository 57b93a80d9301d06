import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.ts';
import type { AppDeps } from '../app-deps.ts';
import type { Config } from '../config/config.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import { listStaff } from '../domains/auth/auth.repository.ts';
import { createStaffAccount } from '../domains/auth/auth.service.ts';
import { startMxServer } from '../domains/bounces/mx-server.ts';
import { seedDemoMembers } from '../domains/members/demo-members.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { ensureNetwork, seedDemoNetwork } from '../domains/site/site.service.ts';
import { lanes } from '../jobs/job-queue.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { openRuntime } from '../runtime.ts';

export const demoOwnerEmail = 'owner@demo.plenary.example';

/** Runs `stop` once on SIGTERM or SIGINT, then exits. */
function onShutdown(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`plenary: ${signal} received, finishing work in hand…\n`);
      await stop();
      resolve();
    };
    process.once('SIGTERM', () => void handler('SIGTERM'));
    process.once('SIGINT', () => void handler('SIGINT'));
  });
}

/**
 * One runner per lane, so a confirmation email (priority) never waits behind an announcement or an
 * import (bulk) that occupies every slot of the other runner.
 */
function startRunners(deps: AppDeps): { id: string; stop(): Promise<void> } {
  const log = (line: string) => process.stderr.write(`plenary worker: ${line}\n`);
  const runners = [lanes.priority, lanes.bulk].map(
    (lane) =>
      new JobRunner(
        { db: deps.db, dialect: deps.dialect, clock: deps.clock, queue: deps.queue },
        { lanes: [lane], concurrency: deps.config.workerConcurrency, leaseMs: deps.config.jobLeaseMs, log },
      ),
  );
  for (const runner of runners) runner.start();
  return { id: runners.map((r) => r.workerId).join(', '), stop: async () => void (await Promise.all(runners.map((r) => r.stop()))) };
}

/** Seeds the demo network on the first start and returns the demo owner's new password (null afterwards). */
async function seedDemo(deps: AppDeps): Promise<string | null> {
  if (!(await seedDemoNetwork(deps))) return null;
  const network = await findCurrentNetwork(deps.db);
  if (network) await seedDemoMembers(deps, network.id);
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
  const app = await buildApp(deps, { logger: config.logLevel !== 'silent' && !options.demo });
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

/** `plenary worker`: runs jobs until SIGTERM, then finishes the ones in hand. */
export async function worker(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const runner = startRunners(runtime.deps);
  process.stdout.write(`Plenary worker ${runner.id} is running (${runtime.handle.description})\n`);
  await onShutdown(async () => {
    await runner.stop();
    await runtime.close();
  });
}
