import type { AppDeps } from '../app-deps.ts';
import type { Config } from '../config/config.ts';
import { lanes } from '../jobs/job-queue.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { openRuntime } from '../runtime.ts';

// `plenary worker` loads this module and what the jobs need, not the web application: a worker sending
// 100,000 messages is a process of its own, and every module it does not load is memory it does not hold.

/** Runs `stop` once on SIGTERM or SIGINT, then exits. */
export function onShutdown(stop: () => Promise<void>): Promise<void> {
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
export function startRunners(deps: AppDeps): { id: string; stop(): Promise<void> } {
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
