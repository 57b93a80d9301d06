import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db, Dialect } from '../db/database.ts';
import { completeJob, failJob, leaseNextJob } from './job.repository.ts';
import type { JobRow } from './job.table.ts';
import type { JobQueue } from './job-queue.ts';

export interface RunnerOptions {
  lanes?: readonly string[];
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  /** First retry delay; each later attempt doubles it, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  workerId?: string;
  log?: (line: string) => void;
}

/** Delay before retry number `attempt` (1-based): exponential, capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Leases jobs from the database and runs them. Several runners (in one process or many) can share
 * the table. `stop()` stops leasing and waits for running jobs to finish: SIGTERM calls it.
 */
export class JobRunner {
  readonly workerId: string;
  private readonly options: Required<Omit<RunnerOptions, 'workerId' | 'log'>>;
  private readonly log: (line: string) => void;
  private running = new Set<Promise<void>>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly deps: { db: Db; dialect: Dialect; clock: Clock; queue: JobQueue },
    options: RunnerOptions = {},
  ) {
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
    this.log = options.log ?? (() => {});
    this.options = {
      lanes: options.lanes ?? ['priority', 'bulk'],
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 5 * 60_000,
      pollMs: options.pollMs ?? 500,
      backoffMs: options.backoffMs ?? 10_000,
      maxBackoffMs: options.maxBackoffMs ?? 60 * 60_000,
    };
  }

  /** Starts polling in the background. */
  start(): void {
    this.stopping = false;
    this.loop ??= this.pollLoop();
  }

  /** Stops leasing new jobs and resolves when the jobs in hand have finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await Promise.allSettled([...this.running]);
  }

  /** Leases and runs one job if one is ready; returns whether it did. Tests drive the runner with it. */
  async runOnce(): Promise<boolean> {
    const job = await this.lease();
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      let leased = false;
      try {
        while (!this.stopping && this.running.size < this.options.concurrency) {
          const job = await this.lease();
          if (!job) break;
          leased = true;
          const task = this.execute(job).finally(() => {
            this.running.delete(task);
            this.wake?.();
          });
          this.running.add(task);
        }
      } catch (error) {
        this.log(`job lease failed: ${(error as Error).message}`);
      }
      if (!this.stopping && !leased) await this.sleep(this.options.pollMs);
      else if (this.running.size >= this.options.concurrency) await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private lease(): Promise<JobRow | undefined> {
    const now = this.deps.clock.now();
    return leaseNextJob(this.deps.db, this.deps.dialect, this.options.lanes, this.workerId, now, new Date(now.getTime() + this.options.leaseMs));
  }

  private async execute(job: JobRow): Promise<void> {
    const { db, clock, queue } = this.deps;
    const definition = queue.definition(job.name);
    try {
      if (!definition) throw new PermanentJobError(`no handler for job ${job.name}`);
      if (job.attempts > job.max_attempts) throw new PermanentJobError('gave up: the job outlived its attempts (its workers stopped mid-run)');
      const payload = definition.payload.safeParse(JSON.parse(job.payload));
      if (!payload.success) throw new PermanentJobError(`invalid payload: ${payload.error.message}`);
      await definition.run(payload.data, job);
      await completeJob(db, job.id, this.workerId, clock.now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Errors may say themselves that retrying cannot help (a DeliveryError for a 5xx reply does).
      const permanent = error instanceof PermanentJobError || (error as { permanent?: unknown }).permanent === true || job.attempts >= job.max_attempts;
      const retryAt = permanent ? null : new Date(clock.now().getTime() + backoffDelay(job.attempts, this.options.backoffMs, this.options.maxBackoffMs));
      await failJob(db, job.id, this.workerId, message, retryAt, clock.now());
      this.log(`job ${job.id} ${job.name} ${permanent ? 'failed' : 'will retry'}: ${message}`);
    }
  }
}

/** Thrown by a job handler when retrying cannot help (bad data, a 5xx reply). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
