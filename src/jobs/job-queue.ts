import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { insertJob } from './job.repository.ts';
import type { JobRow } from './job.table.ts';

/** Lanes keep urgent mail (a confirmation, an invite) from waiting behind bulk work. */
export const lanes = { priority: 'priority', bulk: 'bulk' } as const;
export type Lane = (typeof lanes)[keyof typeof lanes];

/** What the runner tells a running job: `signal` aborts (with a JobLeaseLostError) when the worker no longer holds the job. */
export interface JobContext {
  signal: AbortSignal;
}

/**
 * What a job does: its name, the shape of its payload, and the work. Handlers must be safe to run twice,
 * and a long one should stop soon after `context.signal` aborts: another worker owns the job from then on.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  lane: Lane;
  payload: S;
  maxAttempts: number;
  /**
   * The payload holds a secret or personal data (a set-password link, an address): the runner clears it once
   * the job is finished, so only token hashes outlive the mail that carried the token.
   */
  privatePayload?: boolean;
  /**
   * At most this many jobs of this name and the same payload run at once in one runner. Copies of a job that
   * share work (an announcement's senders) then spread over the workers instead of all going to the first
   * runner that polls. Unset: no limit but the runner's concurrency.
   */
  perWorker?: number;
  run(payload: z.infer<S>, job: JobRow, context: JobContext): Promise<void>;
}

/** Declares a job with its payload type inferred from the schema. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Enqueues jobs by name after validating the payload against the job's schema. */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();

  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  /** Makes a job known to this queue (and to the runner that reads `definitions`). */
  register(definition: JobDefinition<any>): void {
    this.definitions.set(definition.name, definition);
  }

  definition(name: string): JobDefinition | undefined {
    return this.definitions.get(name);
  }

  /** Adds a job; throws if the name is unknown or the payload does not match. */
  async enqueue(name: string, payload: unknown, options: { runAt?: Date } = {}): Promise<JobRow> {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`unknown job ${name}`);
    const valid = definition.payload.parse(payload);
    const now = this.deps.clock.now();
    return insertJob(this.deps.db, { lane: definition.lane, name, payload: valid, maxAttempts: definition.maxAttempts, runAt: options.runAt ?? now }, now);
  }
}
