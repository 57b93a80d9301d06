import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Db, Dialect } from '../db/database.ts';
import { completeJob, failJob, type JobKey, leaseNextJob, renewJobLease } from './job.repository.ts';
import type { JobRow } from './job.table.ts';
import type { JobQueue } from './job-queue.ts';

export interface RunnerOptions {
  lanes?: readonly string[];
  concurrency?: number;
  /** How long a job stays leased without a heartbeat; after a crash, how long until another worker takes it. */
  leaseMs?: number;
  /** How often a running job's lease is renewed (a quarter of the lease by default). */
  heartbeatMs?: number;
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

/** The lease of a job unless renewed: short, so a killed worker's jobs are taken over within seconds. */
export const defaultJobLeaseMs = 20_000;

/**
 * Leases jobs from the database and runs them. Several runners (in one process or many) can share
 * the table. A running job's lease is renewed by a heartbeat, so a long job keeps it however long it
 * runs while a dead worker's jobs are free again one lease after its last heartbeat. `stop()` stops
 * leasing and waits for running jobs to finish: SIGTERM calls it.
 */
export class JobRunner {
  readonly workerId: string;
  private readonly options: Required<Omit<RunnerOptions, 'workerId' | 'log'>>;
  private readonly log: (line: string) => void;
  private running = new Set<Promise<void>>();
  /** Running jobs whose definition sets `perWorker`, by name and payload. */
  private readonly runningCopies = new Map<string, { key: JobKey; count: number; limit: number }>();
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
      leaseMs: options.leaseMs ?? defaultJobLeaseMs,
      heartbeatMs: options.heartbeatMs ?? (options.leaseMs ?? defaultJobLeaseMs) / 4,
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
    const full = [...this.runningCopies.values()].filter((c) => c.count >= c.limit).map((c) => c.key);
    return leaseNextJob(this.deps.db, this.deps.dialect, this.options.lanes, this.workerId, now, new Date(now.getTime() + this.options.leaseMs), full);
  }

  /** Counts `job` among the running copies of its name and payload while it runs; returns the release. */
  private countCopy(job: JobRow, limit: number | undefined): () => void {
    if (limit === undefined) return () => {};
    const id = `${job.name}\u0000${job.payload}`;
    const copies = this.runningCopies.get(id) ?? { key: { name: job.name, payload: job.payload }, count: 0, limit };
    copies.count++;
    this.runningCopies.set(id, copies);
    return () => {
      if (--copies.count === 0) this.runningCopies.delete(id);
    };
  }

  /**
   * Renews the lease of `job` every `heartbeatMs` while it runs. The signal aborts when another worker holds
   * the job (the update finds it no longer ours), or when renewing failed until the lease ran out.
   */
  private heartbeat(job: JobRow): { signal: AbortSignal; stop(): void } {
    const { db, clock } = this.deps;
    const controller = new AbortController();
    let heldUntil = job.locked_until ? Date.parse(job.locked_until) : 0;
    let beating = false;
    const beat = async () => {
      if (beating || controller.signal.aborted) return;
      beating = true;
      const now = clock.now();
      try {
        const until = new Date(now.getTime() + this.options.leaseMs);
        if (await renewJobLease(db, job.id, this.workerId, now, until)) heldUntil = until.getTime();
        else controller.abort(new JobLeaseLostError(job.id));
      } catch (error) {
        this.log(`job ${job.id} heartbeat failed: ${(error as Error).message}`);
        if (clock.now().getTime() >= heldUntil) controller.abort(new JobLeaseLostError(job.id));
      } finally {
        beating = false;
      }
    };
    const timer = setInterval(() => void beat(), this.options.heartbeatMs);
    timer.unref(); // the job's own work keeps the process alive, not its heartbeat
    return { signal: controller.signal, stop: () => clearInterval(timer) };
  }

  private async execute(job: JobRow): Promise<void> {
    const { db, clock, queue } = this.deps;
    const definition = queue.definition(job.name);
    // Counted before the first await, so the next lease of the poll loop already knows this copy runs.
    const releaseCopy = this.countCopy(job, definition?.perWorker);
    const lease = this.heartbeat(job);
    try {
      if (!definition) throw new PermanentJobError(`no handler for job ${job.name}`);
      if (job.attempts > job.max_attempts) throw new PermanentJobError('gave up: the job outlived its attempts (its workers stopped mid-run)');
      const payload = definition.payload.safeParse(JSON.parse(job.payload));
      if (!payload.success) throw new PermanentJobError(`invalid payload: ${payload.error.message}`);
      await definition.run(payload.data, job, { signal: lease.signal });
      // The worker that holds the job now decides its fate.
      if (lease.signal.aborted) this.log(`job ${job.id} ${job.name} stopped: its lease was lost`);
      else await completeJob(db, job.id, this.workerId, clock.now(), definition.privatePayload);
    } catch (error) {
      if (lease.signal.aborted) {
        this.log(`job ${job.id} ${job.name} stopped: its lease was lost (${(error as Error).message})`);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      // Errors may say themselves that retrying cannot help (a DeliveryError for a 5xx reply does).
      const permanent = error instanceof PermanentJobError || (error as { permanent?: unknown }).permanent === true || job.attempts >= job.max_attempts;
      const retryAt = permanent ? null : new Date(clock.now().getTime() + backoffDelay(job.attempts, this.options.backoffMs, this.options.maxBackoffMs));
      await failJob(db, job.id, this.workerId, message, retryAt, clock.now(), definition?.privatePayload);
      this.log(`job ${job.id} ${job.name} ${permanent ? 'failed' : 'will retry'}: ${message}`);
    } finally {
      lease.stop();
      releaseCopy();
    }
  }
}

/** The reason a job's signal aborts: its lease passed to another worker (or could not be renewed in time). */
export class JobLeaseLostError extends Error {
  override name = 'JobLeaseLostError';
  constructor(readonly jobId: number) {
    super(`job ${jobId}: the lease was lost to another worker`);
  }
}

/** Thrown by a job handler when retrying cannot help (bad data, a 5xx reply). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
